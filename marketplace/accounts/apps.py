from django.apps import AppConfig
from wagtail.users.apps import WagtailUsersAppConfig


class AccountsConfig(AppConfig):
    default = True
    name = "marketplace.accounts"
    label = "accounts"
    verbose_name = "Members"

    def ready(self):
        from . import receivers, second_factor  # noqa: F401


class WagtailUsersConfig(WagtailUsersAppConfig):
    """Wagtail's user admin with our role field (see wagtail_users.py)."""

    user_viewset = "marketplace.accounts.wagtail_users.UserViewSet"
