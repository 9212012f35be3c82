"""Whole public pages for visitors, from Django's cache, and the HTTP caching headers of every
page: public pages are shared, members' pages private.

A view says that its page is public with `cache_publicly(response)` (Wagtail's pages, the
directory's landing and first pages, profiles: pages/routing.py and pages/models.py). Such a
page, answered to a visitor (no session cookie) without a cookie of its own, gets

    Cache-Control: public, max-age=60, s-maxage=300, stale-while-revalidate=60, stale-if-error=86400

an ETag and a Last-Modified, and is kept in Django's cache (Redis in production, marketplace.core
.cache's fail-soft backend, so a Redis outage renders the page instead). A member's answer, or
any answer that sets a cookie, is `private, no-cache` instead and is never kept. Conditional
requests (If-None-Match, If-Modified-Since) get 304 Not Modified.

PageCacheMiddleware sits early in MIDDLEWARE (after the probes and the NUL check, before
compression, sessions, CSRF and authentication), so a hit costs one cache read and no database:
it keeps the response as it left the site (compressed for a browser that accepts gzip, with the
security headers), and serves it again with a new request id. Its key is the scheme, host,
language (as LocaleMiddleware picks it), whether the client takes gzip, the htmx headers that
choose a fragment (HX-Request, HX-Target, HX-History-Restore-Request) and the full path with
its query string: an htmx fragment and the whole page, two hosts or two languages never share
an entry (a public page's language is its address's prefix, /sv/… or /en/…, whatever the browser
asks; the redirect of an address without one is private, marketplace.core.i18n).

Purging: every entry remembers the version of its path and the site-wide version when it was
stored, read in the same cache round trip as the entry; `purge_paths(paths)` gives the paths a
new version (every query string of a path goes with it: a change to a profile retires every
search that may list it) and `purge_all()` the whole site. Who calls them for what is in
pages/receivers.py. An entry is fresh for S_MAXAGE; after that it is rendered again, and served
stale (up to STALE_IF_ERROR) only when rendering fails with a 5xx (the database is down).
"""

import hashlib
import threading
import time
import uuid
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import get_language_from_request

MAX_AGE = 60  # browsers
S_MAXAGE = 300  # shared caches: the proxy, Django's cache
STALE_WHILE_REVALIDATE = 60
STALE_IF_ERROR = 86400  # the proxy and Django's cache keep serving public pages while the site fails
PUBLIC_CACHE_CONTROL = (
    f"public, max-age={MAX_AGE}, s-maxage={S_MAXAGE}, stale-while-revalidate={STALE_WHILE_REVALIDATE}, "
    f"stale-if-error={STALE_IF_ERROR}"
)
ALL_VERSION_KEY = "page:version"
HEADER = "X-Page-Cache"
# Not replayed from an entry: the request id is the new request's; Date is set by the server.
_NOT_STORED = {"set-cookie", "x-request-id", "date", HEADER.lower()}
# The htmx headers that choose what a page answers; the rest of a request's headers do not.
_HTMX_HEADERS = ("HX-Request", "HX-Target", "HX-History-Restore-Request")


def cache_publicly(response):
    """Mark a response as a public page: shared caches may keep it when it is a visitor's."""
    response.public_page = True
    return response


def _path_version_key(path: str) -> str:
    return f"page:version:{hashlib.md5(path.encode(), usedforsecurity=False).hexdigest()}"


def purge_paths(paths) -> None:
    """Retire the cached pages at these paths (each with any query string): now, and again when
    the transaction that changed them commits (a request in between may have stored the old
    page)."""
    keys = [_path_version_key(path) for path in set(paths)]
    if not keys:
        return

    def bump():
        cache.set_many(dict.fromkeys(keys, uuid.uuid4().hex), None)

    bump()
    transaction.on_commit(bump)


def purge_all() -> None:
    """Retire every cached page (the page tree or a site changed: menus and footers are on all)."""

    def bump():
        cache.set(ALL_VERSION_KEY, uuid.uuid4().hex, None)

    bump()
    transaction.on_commit(bump)


_batch = threading.local()


@contextmanager
def batched_purges():
    """Purges asked for inside (a periodic task's loop, one transaction per record) go out once at
    the end, for every record together: `defer_to_batch` keeps a purger's flush until then."""
    if getattr(_batch, "flushers", None) is not None:  # already inside a batch
        yield
        return
    _batch.flushers = {}
    try:
        yield
    finally:
        flushers, _batch.flushers = _batch.flushers, None
        for flush in flushers.values():
            flush()


