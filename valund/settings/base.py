"""Settings shared by every environment; everything that differs comes from the environment.

Each integration (S3, Redis, SMTP, Stripe) is switched on by its own variable and stays off
without it, so a fresh clone runs on embedded defaults: SQLite, local files, Huey on SQLite.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("VALUND_VAR_DIR", BASE_DIR / "var"))

# Development default; production.py refuses to start with it.
INSECURE_DEFAULT_SECRET_KEY = "django-insecure-valund-development-key-do-not-use-in-production"


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", INSECURE_DEFAULT_SECRET_KEY)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "marketplace.core",
    "marketplace.accounts",
    "marketplace.passport",
    "marketplace.search",
    "marketplace.notifications",
    "marketplace.bookings",
    "marketplace.payments",
    "marketplace.ratings",
    "pages",
    "marketplace.demo",
    "marketplace.patterns",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
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
FORM_RENDERER = "marketplace.core.forms.ValundFormRenderer"

MIDDLEWARE = [
    # First and last: request counts and latency for /metrics.
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "marketplace.core.middleware.RequestIdMiddleware",
    # /healthz, /readyz and /metrics, before host checks and the HTTPS redirect.
    "marketplace.core.middleware.ProbeMiddleware",
    # 400 for a NUL (or a control character in the path) before any of it reaches a query.
    "marketplace.core.middleware.RefuseNulMiddleware",
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
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
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

# Database: SQLite in the project folder unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A web process and a Huey worker share the file: wait for locks instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database host that does not answer at all (not refusing: gone from the network) would
    # hold each request for the system's TCP timeout, minutes; this makes it the 503 page
    # (marketplace.core.unavailable) after a few seconds.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = int(
        os.environ.get("DATABASE_CONNECT_TIMEOUT", "5")
    )
    # Wagtail's search index uses PostgreSQL's full-text fields there, and Django's system
    # checks (so migrate and runserver) refuse them without this app.
    INSTALLED_APPS.append("django.contrib.postgres")
    if env_bool("DATABASE_PGBOUNCER", False):
        # PgBouncer in transaction mode hands each transaction to any server connection: a
        # server-side cursor or a prepared statement would not be there for the next one.
        DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
        DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = None
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
LOGIN_REDIRECT_URL = "accounts:dashboard"

# Cache: Redis when REDIS_URL is set. allauth's rate limits need a real, shared cache,
# so production refuses the per-process fallback (see production.py). While Redis is down the
# backend carries on with each process's own cache instead of failing pages
# (marketplace.core.cache); the timeouts bound one attempt at a silent host.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {
        "BACKEND": "marketplace.core.cache.FailSoftRedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
    }}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "valund"}}

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
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024

SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000").rstrip("/")

# Internationalisation: English first, Swedish to follow.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("sv", _("Swedish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Stockholm")
USE_I18N = True
USE_TZ = True

# Static files: whitenoise serves compressed, content-hashed files.
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# The folders of the default storage that anyone may read at MEDIA_URL (our avatars, Wagtail's
# images and admin avatars). Nothing else under MEDIA_ROOT is served as it is: Wagtail's documents
# go through its view, which checks privacy. deploy/nginx.conf lists the same folders.
PUBLIC_MEDIA_FOLDERS = ["avatars", "avatar_images", "images", "original_images"]

AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "default_acl": None,
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }
else:
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
# Private files (passport documents): a private S3 bucket with presigned URLs when
# AWS_PRIVATE_BUCKET_NAME is set, otherwise a folder outside MEDIA_ROOT with no URL at all.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private"))
AWS_PRIVATE_BUCKET_NAME = os.environ.get("AWS_PRIVATE_BUCKET_NAME", "")
PRIVATE_URL_EXPIRY_SECONDS = int(os.environ.get("PRIVATE_URL_EXPIRY_SECONDS", "60"))
if AWS_PRIVATE_BUCKET_NAME:
    _private_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_PRIVATE_BUCKET_NAME,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": PRIVATE_URL_EXPIRY_SECONDS,
            "file_overwrite": False,
            "custom_domain": None,
        },
    }
else:
    _private_storage = {
        "BACKEND": "marketplace.core.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT)},
    }
STORAGES = {
    "default": _default_storage,
    "private": _private_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# No file is kept past the largest size any upload may have (marketplace/core/uploads.py); the
# checks after it refuse it by its real size. deploy/nginx.conf's client_max_body_size bounds
# the whole request.
FILE_UPLOAD_HANDLERS = [
    "marketplace.core.uploads.CappedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Email: console unless an SMTP host is configured.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Valund <hello@valund.example>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Huey: Redis when REDIS_URL is set, PostgreSQL/any SQL database through HUEY_DATABASE_URL,
# otherwise a SQLite file next to the project, so the embedded default needs no server.
HUEY_IMMEDIATE = env_bool("HUEY_IMMEDIATE", False)
HUEY_DATABASE_URL = os.environ.get("HUEY_DATABASE_URL", "")
if REDIS_URL:
    HUEY = {
        # RedisHuey that logs a task it cannot enqueue instead of failing the request.
        "huey_class": "marketplace.core.queue.FailSoftRedisHuey",
        "name": "valund",
        "url": REDIS_URL,
        "immediate": HUEY_IMMEDIATE,
    }
elif HUEY_DATABASE_URL:
    HUEY = {
        "huey_class": "huey.contrib.sql_huey.SqlHuey",
        "name": "valund",
        "database": HUEY_DATABASE_URL,
        "immediate": HUEY_IMMEDIATE,
    }
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "valund",
        "filename": str(VAR_DIR / "huey.sqlite3"),
        "immediate": HUEY_IMMEDIATE,
    }

# Stripe (payments issue): simulated payments when no keys are set.
STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "")
STRIPE_PUBLISHABLE_KEY = os.environ.get("STRIPE_PUBLISHABLE_KEY", "")
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "")
# Another API address (a local stripe-mock, the tests' fake server); Stripe's own when empty.
STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE", "")
# The platform fee taken at release: this percentage of what the freelancer earned, at least
# the minimum (minor units per currency), rounded half up to a whole öre/cent (payments/fees.py).
PLATFORM_FEE_PERCENT = os.environ.get("PLATFORM_FEE_PERCENT", "10")
PLATFORM_FEE_MINIMUM = {"SEK": 5000, "EUR": 500}
# Escrow of a completed booking the client did not release is released after this many days
# unless a dispute is open; the client is reminded this many days before.
ESCROW_AUTO_RELEASE_DAYS = int(os.environ.get("ESCROW_AUTO_RELEASE_DAYS", "14"))
ESCROW_RELEASE_REMINDER_DAYS_BEFORE = int(os.environ.get("ESCROW_RELEASE_REMINDER_DAYS_BEFORE", "3"))

# Marketplace rules
VALUND_CURRENCIES = ["SEK", "EUR"]
VALUND_AVATAR_MAX_BYTES = 5 * 1024 * 1024
# Every uploaded image (documents, attachments, avatars, Wagtail's images) is refused past
# this many pixels, counted from its header before decoding (marketplace/core/images.py).
VALUND_IMAGE_MAX_PIXELS = 40_000_000
WAGTAILIMAGES_MAX_IMAGE_PIXELS = VALUND_IMAGE_MAX_PIXELS
VALUND_DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
VALUND_UPLOAD_MAX_BYTES = max(VALUND_AVATAR_MAX_BYTES, VALUND_DOCUMENT_MAX_BYTES, WAGTAILIMAGES_MAX_UPLOAD_SIZE)
WAGTAILDOCS_MAX_UPLOAD_SIZE = VALUND_UPLOAD_MAX_BYTES
# How many reverse proxies (nginx, a load balancer) stand in front of the app: audit entries
# then take the client's address from X-Forwarded-For (marketplace.core.http.client_ip).
VALUND_TRUSTED_PROXIES = int(os.environ.get("VALUND_TRUSTED_PROXIES", "0"))
# Expiry reminders go out this many days before a document expires, each once.
PASSPORT_REMINDER_DAYS = [30, 7]

# Bookings: the periods of the booking lifecycle, in days (see docs/bookings.md).
# A pending request nobody answers expires after this many days.
BOOKING_REQUEST_EXPIRY_DAYS = int(os.environ.get("BOOKING_REQUEST_EXPIRY_DAYS", "5"))
# Work marked done is confirmed automatically after this many days unless the client disputes.
BOOKING_COMPLETION_REVIEW_DAYS = int(os.environ.get("BOOKING_COMPLETION_REVIEW_DAYS", "7"))
# Submitted time is approved automatically after this many days if the client does nothing;
# the client is reminded this many days before.
TIMELOG_AUTO_APPROVE_DAYS = int(os.environ.get("TIMELOG_AUTO_APPROVE_DAYS", "7"))
TIMELOG_REMINDER_DAYS_BEFORE = int(os.environ.get("TIMELOG_REMINDER_DAYS_BEFORE", "2"))
# Ratings: each party may rate the other for this many days after completion (double-blind
# until both have rated or this closes), and is reminded this many days before it closes.
RATING_WINDOW_DAYS = int(os.environ.get("RATING_WINDOW_DAYS", "14"))
RATING_REMINDER_DAYS_BEFORE = int(os.environ.get("RATING_REMINDER_DAYS_BEFORE", "3"))
# The Bayesian average: as if every member started with RATING_PRIOR_WEIGHT ratings of
# RATING_PRIOR_MEAN stars (marketplace/ratings/statistics.py explains the choice).
RATING_PRIOR_MEAN = os.environ.get("RATING_PRIOR_MEAN", "4.0")
RATING_PRIOR_WEIGHT = int(os.environ.get("RATING_PRIOR_WEIGHT", "5"))
# Either party may dispute a completed booking for this many days after its completion.
BOOKING_DISPUTE_WINDOW_DAYS = int(os.environ.get("BOOKING_DISPUTE_WINDOW_DAYS", "14"))
# Requests are reminded this many days before they expire.
BOOKING_EXPIRY_REMINDER_DAYS_BEFORE = 1

# --- Production readiness: security headers, rate limits, metrics, errors, logs -------------

# allauth's per-address limits must see the visitor's address too, not the proxy's.
ALLAUTH_TRUSTED_PROXY_COUNT = VALUND_TRUSTED_PROXIES


def _bucket_origins(bucket: str, custom_domain: str = "") -> list[str]:
    """Where a bucket's files are fetched from, for the Content Security Policy."""
    if not bucket:
        return []
    if custom_domain:
        return [f"https://{custom_domain}"]
    endpoint = urlsplit(os.environ.get("AWS_S3_ENDPOINT_URL", ""))
    if endpoint.netloc:  # path-style and virtual-host-style URLs of an S3-compatible service
        return [f"{endpoint.scheme}://{endpoint.netloc}", f"{endpoint.scheme}://{bucket}.{endpoint.netloc}"]
    region = os.environ.get("AWS_S3_REGION_NAME", "")
    return [f"https://{bucket}.s3.amazonaws.com"] + ([f"https://{bucket}.s3.{region}.amazonaws.com"] if region else [])


