"""/healthz, /readyz and scripts/health-check.sh against real services: the test database, and a
database that is not there (nothing listens on its port), so "not ready" is a real failure.

The production cases run in a fresh interpreter with exactly the environment they name (through
tests/settings_runner.py), pointed at a copy of the test database (SQLite) or at the test
database itself (PostgreSQL), where the migrations are applied."""

import json
import os
import sqlite3
import subprocess
import sys

import pytest
from django.db import connection

from tests.settings_runner import PASSED_THROUGH, PRODUCTION, ROOT, run

pytestmark = pytest.mark.django_db

# Nothing listens on port 1: connecting fails at once, like a stopped server.
STOPPED_DATABASE = "postgres://valund@127.0.0.1:1/valund"
GOOD_STRIPE = {"STRIPE_SECRET_KEY": "sk_test_51abcDEF", "STRIPE_PUBLISHABLE_KEY": "pk_test_51abcDEF",
               "STRIPE_WEBHOOK_SECRET": "whsec_abc123"}

READYZ = """
import json
import django
django.setup()
from django.test import Client

# A load balancer asks by address, over plain HTTP: no allowed host, no HTTPS.
response = Client().get("/readyz", HTTP_HOST="10.0.0.5:8000")
print(json.dumps([response.status_code, json.loads(response.content)]))
"""


@pytest.fixture
def migrated_database_url(tmp_path):
    """A URL another process can open, of a database where every migration is applied."""
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        # A dump through the test's own connection: sqlite3's backup() would wait forever for
        # the lock of the transaction the test runs in.
        connection.ensure_connection()
        copy = tmp_path / "migrated.sqlite3"
        target = sqlite3.connect(copy)
        target.executescript("\n".join(connection.connection.iterdump()))
        target.close()
        return f"sqlite:///{copy}"
    user = settings_dict["USER"] or "postgres"
    password = f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else ""
    host = settings_dict["HOST"] or "127.0.0.1"
    port = settings_dict["PORT"] or 5432
    return f"postgres://{user}{password}@{host}:{port}/{settings_dict['NAME']}"


@pytest.fixture
def production_env(tmp_path, migrated_database_url):
    """Production as a single server without Redis would run it, with its own folders."""
    env = {name: value for name, value in PRODUCTION.items() if name != "REDIS_URL"}
    return {
        **env,
        "DATABASE_URL": migrated_database_url,
        "VALUND_ALLOW_LOCAL_CACHE": "1",
        "SITE_URL": "https://valund.example",
        "EMAIL_HOST": "smtp.valund.example",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
        "VALUND_VAR_DIR": str(tmp_path / "var"),
    }


def readyz(env):
    result = run(["-c", READYZ], env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def health_check_script(env, *args):
    full_env = {name: value for name, value in os.environ.items() if name in PASSED_THROUGH}
    # The script checks the environment the suite itself runs in (.venv, or CI's .ci/.venv).
    full_env.setdefault("VALUND_VENV", sys.prefix)
    full_env.update(env)
    return subprocess.run(  # noqa: S603 - our own script
        [str(ROOT / "scripts" / "health-check.sh"), *args], cwd=ROOT, env=full_env, capture_output=True, text=True,
        timeout=180,
    )


def test_healthz_answers_without_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz", HTTP_HOST="10.0.0.5:8000")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_readyz_reports_each_service_with_its_time(client):
    response = client.get("/readyz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "storage", "queue"}
    for name, check in body["checks"].items():
        assert check["ok"] is True, name
        assert isinstance(check["ms"], float | int) and check["ms"] >= 0


def test_readyz_in_production_is_ready_with_every_service_up(production_env):
    status, body = readyz(production_env)

    assert status == 200, body
    assert all(check["ok"] for check in body["checks"].values())


def test_readyz_reports_a_stopped_database_as_not_ready(production_env):
    status, body = readyz({**production_env, "DATABASE_URL": STOPPED_DATABASE})

    assert status == 503
    assert body["status"] == "fail"
    assert body["checks"]["database"]["ok"] is False
    assert body["checks"]["database"]["error"] == "OperationalError"
    # The rest still answer, and nothing says where the database is.
    assert all(body["checks"][name]["ok"] for name in ("cache", "storage", "queue"))
    assert "127.0.0.1" not in json.dumps(body)


def test_health_check_passes_on_a_good_configuration(production_env):
    result = health_check_script({**production_env, **GOOD_STRIPE})

    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok       database" in result.stdout
    assert "ok       migrations: all applied" in result.stdout
    assert "ok       Stripe: test keys" in result.stdout
    assert "WARNING  REDIS_URL" in result.stdout
    assert "Health check passed." in result.stdout


def test_health_check_strict_fails_on_warnings(production_env):
    result = health_check_script(production_env, "--strict")

    assert result.returncode == 1
    assert "WARNING  REDIS_URL" in result.stdout


def test_health_check_fails_on_a_stopped_database_and_says_what_to_do(production_env):
    result = health_check_script({**production_env, "DATABASE_URL": STOPPED_DATABASE})

    assert result.returncode == 1
    assert "PROBLEM  database: OperationalError" in result.stdout
    assert "Check DATABASE_URL" in result.stdout
    assert "Health check FAILED" in result.stdout


def test_health_check_fails_on_a_missing_secret_key(production_env):
    env = {name: value for name, value in production_env.items() if name != "SECRET_KEY"}

    result = health_check_script(env)

    assert result.returncode == 1
    assert "SECRET_KEY must be set" in result.stdout
    assert "Traceback" not in result.stdout


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"STRIPE_SECRET_KEY": "pk_test_wrongkind"}, "PROBLEM  STRIPE_SECRET_KEY"),
        ({"STRIPE_WEBHOOK_SECRET": ""}, "PROBLEM  STRIPE_WEBHOOK_SECRET: missing"),
        ({"STRIPE_PUBLISHABLE_KEY": "pk_live_51abcDEF"}, "PROBLEM  Stripe: live and test keys mixed"),
        ({"METRICS_TOKEN": "short"}, "PROBLEM  METRICS_TOKEN"),
        ({"SENTRY_DSN": "not-a-dsn"}, "SENTRY_DSN is not a Sentry DSN"),
    ],
)
def test_health_check_fails_on_bad_keys(production_env, change, problem):
    result = health_check_script({**production_env, **GOOD_STRIPE, **change})

    assert result.returncode == 1
    assert problem in result.stdout
