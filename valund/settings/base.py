"""Settings shared by every environment; everything that differs comes from the environment.

Each integration (S3, Redis, SMTP, Stripe) is switched on by its own variable and stays off
without it, so a fresh clone runs on embedded defaults: SQLite, local files, Huey on SQLite.

This module holds the core (Django's apps, middleware, templates and sign-in, allauth, Wagtail,
languages) and first imports the rest, one module per concern, in this order:

1. api: the public API's framework, its schema and documentation pages, and sign-in for programs
   (allauth headless with JWT tokens);
2. environment: BASE_DIR, VAR_DIR and the parsers env_bool and env_list;
3. observability: who may read /metrics, Sentry, the logs;
4. rules: the marketplace's currencies, platform fee and periods (escrow, bookings, ratings);
5. security: the Content Security Policies, security headers, cookies, trusted proxies and the
   site's own rate limits;
6. services: the database, the cache, Huey's queue, email and Stripe;
7. storage: static files, media, private files and their S3 buckets, upload limits.

The order is isort's and changes nothing: no two of them set the same name, and a module that
needs another's value imports it from that module by name (the folders and parsers from
environment, the buckets' origins for the CSP from storage), never through this one, which
none of them imports. The settings below the imports may use theirs (the PostgreSQL app joins
INSTALLED_APPS when the database is PostgreSQL). dev.py, test.py and production.py start from
this module (`from .base import *`) and override.
"""

import os

from django.utils.translation import gettext_lazy as _

from .api import *  # noqa: F403
from .environment import *  # noqa: F403
from .observability import *  # noqa: F403
from .rules import *  # noqa: F403
from .security import *  # noqa: F403
from .services import *  # noqa: F403
from .storage import *  # noqa: F403

# Development default; production.py refuses to start with it.
INSECURE_DEFAULT_SECRET_KEY = "django-insecure-valund-development-key-do-not-use-in-production"

SECRET_KEY = os.environ.get("SECRET_KEY", INSECURE_DEFAULT_SECRET_KEY)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "marketplace.core",
    "marketplace.accounts",
    "marketplace.passport",
    "marketplace.credentials",
    "marketplace.search",
    "marketplace.notifications",
    "marketplace.bookings",
    "marketplace.payments",
    "marketplace.ratings",
    "pages",
    "marketplace.demo",
    "marketplace.patterns",
    "marketplace.dashboard",
    "marketplace.api",
    "marketplace.backups",
    "marketplace.privacy",
    # The public API
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # Wagtail
    "wagtail.contrib.forms",
    "pages.apps.FrontendCacheConfig",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "marketplace.accounts.apps.WagtailUsersConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Accounts
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.headless",
    # Background work
    "huey.contrib.djhuey",
    "django_htmx",
    "storages",
    "django_prometheus",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
]
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Wagtail's search index uses PostgreSQL's full-text fields there, and Django's system
    # checks (so migrate and runserver) refuse them without this app.
    INSTALLED_APPS.append("django.contrib.postgres")
FORM_RENDERER = "marketplace.core.forms.ValundFormRenderer"

MIDDLEWARE = [
    # First and last: request counts and latency for /metrics.
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "marketplace.core.middleware.RequestIdMiddleware",
    # /healthz, /readyz and /metrics, before host checks and the HTTPS redirect.
    "marketplace.core.middleware.ProbeMiddleware",
    # 400 for a NUL (or a control character in the path) before any of it reaches a query.
    "marketplace.core.middleware.RefuseNulMiddleware",
    # Visitors' public pages from the cache as they left the site (compressed, with the security
    # headers), before sessions, CSRF and sign-in; every page's Cache-Control (public or private).
    "marketplace.core.pagecache.PageCacheMiddleware",
    # Compresses pages for browsers that accept it (static files come compressed from whitenoise,
    # which this leaves alone); it pads each response a little against BREACH-style guessing.
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "marketplace.core.middleware.PermissionsPolicyMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # After (inside) the CSP middleware: it picks the admin's policy before that one writes it.
    "marketplace.core.middleware.AdminContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's, with the redirect to a language's address kept private (marketplace.core.i18n).
    "marketplace.core.i18n.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # After CommonMiddleware's host check: links services write follow the address in use.
    "marketplace.core.middleware.RequestOriginMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A member's own language (User.language) over the cookie and the browser, where the address
    # has no language prefix; LocaleMiddleware (above) chose for visitors.
    "marketplace.accounts.middleware.MemberLanguageMiddleware",
    # Times in the member's own time zone (User.time_zone), Valund's for everyone else (#21 formats).
    "marketplace.accounts.middleware.MemberTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "marketplace.accounts.middleware.StaffTwoFactorMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "valund.urls"
WSGI_APPLICATION = "valund.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                "marketplace.core.context_processors.site",
                "marketplace.notifications.context_processors.notifications",
            ],
        },
    },
]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard:index"

# allauth: email is the login; the role is chosen at signup (see accounts.forms).
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# Nobody is signed in before proving the address: a code is emailed and typed on the page the
# member signed up from. With verification mandatory, allauth's enumeration prevention (on by
# default) answers a signup with a registered address exactly as a new one and emails the owner
# instead; "optional" would have to refuse it ("already registered") to keep addresses unique.
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_EMAIL_VERIFICATION_SUPPORTS_RESEND = True  # twice, each under the confirm_email limit below
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_FORMS = {"signup": "marketplace.accounts.forms.SignupForm"}
ACCOUNT_ADAPTER = "marketplace.accounts.adapter.AccountAdapter"
ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD = "website"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Valund] "
ACCOUNT_RATE_LIMITS = {
    # allauth's defaults, written out so they are visible and tunable in one place.
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reset_password": "20/m/ip,5/m/key",
    "reauthenticate": "10/m/user",
    "reset_password_from_key": "20/m/ip",
    "signup": "20/m/ip",
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "confirm_email": "1/3m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Valund"

# Wagtail
WAGTAIL_SITE_NAME = "Valund"
WAGTAILADMIN_BASE_URL = os.environ.get("SITE_URL", "http://localhost:8000")
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILUSERS_PASSWORD_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No Gravatar: it is a third party the CSP does not allow, and staff without an uploaded avatar get
# Wagtail's default picture instead of a broken image.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000").rstrip("/")

# Internationalisation: Swedish first, English beside it (docs/i18n.md). A visitor's language is
# the address's prefix on public pages (/sv/…, /en/…: valund/urls.py), else the cookie the
# switcher sets, else the browser's Accept-Language, else LANGUAGE_CODE; a member's own choice
# (User.language) wins over the cookie and the browser (accounts.middleware.MemberLanguageMiddleware).
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Wagtail's pages in both languages: one tree per Locale (both created by core's migration
# 0001_locales), translated in the admin with simple_translation (copies of a page to translate).
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# One date style per purpose ("30 Jan 2026", "30 Jan 2026, 14:05", "Jan 2026"): marketplace/core/formats/.
FORMAT_MODULE_PATH = ["marketplace.core.formats"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Stockholm")
USE_I18N = True
USE_TZ = True