MEDIA_ORIGINS = _bucket_origins(AWS_STORAGE_BUCKET_NAME, os.environ.get("AWS_S3_CUSTOM_DOMAIN", ""))
PRIVATE_ORIGINS = _bucket_origins(AWS_PRIVATE_BUCKET_NAME)

# Content Security Policy (Django's own, django.middleware.csp): no inline script or style
# anywhere on the public site, so injected markup cannot run. Scripts and styles are files
# under /static/; JSON-LD and JSON data blocks are not scripts and need nothing. A new
# third-party origin is added here, in the directive it needs.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    # data: for the QR code of two-factor setup; the media bucket for avatars.
    "img-src": [CSP.SELF, "data:", *MEDIA_ORIGINS],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    # Browsers apply form-action to the redirect after a POST too: funding a booking goes on
    # to Stripe Checkout, setting up payouts to Stripe Connect's onboarding.
    "form-action": [CSP.SELF, "https://checkout.stripe.com", "https://connect.stripe.com"],
    "frame-ancestors": [CSP.NONE],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
}
# The Wagtail admin (staff only, two-factor) still uses a few inline scripts and style
# attributes, so it gets a policy of its own (marketplace.core.middleware): inline allowed,
# everything else still limited to this site, the buckets (the review screen shows passport
# files from the private bucket) and Gravatar (Wagtail's user avatars). Its page previews
# frame this site, so it may be framed by itself.
VALUND_ADMIN_PATH_PREFIX = "/admin/"
SECURE_CSP_ADMIN = {
    **SECURE_CSP,
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:", "https://www.gravatar.com", *MEDIA_ORIGINS, *PRIVATE_ORIGINS],
    "frame-src": [CSP.SELF, *PRIVATE_ORIGINS],
    "frame-ancestors": [CSP.SELF],
    "base-uri": [CSP.SELF],
}
# Browser features no page of the site uses, switched off for it and anything it embeds.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "encrypted-media", "fullscreen", "geolocation",
        "gyroscope", "magnetometer", "microphone", "midi", "payment", "usb", "browsing-topics",
    )
}
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# htmx reads the token from <body data-hx-headers>, never from the cookie.
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

