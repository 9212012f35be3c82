from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.generic import RedirectView, TemplateView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from marketplace.accounts import views as account_views
from marketplace.core import media
from marketplace.payments import webhooks as payment_webhooks
from pages import routing as page_routing
from pages import sitemaps as page_sitemaps

urlpatterns = [
    # The admin's own login would bypass allauth's rate limits and two-factor: send it there.
    path("admin/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # allauth's sign-in, a locked account answered with 429 and Retry-After (account_login reverses here).
    path("accounts/login/", account_views.login),
    path("accounts/", include("allauth.urls")),
    # Sign-in for programs (allauth headless: app/v1/… with tokens, browser/v1/… with the session).
    path("api/auth/", include("marketplace.api.headless")),
    path("api/", include("marketplace.api.urls")),
    path("dashboard/", include("marketplace.dashboard.urls")),
    path("dashboard/", include("marketplace.accounts.urls")),
    path("search/", include("marketplace.search.urls")),
    path("bookings/", include("marketplace.bookings.urls")),
    path("notifications/", include("marketplace.notifications.urls")),
    path("payments/", include("marketplace.payments.urls")),
    path("", include("marketplace.ratings.urls")),
    path("privacy/", include("marketplace.privacy.urls")),
    path("styleguide/", include("marketplace.patterns.urls")),
    path("stripe/webhook/", payment_webhooks.stripe_webhook, name="stripe_webhook"),
    path("", include("marketplace.passport.urls")),
    path("", include("marketplace.credentials.urls")),
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain")),
    path("sitemap.xml", page_sitemaps.sitemap_view, name="sitemap"),
    # The language switcher's link (header and footer): saves the choice, then back to `next`.
    path("language/<str:code>/", account_views.switch_language, name="switch_language"),
]

# Public media on local storage (avatars, Wagtail's images), in development and in production
# alike, and only those folders; nginx serves them itself in front (deploy/nginx.conf).
urlpatterns += [path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", media.public_media, name="public_media")]

# Pages: Wagtail's serve view, behind pages.routing, which primes the route of the directory
# and its profiles from the cache (the same pattern as Wagtail's, under Wagtail's name for it,
# wagtail_serve). Wagtail's utility routes
# (unlocking a password-protected page, the login of a view restriction) come first: the page
# pattern would take "_util/…" for a page path.
#
# Public pages are addressed per language, /sv/… and /en/… (the pages of each Wagtail locale,
# the directory and its profiles among them; the verification page, the "verify a credential"
# page and a member's reviews, by their apps' own language_prefixed): search engines index both.
# Nothing else (members' pages, the API, the admin, webhooks, media, probes) has a prefix: those
# are in the member's language.
# An old unprefixed address of a public page finds no pattern here, and LocaleMiddleware sends
# it (302, Vary: Accept-Language, Cookie) to the same path in the visitor's language, so the
# page pattern has no unprefixed catch-all that could answer it first.
urlpatterns += [
    *(pattern for pattern in wagtail_urls.urlpatterns if getattr(pattern, "name", "") != "wagtail_serve"),
]
urlpatterns += i18n_patterns(
    # Named as Wagtail names its own, which this replaces: Page.url reverses it in the page's
    # locale (so /sv/… or /en/…), translate_url() finds it.
    re_path(wagtail_urls.serve_pattern, page_routing.serve, name="wagtail_serve"),
)

# Error pages: Django's default handlers render templates/400.html, 403.html, 404.html and
# 500.html (400 and 500 without a request, so they need nothing from it). allauth's own rate
# limits answer through handler429, with the same page as marketplace.core.ratelimit and the
# Retry-After read from allauth's counters.
handler429 = "marketplace.accounts.ratelimits.too_many_requests"
# A database outage (from any view or middleware) answers 503 with Retry-After, not a 500.
handler500 = "marketplace.core.unavailable.server_error"
