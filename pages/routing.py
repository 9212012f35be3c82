"""Wagtail's routing, from the cache, for the busiest pages: the freelancer directory (every
search) and the profiles under it.

Wagtail finds the page of a request from the site's root: one query for the site, then the
home page, its child and the child's specific page, each a wide row turned into an object
(about 4 ms before the page's own work, a tenth of a search). For the directory and its
profiles the route is read from the cache instead: the live directory page, and the site of
each host that has asked for it. Only the routing is skipped: Wagtail's serve() then runs as
always, with its hooks (the request method, view restrictions) and the page's own views, and
with the route and site Wagtail would have found (it keeps them on the request:
Page.route_for_request and Site.find_for_request).

The cached route is forgotten whenever a page or a site is saved, published, unpublished,
moved or deleted (receivers.py), and after ROUTE_CACHE_SECONDS at the latest. Anything else
(another page, a path the directory does not route, a host whose site does not hold the
directory at this address) goes through Wagtail's routing as before.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import Http404
from wagtail import views as wagtail_views
from wagtail.models import Site

from marketplace.core.pagecache import cache_publicly

from .directory import active_language, directory_page, directory_url

ROUTE_CACHE_KEY = "pages:directory-route"
ROUTE_CACHE_SECONDS = 300


def serve(request, path):
    """Wagtail's serve view, under its own URL pattern: the directory's routes come primed.
    Its pages are public (marketplace.core.pagecache) unless the page's view said otherwise
    (the directory past a plain search's first page); a visitor's copy may then be shared."""
    if request.method in ("GET", "HEAD"):
        prime_route(request, path)
    response = wagtail_views.serve(request, path)
    if getattr(response, "public_page", None) is None:
        cache_publicly(response)
    return response


def prime_route(request, path: str) -> bool:
    """Put the route of a directory page on the request, as Wagtail's routing would, if the
    cache knows it. True when it did; otherwise Wagtail routes the request itself."""
    prefix = directory_url()
    # The whole path: under i18n_patterns `path` lacks the language prefix the directory's has.
    full_path = request.path
    if not full_path.startswith(prefix):
        return False
    host = f"{request.get_host()}|{request.get_port()}"  # what Wagtail picks the site by
    key = route_cache_key(active_language())
    entry = cache.get(key)
    if entry is None or host not in entry["sites"]:
        entry = _remember(request, entry, key=key, host=host, prefix=prefix)
    site = entry["sites"].get(host) if entry else None
    if site is None:
        return False
    page = entry["page"]
    components = [component for component in full_path[len(prefix):].split("/") if component]
    try:
        route = page.route(request, components)
    except Http404:
        return False
    request._wagtail_site = site
    request._wagtail_route_for_request = route
    return True


def route_cache_key(language: str) -> str:
    return f"{ROUTE_CACHE_KEY}:{language}"


def _remember(request, entry, *, key: str, host: str, prefix: str):
    """The cache entry with the live directory page of the active language and this host's
    site added: its Site when the directory is at `prefix` on it, else None (Wagtail then
    routes this host's requests)."""
    page = entry["page"] if entry else directory_page(active_language())
    if page is None:
        return None
    site = Site.find_for_request(request)
    holds_directory = site is not None and page.get_url(request) == prefix
    entry = {"page": page, "sites": {**(entry["sites"] if entry else {}), host: site if holds_directory else None}}
    cache.set(key, entry, ROUTE_CACHE_SECONDS)
    return entry


def forget_routes() -> None:
    """Now, and again when the transaction that changed the tree commits: a request between the
    two would otherwise put the old page back in the cache for ROUTE_CACHE_SECONDS."""
    keys = [route_cache_key(language) for language, _name in settings.LANGUAGES]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))
