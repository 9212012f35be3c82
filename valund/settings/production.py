"""Production: HTTPS behind a proxy, secure cookies, HSTS. Refuses to start unsafely."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    DATABASES,
    INSECURE_DEFAULT_SECRET_KEY,
    LOGGING,
    MEDIA_ROOT,
    PRIVATE_MEDIA_ROOT,
    REDIS_URL,
    SECRET_KEY,
    STORAGES,
    env_bool,
)

DEBUG = env_bool("DEBUG", False)
# The credentials' signing key comes from VALUND_VC_SIGNING_KEY or VALUND_VC_KEY_FILE, never made up;
# without a usable one the system check credentials.E001 stops every command (docs/credentials.md).
VALUND_VC_GENERATE_DEV_KEY = False
if not DEBUG and (not SECRET_KEY or SECRET_KEY == INSECURE_DEFAULT_SECRET_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters in production "
        "(generate one with: python -c 'import secrets; print(secrets.token_urlsafe(64))')."
    )
if not DEBUG and not REDIS_URL and not env_bool("VALUND_ALLOW_LOCAL_CACHE", False):
    raise ImproperlyConfigured(
        "REDIS_URL must be set in production: rate limits need a cache shared by every process "
        "(set VALUND_ALLOW_LOCAL_CACHE=1 to run a single process without it)."
    )
# Public media are served straight from MEDIA_ROOT (nginx, or marketplace.core.media): private
# files in the same tree would be one wrong folder name away from the internet.
_media, _private = MEDIA_ROOT.resolve(), PRIVATE_MEDIA_ROOT.resolve()
if "location" in STORAGES["private"].get("OPTIONS", {}) and (
    _private.is_relative_to(_media) or _media.is_relative_to(_private)
):
    raise ImproperlyConfigured(
        f"PRIVATE_MEDIA_ROOT ({_private}) must be a folder of its own, neither inside MEDIA_ROOT ({_media}) "
        "nor around it: everything under MEDIA_ROOT may be served to anyone."
    )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"

# Database figures for /metrics (queries, errors, new connections, by alias): django-prometheus's
# wrappers of the same backends.
_INSTRUMENTED_ENGINES = {
    "django.db.backends.postgresql": "django_prometheus.db.backends.postgresql",
    "django.db.backends.sqlite3": "django_prometheus.db.backends.sqlite3",
}
for _database in DATABASES.values():
    _database["ENGINE"] = _INSTRUMENTED_ENGINES.get(_database["ENGINE"], _database["ENGINE"])

# One JSON object per log line, for the platform's log collector; LOG_FORMAT=plain to read them.
if os.environ.get("LOG_FORMAT", "json") == "json":
    LOGGING["handlers"]["console"]["formatter"] = "json"
