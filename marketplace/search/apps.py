from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "marketplace.search"
    label = "search"
    verbose_name = "Search"

    def ready(self):
        from . import receivers  # noqa: F401
