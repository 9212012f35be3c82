"""The language switcher and the hreflang alternates: the page being shown, in each language.

A public page has its language in its address (/sv/…, /en/…). A Wagtail page's other language
is its translation (its own slug, in the other locale's tree), and a page routed below it (a
profile under the directory) keeps the rest of its path; without a translation, the other
language's home page. Django's public pages (a verification, a member's reviews) are the same
path under the other prefix (translate_url). A member's page has no prefix: it is the same
address, shown in whatever language is chosen."""

from urllib.parse import quote

from django import template
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse, translate_url
from django.utils.translation import get_language, get_language_from_path

from marketplace.core.languages import language_names_native
from marketplace.core.site_pages import CACHE_SECONDS, LANGUAGES_CACHE_KEY

register = template.Library()


def _wagtail_translation_url(page, code: str, request, path: str) -> tuple[str | None, bool]:
    """Where `page` is in language `code`, and whether that is the same page: its translation
    (with the part of `path` below the page itself: a profile under the directory); else, when
    that language has no pages at all yet, the same path under its prefix (Wagtail then serves
    the default tree there); else the nearest translated ancestor (a section, the home page),
    which is not the same page. (None, False) when there is nothing."""
    own_url = page.get_url(request)
    if not own_url:
        return None, False
    below = path[len(own_url):] if path.startswith(own_url) else ""
    kind, url = _where(page, code, request)
    if kind == "same":
        return f"{url}{below}", True
    if kind == "prefixed":
        language = get_language_from_path(path)
        return f"/{code}{path[len(language) + 1:]}", True
    return url, False


def _where(page, code: str, request) -> tuple[str, str | None]:
    """Where `page` is in language `code`, whatever the path below it: ("same", its url),
    ("prefixed", None), ("other", an ancestor's url) or ("other", None). Kept in the shared cache
    per host and page (core.site_pages.LANGUAGES_CACHE_KEY, forgotten with the page tree), so a
    page's switcher and alternates cost no query on a warm cache."""
    key = f"{request.get_host()}|{page.pk}"
    known = cache.get(LANGUAGES_CACHE_KEY) or {}
    if key not in known:
        known[key] = {other: _look_up(page, other, request) for other in language_names_native()}
        cache.set(LANGUAGES_CACHE_KEY, known, CACHE_SECONDS)
    return known[key].get(code) or _look_up(page, code, request)


def _look_up(page, code: str, request) -> tuple[str, str | None]:
    from wagtail.models import Locale, Page

    copies = request.__dict__.setdefault("_language_copies", {})
    if page.pk not in copies:
        copies[page.pk] = {
            copy.locale.language_code: copy
            for copy in Page.objects.filter(translation_key=page.translation_key).select_related("locale")
        }
    translation = copies[page.pk].get(code)
    if translation is not None and translation.pk == page.pk:
        return "same", page.get_url(request)
    if translation is not None and translation.live and translation.get_url(request):
        return "same", translation.get_url(request)
    try:
        locale = Locale.objects.get_for_language(code)
    except Locale.DoesNotExist:
        return "other", None
    if not Page.objects.filter(locale=locale, depth__gt=1).exists():
        return "prefixed", None
    for ancestor in page.get_ancestors().filter(depth__gt=1).specific().reverse():
        translated = ancestor.get_translation_or_none(locale)
        if translated is not None and translated.live and translated.get_url(request):
            return "other", translated.get_url(request)
    return "other", None


def alternate_url(request, page, code: str, *, same_page_only: bool = False) -> str | None:
    """The page being shown in language `code` (path and query string); with same_page_only,
    None when that language has only another page to offer (an untranslated page's section)."""
    if request is None:
        return f"/{code}/"
    path, query = request.path, request.META.get("QUERY_STRING", "")
    suffix = f"?{query}" if query else ""
    if not get_language_from_path(path):
        return f"{path}{suffix}"
    if page is not None and hasattr(page, "get_translation_or_none"):
        memo = request.__dict__.setdefault("_language_translations", {})
        if (page.pk, code) not in memo:
            memo[page.pk, code] = _wagtail_translation_url(page, code, request, path)
        url, same = memo[page.pk, code]
        if url is None or (same_page_only and not same):
            return None
        return f"{url}{suffix}" if same else url
    translated = translate_url(path, code)
    return f"{translated}{suffix}" if translated != path or code == get_language() else None


def _memo(request, page, code: str, *, same_page_only: bool = False) -> str | None:
    """alternate_url, once per request (the header's switcher, the footer's and the alternates
    ask the same)."""
    if request is None:
        return alternate_url(request, page, code, same_page_only=same_page_only)
    memo = request.__dict__.setdefault("_language_alternates", {})
    key = (getattr(page, "pk", None), code, same_page_only)
    if key not in memo:
        memo[key] = alternate_url(request, page, code, same_page_only=same_page_only)
    return memo[key]


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """{% language_links as links %}: each language with its own name, whether it is the one
    shown, where the page is in it (`url`, or its home page) and the switcher's address that
    remembers the choice on the way there (`switch`, with `next`)."""
    request, page = context.get("request"), context.get("page")
    current = get_language()
    # An error page (Django's handlers pass request_path) leads to each language's home: the
    # address asked for is not echoed back.
    error_page = "request_path" in context or "exception" in context
    links = []
    for code, name in language_names_native().items():
        url = f"/{code}/" if error_page else (_memo(request, page, code) or f"/{code}/")
        links.append({
            "code": code, "name": name, "current": code == current, "url": url,
            "switch": reverse("switch_language", args=[code]), "switch_get": (
                f"{reverse('switch_language', args=[code])}?next={quote(url, safe='/')}"
            ),
        })
    return links


@register.simple_tag(takes_context=True)
def language_alternates(context) -> list[dict]:
    """{% language_alternates as alternates %}: on a public page (an address with a language),
    the absolute address of each language version that exists, and x-default (the site's own
    language, LANGUAGE_CODE) for search engines' hreflang; nothing on members' pages."""
    request, page = context.get("request"), context.get("page")
    if request is None or not get_language_from_path(request.path):
        return []
    # The public origin the canonical link uses (settings.SITE_URL, pages.seo.canonical_url),
    # so the alternates and the canonical agree; no Site lookup.
    root = settings.SITE_URL.rstrip("/") if page is not None and hasattr(page, "get_url_parts") else ""
    alternates = []
    for code in language_names_native():
        url = _memo(request, page, code, same_page_only=True)
        if url:
            alternates.append({"hreflang": code, "href": f"{root}{url}" if root else request.build_absolute_uri(url)})
    default = next((a for a in alternates if a["hreflang"] == settings.LANGUAGE_CODE), None)
    if default and len(alternates) > 1:
        alternates.append({"hreflang": "x-default", "href": default["href"]})
    return alternates
