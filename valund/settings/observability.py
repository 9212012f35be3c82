"""Watching the running site: who may read /metrics, errors to Sentry, and the logs."""

import os

from .environment import env_list

# /metrics (marketplace.core.metrics): readable with "Authorization: Bearer <METRICS_TOKEN>" or
# from METRICS_ALLOWED_IPS (comma-separated addresses or networks); 404 for anyone else.
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
METRICS_ALLOWED_IPS = env_list("METRICS_ALLOWED_IPS")

# Sentry: errors (and optionally traces) from web and worker when SENTRY_DSN is set, without
# personal data: no cookies, no user, no addresses, no request bodies.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    import sentry_sdk
    from django.core.exceptions import ImproperlyConfigured
    from sentry_sdk.integrations.django import DjangoIntegration
    from sentry_sdk.integrations.huey import HueyIntegration
    from sentry_sdk.utils import BadDsn

    from marketplace.core.logging import request_id

    def _sentry_before_send(event, hint):
        if rid := request_id.get():
            event.setdefault("tags", {})["request_id"] = rid
        return event

    try:
        sentry_sdk.init(
            dsn=SENTRY_DSN,
            environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
            release=os.environ.get("SENTRY_RELEASE") or None,
            integrations=[DjangoIntegration(), HueyIntegration()],
            send_default_pii=False,
            max_request_body_size="never",
            traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
            before_send=_sentry_before_send,
        )
    except BadDsn as exc:
        raise ImproperlyConfigured(
            "SENTRY_DSN is not a Sentry DSN (https://<key>@<host>/<project>): copy it from the Sentry "
            "project's Client Keys page, or unset it."
        ) from exc

# Logs: one line per event with the request id (or the Huey task's); JSON when LOG_FORMAT=json
# (production's default), readable text otherwise.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "marketplace.core.logging.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "marketplace.core.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Django and Huey ship handlers of their own; without propagate=False every line prints twice.
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "huey": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # Wagtail's search-index tasks log every run at INFO.
        "django_tasks": {"level": "WARNING"},
    },
}
