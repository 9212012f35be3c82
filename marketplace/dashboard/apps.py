from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """The member's dashboard: it reads from every app below it, so it sits on top of them."""

    name = "marketplace.dashboard"
    label = "dashboard"
    default_auto_field = "django.db.models.BigAutoField"
