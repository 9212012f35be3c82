from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """Members' own data: export, account closure (erasure) and retention. It reads and erases
    across every app, so it sits on the top layer beside backups and the dashboard."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "marketplace.privacy"
    verbose_name = "Members' data"

    def ready(self):
        from . import receivers  # noqa: F401
