"""The services Valund talks to, each switched on by its own variable: the database (SQLite
unless DATABASE_URL), the cache and Huey's queue (Redis when REDIS_URL), email (SMTP when
EMAIL_HOST) and Stripe (simulated without keys)."""

import os

import dj_database_url

from .environment import BASE_DIR, VAR_DIR, env_bool

# Database: SQLite in the project folder unless DATABASE_URL says otherwise (base.py adds
# django.contrib.postgres to the apps on PostgreSQL).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A web process and a Huey worker share the file: wait for locks instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database host that does not answer at all (not refusing: gone from the network) would
    # hold each request for the system's TCP timeout, minutes; this makes it the 503 page
    # (marketplace.core.unavailable) after a few seconds.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = int(
        os.environ.get("DATABASE_CONNECT_TIMEOUT", "5")
    )
    if env_bool("DATABASE_PGBOUNCER", False):
        # PgBouncer in transaction mode hands each transaction to any server connection: a
        # server-side cursor or a prepared statement would not be there for the next one.
        DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
        DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = None

# Cache: Redis when REDIS_URL is set. allauth's rate limits need a real, shared cache,
# so production refuses the per-process fallback (see production.py). While Redis is down the
# backend carries on with each process's own cache instead of failing pages
# (marketplace.core.cache); the timeouts bound one attempt at a silent host.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "marketplace.core.cache.FailSoftRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "valund"}}

# Visitors' public pages kept whole in that cache (marketplace.core.pagecache); PAGE_CACHE=0
# turns it off (the pages' Cache-Control, ETag and Last-Modified stay, for the proxy and browsers).
VALUND_PAGE_CACHE = env_bool("PAGE_CACHE", True)

# The reverse proxy in front (deploy/varnish.vcl), told to forget a page by an HTTP PURGE (BAN
# for every page) through Wagtail's frontend-cache backends, by pages/purge.py when a page is
# published, unpublished or moved or a profile changes, each URL once per commit. FRONTEND_CACHE_URL
# is the proxy's address as the web processes reach it.
FRONTEND_CACHE_URL = os.environ.get("FRONTEND_CACHE_URL", "")
if FRONTEND_CACHE_URL:
    WAGTAILFRONTENDCACHE = {
        "proxy": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": FRONTEND_CACHE_URL},
    }

# Huey: Redis when REDIS_URL is set, PostgreSQL/any SQL database through HUEY_DATABASE_URL,
# otherwise a SQLite file next to the project, so the embedded default needs no server.
HUEY_IMMEDIATE = env_bool("HUEY_IMMEDIATE", False)
HUEY_DATABASE_URL = os.environ.get("HUEY_DATABASE_URL", "")
if REDIS_URL:
    HUEY = {
        # RedisHuey that logs a task it cannot enqueue instead of failing the request.
        "huey_class": "marketplace.core.queue.FailSoftRedisHuey",
        "name": "valund",
        "url": REDIS_URL,
        "immediate": HUEY_IMMEDIATE,
    }
elif HUEY_DATABASE_URL:
    HUEY = {
        "huey_class": "huey.contrib.sql_huey.SqlHuey",
        "name": "valund",
        "database": HUEY_DATABASE_URL,
        "immediate": HUEY_IMMEDIATE,
    }
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "valund",
        "filename": str(VAR_DIR / "huey.sqlite3"),
        "immediate": HUEY_IMMEDIATE,
    }

# Email: console unless an SMTP host is configured.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Valund <hello@valund.example>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# Where members write when the site cannot help them itself (e.g. a complaint after the escrow paid out).
SUPPORT_EMAIL = os.environ.get("SUPPORT_EMAIL", "support@valund.example")

# Stripe: simulated payments when no keys are set (the fee and escrow periods are in rules.py).
STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "")
STRIPE_PUBLISHABLE_KEY = os.environ.get("STRIPE_PUBLISHABLE_KEY", "")
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "")
# Another API address (a local stripe-mock, the tests' fake server); Stripe's own when empty.
STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE", "")