# Rate limits of the site's own pages (marketplace.core.ratelimit), in allauth's notation:
# amount/period/per, period s, m, h or d ("5m" is five minutes), per ip (visitors) or user
# (members). Each can be changed with RATE_LIMIT_<NAME> (RATE_LIMIT_SEARCH="30/m/ip,60/m/user").
_RATE_LIMIT_DEFAULTS = {
    # The freelancer directory and its result links.
    "search": "60/m/ip,120/m/user",
    # The search box's suggestions: one request per pause in typing.
    "suggest": "300/m/ip,600/m/user",
    # Passport uploads and new versions (POST only).
    "passport_upload": "20/h/user",
    # Public verification pages, their JSON and QR codes (a page loads its QR code: 2 hits).
    "verification": "120/m/ip,240/m/user",
    # For the bookings, messages and ratings views:
    "booking_request": "10/h/user",
    "message": "30/m/user",
    "attachment": "30/h/user",
    "flag": "10/h/user,20/h/ip",
}
VALUND_RATE_LIMITS = {
    name: os.environ.get(f"RATE_LIMIT_{name.upper()}", default) for name, default in _RATE_LIMIT_DEFAULTS.items()
}

# /metrics (marketplace.core.metrics): readable with "Authorization: Bearer <METRICS_TOKEN>" or
# from METRICS_ALLOWED_IPS (comma-separated addresses or networks); 404 for anyone else.
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
METRICS_ALLOWED_IPS = env_list("METRICS_ALLOWED_IPS")

