from django.apps import AppConfig
from wagtail.contrib.frontend_cache.apps import WagtailFrontendCacheAppConfig

from marketplace.core.directory import register_directory_resolver


class PagesConfig(AppConfig):
    default = True
    name = "pages"
    verbose_name = "Pages"

    def ready(self):
        from . import directory, receivers  # noqa: F401

        register_directory_resolver(directory.directory_url)


class FrontendCacheConfig(WagtailFrontendCacheAppConfig):
    """Wagtail's frontend cache (its purge backends, and wagtail.contrib.redirects purging a moved
    page's old addresses) without its own receivers of page_published and page_unpublished:
    pages/receivers.py purges what a publish shows (the page, its ancestors, every language), and
    Wagtail's would send the page's addresses a second time."""

    def ready(self):
        pass
