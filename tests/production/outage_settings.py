"""Production's settings for the server the outage tests start (tests/production/test_outages.py),
with one change: static files are named as they are, so the server needs no collectstatic."""

from valund.settings.production import *  # noqa: F403
from valund.settings.production import STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
