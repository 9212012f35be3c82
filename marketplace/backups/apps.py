from django.apps import AppConfig


class BackupsConfig(AppConfig):
    """Backups and restore: it reads every app's tables and the payments' ledger, so it sits on top."""

    name = "marketplace.backups"
    label = "backups"
    default_auto_field = "django.db.models.BigAutoField"
