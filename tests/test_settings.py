"""Settings per environment: what production refuses to start with, and which backend each
variable switches on.

Every case runs in a fresh interpreter with exactly the environment it names
(tests/settings_runner.py): nothing leaks in from the developer's shell or from CI.
"""

import pytest

from tests.settings_runner import PRODUCTION, ROOT, run, settings_under
from valund.settings.base import INSECURE_DEFAULT_SECRET_KEY


def test_without_environment_everything_is_embedded():
    s = settings_under({})

    assert s["debug"] is False
    assert s["database"]["ENGINE"] == "django.db.backends.sqlite3"
    assert s["database"]["NAME"] == str(ROOT / "db.sqlite3")
    assert s["huey"]["huey_class"] == "huey.SqliteHuey"
    assert s["huey"]["filename"] == str(ROOT / "var" / "huey.sqlite3")
    assert s["cache"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert s["default_storage"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert s["private_storage"]["BACKEND"] == "marketplace.core.storage.PrivateFileSystemStorage"
    # Private files live outside the public media folder.
    assert not s["private_storage"]["OPTIONS"]["location"].startswith(s["media_root"])
    assert s["email_backend"] == "django.core.mail.backends.console.EmailBackend"


def test_bucket_name_puts_media_on_s3():
    s = settings_under({"AWS_STORAGE_BUCKET_NAME": "valund-media", "AWS_S3_REGION_NAME": "eu-north-1"})

    assert s["default_storage"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert s["default_storage"]["OPTIONS"]["bucket_name"] == "valund-media"
    assert s["default_storage"]["OPTIONS"]["region_name"] == "eu-north-1"


def test_private_bucket_puts_passport_files_on_private_s3_with_short_presigned_urls():
    s = settings_under({"AWS_PRIVATE_BUCKET_NAME": "valund-private", "PRIVATE_URL_EXPIRY_SECONDS": "45"})

    options = s["private_storage"]["OPTIONS"]
    assert s["private_storage"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert (options["bucket_name"], options["default_acl"], options["querystring_auth"]) == (
        "valund-private",
        "private",
        True,
    )
    assert options["querystring_expire"] == 45
    assert s["default_storage"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"


def test_redis_url_puts_huey_and_cache_on_redis():
    s = settings_under({"REDIS_URL": "redis://127.0.0.1:6379/3"})

    assert s["huey"]["huey_class"] == "marketplace.core.queue.FailSoftRedisHuey"
    assert s["huey"]["url"] == "redis://127.0.0.1:6379/3"
    assert s["cache"]["BACKEND"] == "marketplace.core.cache.FailSoftRedisCache"
    assert s["cache"]["LOCATION"] == "redis://127.0.0.1:6379/3"


def test_database_urls_put_data_and_queue_on_postgresql():
    s = settings_under(
        {
            "DATABASE_URL": "postgres://valund@db.internal:5432/valund",
            "HUEY_DATABASE_URL": "postgresql://valund@db.internal:5432/valund_queue",
        }
    )

    assert s["database"]["ENGINE"] == "django.db.backends.postgresql"
    assert s["database"]["NAME"] == "valund"
    assert "django.contrib.postgres" in s["installed_apps"]  # Wagtail's search index needs it there
    assert s["huey"]["huey_class"] == "huey.contrib.sql_huey.SqlHuey"
    assert s["huey"]["database"] == "postgresql://valund@db.internal:5432/valund_queue"


def test_a_database_host_that_never_answers_fails_within_the_connect_timeout(django_db_blocker):
    """A host gone from the network (it accepts nothing and refuses nothing) would hold every
    request for the system's TCP timeout: with the settings' connect_timeout it is an error
    (then the 503 page) in seconds. Here a socket that accepts and never answers."""
    import socket
    import time

    from django.db import OperationalError, connections
    from django.db.backends.postgresql.base import DatabaseWrapper

    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(10)
        port = silent.getsockname()[1]
        database = settings_under(
            {"DATABASE_URL": f"postgres://valund@127.0.0.1:{port}/valund", "DATABASE_CONNECT_TIMEOUT": "1"}
        )["database"]
        assert database["OPTIONS"]["connect_timeout"] == 1  # without it, the attempt below never ends
        wrapper = DatabaseWrapper(connections.configure_settings({"default": database})["default"], alias="silent")

        start = time.monotonic()
        with django_db_blocker.unblock(), pytest.raises(OperationalError):
            wrapper.ensure_connection()
        seconds = time.monotonic() - start

    assert seconds < 3


@pytest.mark.parametrize(
    ("change", "message"),
    [
        pytest.param({"SECRET_KEY": None}, "SECRET_KEY must be set", id="no-secret-key"),
        pytest.param({"SECRET_KEY": ""}, "SECRET_KEY must be set", id="empty-secret-key"),
        pytest.param({"SECRET_KEY": "s" * 49}, "SECRET_KEY must be set", id="short-secret-key"),
        pytest.param({"SECRET_KEY": INSECURE_DEFAULT_SECRET_KEY}, "SECRET_KEY must be set", id="default-secret-key"),
        pytest.param({"REDIS_URL": None}, "REDIS_URL must be set", id="no-redis"),
    ],
)
def test_production_refuses_to_start(change, message):
    env = {**PRODUCTION, **change}
    env = {name: value for name, value in env.items() if value is not None}

    result = run(["-c", "import django; django.setup()"], env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_production_runs_without_redis_when_a_local_cache_is_allowed():
    env = {name: value for name, value in PRODUCTION.items() if name != "REDIS_URL"}

    s = settings_under({**env, "VALUND_ALLOW_LOCAL_CACHE": "1"}, module=env["DJANGO_SETTINGS_MODULE"])

    assert s["cache"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert s["debug"] is False
    assert s["secure_proxy_ssl_header"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert s["secure_ssl_redirect"] is True
    assert s["session_cookie_secure"] is True


def test_good_production_environment_passes_deploy_checks_without_warnings():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr
