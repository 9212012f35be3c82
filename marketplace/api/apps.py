from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The public API at /api/v1/ with its schema and documentation pages: on top of every app,
    whose services and selectors it calls; no app imports it."""

    name = "marketplace.api"
    label = "api"
    verbose_name = "API"

    def ready(self):
        from . import schema  # noqa: F401 -- registers the OpenAPI description of the sign-in
