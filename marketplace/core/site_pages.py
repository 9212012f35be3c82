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


def forget_site_pages() -> None:
    # Again when the change commits, so a request in between cannot cache the old addresses.
    cache.delete(CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))
