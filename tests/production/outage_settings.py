"""Production's settings for the server the outage tests start (tests/production/test_outages.py),
with two changes: static files are named as they are, so the server needs no collectstatic, and
the demo's approvals are signed with a throwaway credentials key made in var/ (production itself
refuses to make one)."""

from valund.settings.production import *  # noqa: F403
from valund.settings.production import STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
VALUND_VC_GENERATE_DEV_KEY = True
