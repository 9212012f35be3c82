"""Where the live freelancer directory is: pages registers directory_url with
marketplace.core.directory (apps.py), where every app asks for it."""

from contextvars import ContextVar

from django.core.cache import cache
from django.db import transaction

from .models import FreelancerDirectoryPage

DIRECTORY_URL_CACHE_KEY = "pages:directory-url"

# Within a request the answer is kept here after the first read: a results page links 24
# profiles (Profile.get_absolute_url), and reading Redis for each link was about a tenth of the
# page's time (benchmarks/load.py). OUTSIDE_REQUEST: not in a request (a task, a shell, a test's
# own code), where every call reads the shared cache as before. pages.receivers starts and ends
# the request's memory on Django's request_started and request_finished.
OUTSIDE_REQUEST = object()
_request_directory_url: ContextVar = ContextVar("pages_directory_url", default=OUTSIDE_REQUEST)


def directory_url() -> str:
    """The path of the live freelancer directory page (normally /freelancers/).

    Cached because every profile link needs it, and read from the cache once per request;
    pages.receivers clears it when pages change."""
    url = _request_directory_url.get()
    if isinstance(url, str):
        return url
    in_request = url is not OUTSIDE_REQUEST
    url = cache.get(DIRECTORY_URL_CACHE_KEY)
    if url is None:
        page = FreelancerDirectoryPage.objects.live().first()
        url = page.url if page is not None else "/freelancers/"
        cache.set(DIRECTORY_URL_CACHE_KEY, url, 300)
    if in_request:
        _request_directory_url.set(url)
    return url


def clear_directory_url() -> None:
    # Again when the change commits, so a request in between cannot cache the old address.
    cache.delete(DIRECTORY_URL_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(DIRECTORY_URL_CACHE_KEY))
    if _request_directory_url.get() is not OUTSIDE_REQUEST:
        _request_directory_url.set(None)


def directory_url_request_started() -> None:
    _request_directory_url.set(None)


def directory_url_request_finished() -> None:
    _request_directory_url.set(OUTSIDE_REQUEST)
