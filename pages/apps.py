from django.apps import AppConfig
from django.utils.translation import gettext_lazy
from wagtail.contrib.frontend_cache.apps import WagtailFrontendCacheAppConfig

from marketplace.core.directory import register_directory_resolver


class PagesConfig(AppConfig):
    default = True
    name = "pages"
    verbose_name = "Pages"

    def ready(self):
        from . import directory, receivers  # noqa: F401

        register_directory_resolver(directory.directory_url)
        translate_permission_columns_per_request()


# Wagtail's group screen labels the image and collection permission columns with gettext() run
# when its forms module is imported, so the language of whichever request imported it first
# stuck for every admin user after it (Swedish columns on the English admin). The same English
# messages, translated lazily, so each request gets its own language from Wagtail's catalogue.
PERMISSION_COLUMNS = {
    "add_image": ("Add", "Add/edit images you own"),
    "change_image": ("Edit", "Edit any image"),
    "choose_image": ("Choose", "Select images in choosers"),
    "add_collection": ("Add", "Add collections"),
    "change_collection": ("Edit", "Edit collections"),
    "delete_collection": ("Delete", "Delete collections"),
}


def translate_permission_columns_per_request() -> None:
    from wagtail.admin.forms.collections import GroupCollectionManagementPermissionFormSet
    from wagtail.images.forms import GroupImagePermissionFormSet

    for formset in (GroupImagePermissionFormSet, GroupCollectionManagementPermissionFormSet):
        # In place: the checkboxes' labels read the same list.
        formset.permission_types[:] = [
            (codename, *(gettext_lazy(english) for english in PERMISSION_COLUMNS.get(codename, labels)))
            for codename, *labels in formset.permission_types
        ]


class FrontendCacheConfig(WagtailFrontendCacheAppConfig):
    """Wagtail's frontend cache (its purge backends, and wagtail.contrib.redirects purging a moved
    page's old addresses) without its own receivers of page_published and page_unpublished:
    pages/receivers.py purges what a publish shows (the page, its ancestors, every language), and
    Wagtail's would send the page's addresses a second time."""

    def ready(self):
        pass
