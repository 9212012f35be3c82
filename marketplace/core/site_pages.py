"""The standard pages every site has (About, How it works, Terms: the demo seeds them,
marketplace/demo/site_content.py), which the footer of every page links to.

Found by their slugs under the site's home page in the active language (its translation, else
the home page itself) and kept in the cache per host and language, so that the footer costs no
query; pages.receivers forgets them whenever the page tree or a site changes,
so a renamed or unpublished page loses its link at once."""

from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_language
from wagtail.models import Site

SLUGS = ("about", "how-it-works", "terms")
CACHE_KEY = "core:site-pages"
MENU_CACHE_KEY = "core:site-menu"
FOOTER_CACHE_KEY = "core:site-footer"  # pages.footer: the footer setting's contact details and links
LANGUAGES_CACHE_KEY = "core:page-languages"  # templatetags.languages: each page's copy in each language
KEYS = [CACHE_KEY, MENU_CACHE_KEY, FOOTER_CACHE_KEY, LANGUAGES_CACHE_KEY]
CACHE_SECONDS = 300


def site_page_urls(request) -> dict[str, str]:
    """{slug: url} of the live standard pages of the request's site, with "_" for "-" so that a
    template can write urls.how_it_works."""
    host = f"{request.get_host()}|{get_language()}"
    known = cache.get(CACHE_KEY) or {}
    if host not in known:
        site = Site.find_for_request(request)
        pages = site.root_page.localized.get_children().live().filter(slug__in=SLUGS) if site else []
        known[host] = {page.slug.replace("-", "_"): page.get_url(request) for page in pages}
        cache.set(CACHE_KEY, known, CACHE_SECONDS)
    return known[host]


def menu_links(request) -> list[tuple[str, str]]:
    """(title, url) of the live pages under the site's home page (in the active language) that
    editors marked "Show in menus", in the tree's order: the header's menu."""

    def build():
        site = Site.find_for_request(request)
        pages = site.root_page.localized.get_children().live().in_menu().specific(defer=True) if site else []
        return [(page.title, page.get_url(request)) for page in pages]

    return for_site(MENU_CACHE_KEY, request, build)


def for_site(key: str, request, build):
    """build() kept in the cache per host and language under `key` (one of KEYS), until
    forget_site_pages: the header's and footer's parts cost no query on a warm cache."""
    host = f"{request.get_host()}|{get_language()}"
    known = cache.get(key) or {}
    if host not in known:
        known[host] = build()
        cache.set(key, known, CACHE_SECONDS)
    return known[host]


def forget_site_pages() -> None:
    # Again when the change commits, so a request in between cannot cache the old addresses.
    cache.delete_many(KEYS)
    transaction.on_commit(lambda: cache.delete_many(KEYS))
