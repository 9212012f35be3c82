"""The real site under outages: gunicorn with production's settings, on a PostgreSQL cluster and
a Redis of its own (tests/production/private_services.py), each stopped and started again while
the site serves.

- Redis down: the public pages still answer 200 (the cache falls back to each process's own,
  marketplace.core.cache), /readyz answers 503; when Redis is back, /readyz is 200 again.
- PostgreSQL down: every page answers the designed 503 page with Retry-After, never a 500 or a
  traceback (marketplace.core.unavailable); when it is back, the pages answer 200 again.

The private cluster gets the test database's migrated schema (pg_dump, seconds where migrating
takes a minute), so these run on the PostgreSQL run of the suite only."""

import http.client
import os
import re
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.production.private_services import POSTGRES_BIN, PrivatePostgres, PrivateRedis, free_port, wait_for_port

# django_db: pytest-django only creates the test database (copied below) for tests that ask for it.
pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

ROOT = Path(__file__).resolve().parents[2]
PASSED_THROUGH = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")
RECOVERY_SECONDS = 15


class Site:
    def __init__(self, port: int):
        self.port = port

    def get(self, path: str) -> tuple[int, dict, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        try:
            connection.request("GET", path, headers={"Host": "127.0.0.1"})
            response = connection.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read().decode()
        finally:
            connection.close()

    def statuses(self, paths: dict[str, str]) -> dict[str, int]:
        return {name: self.get(path)[0] for name, path in paths.items()}

    def wait_until(self, paths: dict[str, str], expected: dict[str, int]) -> float:
        """Seconds until every page answers as expected (the site recovers by itself)."""
        start = time.monotonic()
        while (answers := self.statuses(paths)) != expected:
            if time.monotonic() - start > RECOVERY_SECONDS:
                raise AssertionError(f"not recovered after {RECOVERY_SECONDS} s: {answers}")
            time.sleep(0.25)
        return time.monotonic() - start


def _run(args, env):
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)  # noqa: S603
    assert done.returncode == 0, f"{args[:3]} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"


@pytest.fixture(scope="module")
def outage_site(django_db_setup, django_db_blocker, tmp_path_factory):
    from django.db import connection

    folder = tmp_path_factory.mktemp("outage-site")
    postgres = PrivatePostgres()
    redis = PrivateRedis()
    server = None
    try:
        postgres.start()
        redis.start()
        # The migrated test database (its rows from migrations only: tests roll theirs back).
        test_db = connection.settings_dict
        dump = folder / "schema.dump"
        _run([POSTGRES_BIN / "pg_dump", "-Fc", "--no-owner", "-h", test_db["HOST"] or "127.0.0.1",
              "-p", str(test_db["PORT"] or 5432), "-U", test_db["USER"] or "postgres", "-f", dump, test_db["NAME"]],
             env=dict(os.environ))
        _run([POSTGRES_BIN / "createdb", "-h", "127.0.0.1", "-p", str(postgres.port), "-U", "postgres", "valund"],
             env=dict(os.environ))
        _run([POSTGRES_BIN / "pg_restore", "--no-owner", "-h", "127.0.0.1", "-p", str(postgres.port),
              "-U", "postgres", "-d", "valund", dump], env=dict(os.environ))

        port = free_port()
        env = {name: os.environ[name] for name in PASSED_THROUGH if name in os.environ}
        env.update({
            "DJANGO_SETTINGS_MODULE": "tests.production.outage_settings",
            "SECRET_KEY": secrets.token_urlsafe(48),
            "DEBUG": "0",
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "SITE_URL": f"http://127.0.0.1:{port}",
            "DATABASE_URL": postgres.url("valund"),
            "REDIS_URL": redis.url,
            "MEDIA_ROOT": str(folder / "media"),
            "PRIVATE_MEDIA_ROOT": str(folder / "private"),
            "PROMETHEUS_MULTIPROC_DIR": str(folder / "prometheus"),
            "LOG_FORMAT": "plain",
        })
        (folder / "prometheus").mkdir()
        _run([sys.executable, "manage.py", "seed_demo", "--freelancers", "3", "--clients", "1", "--force", "--quiet"],
             env=env)
        log = (folder / "server.log").open("w")
        server = subprocess.Popen(  # noqa: S603 - our own interpreter, arguments written here
            [sys.executable, "-m", "gunicorn", "valund.wsgi", "-c", "gunicorn.conf.py",
             "--bind", f"127.0.0.1:{port}", "--workers", "1", "--timeout", "30"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
        wait_for_port(port, up=True, seconds=60)
        site = Site(port)
        status, _, directory = site.get("/en/freelancers/")
        assert status == 200, directory[-2000:]
        # a result card
        profile = re.search(r'class="card__link" href="(/en/freelancers/[^/"?]+/)"', directory).group(1)
        site.pages = {
            "home": "/en/", "directory": "/en/freelancers/", "profile": profile, "search": "/en/freelancers/?q=a",
            "login": "/accounts/login/",
        }
        site.postgres, site.redis, site.log = postgres, redis, folder / "server.log"
        yield site
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        redis.remove()
        postgres.remove()


def test_a_redis_outage_leaves_the_site_up(outage_site):
    site = outage_site
    every_page_ok = dict.fromkeys(site.pages, 200)
    assert site.statuses(site.pages) == every_page_ok

    site.redis.stop()
    try:
        assert site.statuses(site.pages) == every_page_ok
        assert site.statuses(site.pages) == every_page_ok
        status, _, body = site.get("/readyz")
        assert status == 503 and '"cache": {"ok": false' in body
    finally:
        site.redis.start()

    recovered_in = site.wait_until({**site.pages, "ready": "/readyz"}, {**every_page_ok, "ready": 200})
    print(f"Redis outage: ready again {recovered_in:.1f} s after Redis was back")


def test_a_database_outage_serves_cached_pages_and_the_designed_503_page(outage_site):
    site = outage_site
    every_page_ok = dict.fromkeys(site.pages, 200)
    assert site.statuses(site.pages) == every_page_ok

    site.postgres.stop()
    try:
        for name, path in site.pages.items():
            status, headers, body = site.get(path)
            if name == "login":
                assert status == 200  # the form needs no database; signing in would answer 503
                continue
            # Visitors' pages seen before the outage come from the page cache (in Redis here).
            assert status == 200 and headers.get("x-page-cache") in {"hit", "stale"}, (name, status)
        # A page nobody has asked for yet needs the database: the designed 503.
        for path in ("/en/freelancers/?q=electrician", "/en/freelancers/?q=welder+stockholm"):
            status, headers, body = site.get(path)
            assert status == 503, (path, status)
            assert headers["retry-after"] == "30"
            assert "Valund is back in a moment" in body and 'class="site-header"' in body
            assert "Traceback" not in body and "OperationalError" not in body and "psycopg" not in body
        assert site.get("/readyz")[0] == 503
        assert site.get("/healthz")[0] == 200  # the process is alive: no restart needed
    finally:
        site.postgres.start()

    recovered_in = site.wait_until(site.pages, every_page_ok)
    print(f"PostgreSQL outage: pages back {recovered_in:.1f} s after PostgreSQL was")
