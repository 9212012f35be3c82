from django.apps import AppConfig


class CredentialsConfig(AppConfig):
    name = "marketplace.credentials"
    verbose_name = "Verifiable credentials"

    def ready(self):
        from . import checks, receivers  # noqa: F401
