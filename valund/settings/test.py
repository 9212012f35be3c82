"""Test settings: fast hasher, locmem cache (real enough for allauth's rate limits),
Huey immediate, plain static storage, files in a temporary folder."""

import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "valund-test-secret-key-not-for-production-0123456789"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "valund-test"}}
# Whole pages from the cache only where a test asks for them (tests/test_page_cache.py), so that
# the other tests see every change they make on their next request.
VALUND_PAGE_CACHE = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
HUEY = {"huey_class": "huey.MemoryHuey", "name": "valund-test", "immediate": True}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "marketplace.core.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": tempfile.mkdtemp(prefix="valund-test-private-")},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# One folder per test process, removed by tests/conftest.py when the session ends.
MEDIA_ROOT = tempfile.mkdtemp(prefix="valund-test-media-")
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
WAGTAILADMIN_BASE_URL = "http://testserver"
SITE_URL = "http://testserver"
# The suite's assertions read English; the Swedish default of production is tested on its own
# (tests/test_i18n_urls.py).
LANGUAGE_CODE = "en"
LOGGING = {"version": 1, "disable_existing_loggers": False}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    # A test database need not survive a crash: commits (each migration of each worker's test
    # database, the transactional and browser tests) do not wait for the WAL to reach the disk.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"  # noqa: F405
