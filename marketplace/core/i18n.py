"""Public pages of an app under the language prefix (/sv/…, /en/…) beside its members' pages
without one, in the same URL namespace (passport:verify beside passport:index).

Django's i18n_patterns only goes at the top of the project's URLconf (include() refuses it
below), and an app's public page then needs a namespace of its own. `language_prefixed` does
the same inside an app's urls.py: the pattern below matches and reverses exactly as
LocalePrefixPattern does with prefix_default_language (the active language's prefix, so
reverse() and translate_url() give /sv/… or /en/…). LocaleMiddleware learns that prefixes are
in use from the project's own i18n_patterns (valund/urls.py, Wagtail's pages), and redirects
an unprefixed address to the prefixed one when only that exists (LocaleMiddleware below, which
marks that redirect private)."""

import re

from django.conf import settings
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.urls import URLResolver, is_valid_path
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language, get_language_from_path


class LanguagePrefixPattern:
    """LocalePrefixPattern(prefix_default_language=True), under another class so that include()
    lets it be in an app's URLconf."""

    converters = {}

    @property
    def regex(self):
        # Used by reverse() only, which keeps its tables per active language.
        return re.compile(re.escape(self.language_prefix))

    @property
    def language_prefix(self) -> str:
        return f"{get_language() or settings.LANGUAGE_CODE}/"

    def match(self, path):
        prefix = self.language_prefix
        if path.startswith(prefix):
            return path.removeprefix(prefix), (), {}
        return None

    def check(self):
        return []

    def describe(self):
        return f"'{self}'"

    def __str__(self):
        return self.language_prefix


def language_prefixed(*urls) -> URLResolver:
    """These patterns at /<language>/…: one item of an app's urlpatterns."""
    return URLResolver(LanguagePrefixPattern(), list(urls))


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's, and its redirect of an address without a language (an old link to a public
    page, /verify/… printed in a QR code) to the visitor's language is private: it depends on
    the visitor's cookie and browser (Vary: Accept-Language, Cookie), so no shared cache (the
    proxy, a CDN, pagecache) may keep one visitor's for another."""

    def process_response(self, request, response):
        not_found = response.status_code == 404
        if not_found and not get_language_from_path(request.path_info) and is_valid_path(
            request.path_info, getattr(request, "urlconf", None)
        ):
            # A 404 from one of our unprefixed views (a booking a stranger may not see) is that
            # view's answer: Django's would send it to /<language>/…, which the page pattern
            # matches, and answer a missing page there instead.
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", get_language())
            return response
        response = super().process_response(request, response)
        if not_found and response.status_code in (301, 302):
            patch_cache_control(response, private=True, no_cache=True)
        return response
