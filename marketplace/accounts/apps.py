from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "marketplace.accounts"
    label = "accounts"
    verbose_name = "Members"

    def ready(self):
        from . import receivers  # noqa: F401
