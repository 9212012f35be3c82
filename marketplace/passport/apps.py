from django.apps import AppConfig


class PassportConfig(AppConfig):
    name = "marketplace.passport"
    label = "passport"
    verbose_name = "Competence passport"
