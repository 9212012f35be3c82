"""Settings shared by every environment; everything that differs comes from the environment.

Each integration (S3, Redis, SMTP, Stripe) is switched on by its own variable and stays off
without it, so a fresh clone runs on embedded defaults: SQLite, local files, Huey on SQLite.
"""

import os
from pathlib import Path

import dj_database_url
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
    "pages",
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
    "django.middleware.security.SecurityMiddleware",
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
    # Wagtail's search index uses PostgreSQL's full-text fields there, and Django's system
    # checks (so migrate and runserver) refuse them without this app.
    INSTALLED_APPS.append("django.contrib.postgres")
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
# so production refuses the per-process fallback (see production.py).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "valund"}}

# allauth: email is the login; the role is chosen at signup (see accounts.forms).
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "optional"
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
        "huey_class": "huey.RedisHuey",
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

# Marketplace rules
VALUND_CURRENCIES = ["SEK", "EUR"]
VALUND_AVATAR_MAX_BYTES = 5 * 1024 * 1024
VALUND_AVATAR_MAX_PIXELS = 40_000_000
VALUND_DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
# How many reverse proxies (nginx, a load balancer) stand in front of the app: audit entries
# then take the client's address from X-Forwarded-For (marketplace.core.http.client_ip).
VALUND_TRUSTED_PROXIES = int(os.environ.get("VALUND_TRUSTED_PROXIES", "0"))
# Expiry reminders go out this many days before a document expires, each once.
PASSPORT_REMINDER_DAYS = [30, 7]

# Bookings: the periods of the booking lifecycle, in days (see the README's "Bookings").
# A pending request nobody answers expires after this many days.
BOOKING_REQUEST_EXPIRY_DAYS = int(os.environ.get("BOOKING_REQUEST_EXPIRY_DAYS", "5"))
# Work marked done is confirmed automatically after this many days unless the client disputes.
BOOKING_COMPLETION_REVIEW_DAYS = int(os.environ.get("BOOKING_COMPLETION_REVIEW_DAYS", "7"))
# Submitted time is approved automatically after this many days if the client does nothing;
# the client is reminded this many days before.
TIMELOG_AUTO_APPROVE_DAYS = int(os.environ.get("TIMELOG_AUTO_APPROVE_DAYS", "7"))
TIMELOG_REMINDER_DAYS_BEFORE = int(os.environ.get("TIMELOG_REMINDER_DAYS_BEFORE", "2"))
# Requests are reminded this many days before they expire.
BOOKING_EXPIRY_REMINDER_DAYS_BEFORE = 1

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Django and Huey ship handlers of their own; without propagate=False every line prints twice.
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "huey": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # Wagtail's search-index tasks log every run at INFO.
        "django_tasks": {"level": "WARNING"},
    },
}