def defer_to_batch(name: str, flush) -> bool:
    """Inside batched_purges(): run `flush` once when the batch ends (True); outside, False."""
    flushers = getattr(_batch, "flushers", None)
    if flushers is None:
        return False
    flushers.setdefault(name, flush)
    return True


def _anonymous(request) -> bool:
    """No session (a member, or a visitor the site is telling something) and no message waiting."""
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def _key(request) -> str:
    gzip = "gzip" in request.headers.get("Accept-Encoding", "")
    htmx = "|".join(request.headers.get(name, "") for name in _HTMX_HEADERS)
    parts = "\n".join([
        # The address's language where it has one (/sv/…): one entry per page, whatever the
        # browser asks; the chosen language (cookie, Accept-Language) where it has none.
        request.scheme, request.get_host(), get_language_from_request(request, check_path=True),
        "gzip" if gzip else "",
        htmx, request.get_full_path(),
    ])
    return f"page:{hashlib.sha256(parts.encode()).hexdigest()}"


class _Entry:
    __slots__ = ("content", "headers", "status", "stored_at", "versions")

    def __init__(self, response, versions, now):
        self.status = response.status_code
        self.headers = [(name, value) for name, value in response.items() if name.lower() not in _NOT_STORED]
        self.content = response.content
        self.versions = versions
        self.stored_at = now

    def response(self, request, state: str):
        response = HttpResponse(b"" if request.method == "HEAD" else self.content, status=self.status)
        for name, value in self.headers:
            response[name] = value
        response[HEADER] = state
        return response


def _storable(request, response) -> bool:
    return (
        getattr(response, "public_page", False)
        and request.method == "GET"
        and response.status_code == 200
        and not response.cookies
        and not response.streaming
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


class PageCacheMiddleware:
    """Serves visitors' public pages from Django's cache and sets every page's Cache-Control
    (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or not _anonymous(request):
            return self._headers(request, self.get_response(request))
        key, entry, versions = None, None, (None, None)
        if settings.VALUND_PAGE_CACHE:
            key = _key(request)
            path_key = _path_version_key(request.path)
            found = cache.get_many([key, path_key, ALL_VERSION_KEY])
            entry, versions = found.get(key), (found.get(path_key), found.get(ALL_VERSION_KEY))
            if entry is not None and entry.versions != versions:
                entry = None
        now = time.time()
        if entry is not None and now - entry.stored_at < S_MAXAGE:
            return self._conditional(request, entry.response(request, "hit"))
        response = self._headers(request, self.get_response(request))
        if entry is not None and response.status_code >= 500:
            # The page could not be made (the database is down): the last copy, while it lasts.
            return entry.response(request, "stale")
        if key is not None and _storable(request, response):
            # A purge while the page was being made (the stale-set race): the page may show what
            # the purge retired, so it is not kept. (Kept anyway, it would carry the versions read
            # before the render and never be served.)
            now_versions = cache.get_many([path_key, ALL_VERSION_KEY])
            if (now_versions.get(path_key), now_versions.get(ALL_VERSION_KEY)) == versions:
                cache.set(key, _Entry(response, versions, now), S_MAXAGE + STALE_IF_ERROR)
            response[HEADER] = "miss"
        return self._conditional(request, response)

    def _headers(self, request, response):
        """Public pages of visitors: shared, with validators. Members' pages: private."""
        public = getattr(response, "public_page", False) and response.status_code == 200
        if public and _anonymous(request) and not response.cookies and not response.streaming:
            if "Cache-Control" not in response:
                response["Cache-Control"] = PUBLIC_CACHE_CONTROL
            response.setdefault("ETag", f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"')
            response.setdefault("Last-Modified", http_date())
            return response
        user = getattr(request, "user", None)
        shown_to_member = user is not None and user.is_authenticated
        cache_control = response.get("Cache-Control", "")
        same_for_everyone = "public" in cache_control and not response.cookies
        # A view's own "no-store" (private files, receipts) already says more than "no-cache".
        if (shown_to_member or response.cookies) and not same_for_everyone and "no-store" not in cache_control:
            # patch_cache_control drops a "public" the view may have set.
            patch_cache_control(response, private=True, no_cache=True)
        return response

    @staticmethod
    def _conditional(request, response):
        """304 Not Modified when the client's copy is this one."""
        if response.status_code != 200 or "ETag" not in response:
            return response
        modified = parse_http_date_safe(response.get("Last-Modified", ""))
        return get_conditional_response(request, etag=response["ETag"], last_modified=modified, response=response)
