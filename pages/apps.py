from django.apps import AppConfig

from marketplace.core.directory import register_directory_resolver


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = "Pages"

    def ready(self):
        from . import directory, receivers  # noqa: F401

        register_directory_resolver(directory.directory_url)
