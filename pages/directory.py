"""Where the live freelancer directory is, in each language: pages registers directory_url with
marketplace.core.directory (apps.py), where every app asks for it."""

from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_language

from .models import FreelancerDirectoryPage

DIRECTORY_URL_CACHE_KEY = "pages:directory-url"

# Within a request the answers (one per language asked) are kept here after the first read: a
# results page links 24 profiles (Profile.get_absolute_url), and reading Redis for each link
# was about a tenth of the page's time (benchmarks/load.py). OUTSIDE_REQUEST: not in a request
# (a task, a shell, a test's own code), where every call reads the shared cache as before.
# pages.receivers starts and ends the request's memory on Django's request_started and
# request_finished.
OUTSIDE_REQUEST = object()
_request_directory_url: ContextVar = ContextVar("pages_directory_url", default=OUTSIDE_REQUEST)


def active_language() -> str:
    """The active language's code as the site's languages spell it ("sv" for "sv-se"), or the
    default language outside a request or for a language the site does not have."""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0].lower()
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def directory_url_cache_key(language: str) -> str:
    return f"{DIRECTORY_URL_CACHE_KEY}:{language}"


def directory_page(language: str):
    """The live directory page in `language`'s tree, else the one in the default language's
    (a language whose editors have not translated it yet), else any."""
    pages = FreelancerDirectoryPage.objects.live().select_related("locale")
    return (
        pages.filter(locale__language_code=language).first()
        or pages.filter(locale__language_code=settings.LANGUAGE_CODE).first()
        or pages.first()
    )


def directory_url() -> str:
    """The path of the live freelancer directory page in the active language (normally
    /en/freelancers/ or /sv/freelancers/: public pages carry the language in the address).

    Cached because every profile link needs it, and read from the cache once per request and
    language; pages.receivers clears it when pages change."""
    language = active_language()
    known = _request_directory_url.get()
    if isinstance(known, dict) and language in known:
        return known[language]
    in_request = known is not OUTSIDE_REQUEST
    key = directory_url_cache_key(language)
    url = cache.get(key)
    if url is None:
        page = directory_page(language)
        # Without a live directory page (a site not set up yet), its usual address in the
        # language's prefix, where i18n_patterns serves public pages.
        url = page.url if page is not None and page.url else f"/{language}/freelancers/"
        cache.set(key, url, 300)
    if in_request:
        _request_directory_url.set({**(known if isinstance(known, dict) else {}), language: url})
    return url


def clear_directory_url() -> None:
    # Again when the change commits, so a request in between cannot cache the old address.
    keys = [directory_url_cache_key(language) for language, _name in settings.LANGUAGES]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))
    if _request_directory_url.get() is not OUTSIDE_REQUEST:
        _request_directory_url.set(None)


def directory_url_request_started() -> None:
    _request_directory_url.set(None)


def directory_url_request_finished() -> None:
    _request_directory_url.set(OUTSIDE_REQUEST)
