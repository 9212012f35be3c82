"""What load.py runs against: the _bench database (seeded when missing or empty), a Redis
database of its own, and gunicorn started as the Procfile's web process with the production
settings on a free loopback port."""

import asyncio
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.database import ROOT, UNLIMITED_RATE, database_name, holds_rows, recreate_postgres, require_postgres
from benchmarks.load_client import HttpClient

OWNER_KEY = "valund-load-benchmark:owner"  # marks the Redis database as this script's own


def prepare_database(args) -> None:
    """Create, migrate and seed the database unless it holds profiles; it is kept for the next run."""
    require_postgres(args.database_url, "The load test")
    if holds_rows(args.database_url, "accounts_profile"):
        return
    name = database_name(args.database_url)
    if not args.seed_freelancers:
        sys.exit(f"{name} is missing or not seeded: pass --seed-freelancers N to seed it.")
    recreate_postgres(args.database_url)  # refuses a name that does not end in "_bench"
    env = {**os.environ, "DATABASE_URL": args.database_url, "DJANGO_SETTINGS_MODULE": "valund.settings.base",
           "DEBUG": "0"}
    started = time.perf_counter()
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True, cwd=ROOT)  # noqa: S603
    seed = ["seed_demo", "--freelancers", str(args.seed_freelancers),
            "--clients", str(max(15, args.seed_freelancers // 100)), "--documents", "--force", "--quiet"]
    subprocess.run([*manage, *seed], env=env, check=True, cwd=ROOT)  # noqa: S603
    print(f"Seeded {name} with {args.seed_freelancers:,} freelancers "
          f"in {time.perf_counter() - started:.0f} s")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_environment(args, port: int) -> dict[str, str]:
    """The production settings on plain HTTP on loopback, with the rate limits lifted and every
    outside service switched off."""
    env = {
        "DJANGO_SETTINGS_MODULE": "valund.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "RATE_LIMIT_SEARCH": UNLIMITED_RATE,
        "RATE_LIMIT_VERIFICATION": UNLIMITED_RATE,
        "PROMETHEUS_MULTIPROC_DIR": tempfile.mkdtemp(prefix="valund-load-prometheus-"),
    }
    for name in ("METRICS_TOKEN", "METRICS_ALLOWED_IPS", "SENTRY_DSN", "EMAIL_HOST", "STRIPE_SECRET_KEY",
                 "AWS_STORAGE_BUCKET_NAME", "AWS_PRIVATE_BUCKET_NAME", "DATABASE_PGBOUNCER"):
        env[name] = ""
    return env


def claim_redis(url: str) -> None:
    """The Redis database must be empty or left by an earlier run of this script."""
    import redis

    client = redis.Redis.from_url(url)
    keys = client.dbsize()
    if keys and not client.exists(OWNER_KEY):
        sys.exit(f"{url} holds {keys} keys that are not this benchmark's: choose another --redis-url database.")
    client.flushdb()
    client.set(OWNER_KEY, "1")


def release_redis(url: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    if client.exists(OWNER_KEY):
        client.flushdb()


def check_migrations() -> None:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        names = ", ".join(f"{migration.app_label}.{migration.name}" for migration, _backwards in plan[:5])
        sys.exit(f"The database lacks {len(plan)} migration(s) ({names}…): run migrate on it first.")


def collect_static() -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "valund.settings.base"}
    started = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v0"],  # noqa: S603
                   env=env, check=True, cwd=ROOT)
    print(f"collectstatic (valund.settings.base, into staticfiles/): {time.perf_counter() - started:.1f} s")


def start_server(args, env: dict[str, str], port: int, logs: Path) -> subprocess.Popen:
    gunicorn = Path(sys.executable).parent / "gunicorn"
    command = [str(gunicorn), "valund.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers),
               "--access-logfile", str(logs / "access.log"), "--error-logfile", str(logs / "error.log")]
    output = open(logs / "output.log", "wb")  # the server's stdout and stderr for its lifetime
    # cwd: gunicorn reads ./gunicorn.conf.py there, as the Procfile's web process does.
    process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env}, stdout=output,  # noqa: S603
                               stderr=subprocess.STDOUT, start_new_session=True)
    started = time.perf_counter()
    while time.perf_counter() - started < 120:
        if process.poll() is not None:
            sys.exit(f"gunicorn stopped (exit {process.returncode}); see {logs}")
        try:
            status, *_ = asyncio.run(HttpClient(port).get("/readyz", {}))
            if status == 200:
                print(f"gunicorn: {args.workers} workers on 127.0.0.1:{port}, ready in "
                      f"{time.perf_counter() - started:.1f} s (/readyz); logs in {logs}")
                return process
        except OSError:
            pass
        time.sleep(0.5)
    stop_server(process)
    sys.exit(f"gunicorn did not answer /readyz within 120 s; see {logs}")


def stop_server(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
