from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data and `manage.py seed_demo`: on top of every app, which it writes through; no app
    imports it."""

    name = "marketplace.demo"
    label = "demo"
    verbose_name = "Demo data"