# Sentry: errors (and optionally traces) from web and worker when SENTRY_DSN is set, without
# personal data: no cookies, no user, no addresses, no request bodies.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    import sentry_sdk
    from django.core.exceptions import ImproperlyConfigured
    from sentry_sdk.integrations.django import DjangoIntegration
    from sentry_sdk.integrations.huey import HueyIntegration
    from sentry_sdk.utils import BadDsn

    def _sentry_before_send(event, hint):
        from marketplace.core.logging import request_id

        if rid := request_id.get():
            event.setdefault("tags", {})["request_id"] = rid
        return event

    try:
        sentry_sdk.init(
            dsn=SENTRY_DSN,
            environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
            release=os.environ.get("SENTRY_RELEASE") or None,
            integrations=[DjangoIntegration(), HueyIntegration()],
            send_default_pii=False,
            max_request_body_size="never",
            traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
            before_send=_sentry_before_send,
        )
    except BadDsn as exc:
        raise ImproperlyConfigured(
            "SENTRY_DSN is not a Sentry DSN (https://<key>@<host>/<project>): copy it from the Sentry "
            "project's Client Keys page, or unset it."
        ) from exc

# Logs: one line per event with the request id (or the Huey task's); JSON when LOG_FORMAT=json
# (production's default), readable text otherwise.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "marketplace.core.logging.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "marketplace.core.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Django and Huey ship handlers of their own; without propagate=False every line prints twice.
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "huey": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # Wagtail's search-index tasks log every run at INFO.
        "django_tasks": {"level": "WARNING"},
    },
}
