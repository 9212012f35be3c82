from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "marketplace.search"
    label = "search"
    verbose_name = "Search"

    def ready(self):
        from marketplace.accounts.badges import register_verified_skill_count

        from . import receivers  # noqa: F401
        from .selectors.badges import with_verified_skill_count

        register_verified_skill_count(with_verified_skill_count)
