"""The public API (marketplace.api, docs/api.md): Django REST framework, its OpenAPI schema
(drf-spectacular, with Swagger UI and ReDoc from the sidecar's static files), and sign-in for
programs through allauth's headless mode with JWT access and refresh tokens."""

import os

# allauth headless: programs ("app", with tokens) and same-origin pages ("browser", with the
# session cookie and CSRF) sign in through /api/auth/ under the same rules as the site's forms
# (email verification, the second factor, ACCOUNT_RATE_LIMITS). The server-rendered pages stay:
# HEADLESS_ONLY is off and no HEADLESS_FRONTEND_URLS are set, so the links in allauth's letters
# still lead to them.
HEADLESS_CLIENTS = ("app", "browser")
# The role and name every signup asks for, the site's form and the programs' alike: allauth puts
# this form under both and calls its signup(), which makes the member's profile.
ACCOUNT_SIGNUP_FORM_CLASS = "marketplace.accounts.signup.SignupDetails"
HEADLESS_TOKEN_STRATEGY = "allauth.headless.tokens.strategies.jwt.JWTTokenStrategy"
# RS256 with a key of our own when HEADLESS_JWT_PRIVATE_KEY (a PEM) is set, so that other
# services can check tokens with the public key; else HS256 signed with SECRET_KEY.
HEADLESS_JWT_PRIVATE_KEY = os.environ.get("HEADLESS_JWT_PRIVATE_KEY", "")
HEADLESS_JWT_ALGORITHM = "RS256" if HEADLESS_JWT_PRIVATE_KEY else "HS256"
HEADLESS_JWT_ACCESS_TOKEN_EXPIRES_IN = int(os.environ.get("API_ACCESS_TOKEN_SECONDS", "300"))
HEADLESS_JWT_REFRESH_TOKEN_EXPIRES_IN = int(os.environ.get("API_REFRESH_TOKEN_SECONDS", str(24 * 60 * 60)))
HEADLESS_JWT_ROTATE_REFRESH_TOKEN = True
# Every access token is checked against the session it was issued in: logging out, changing
# the password or deactivating the account ends it at once, not when it expires.
HEADLESS_JWT_STATEFUL_VALIDATION_ENABLED = True

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "marketplace.api.authentication.AccessTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "marketplace.api.pagination.CursorPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_THROTTLE_CLASSES": ["marketplace.api.throttling.ApiThrottle", "marketplace.api.throttling.TokenThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "marketplace.api.errors.problem_response",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

# Per token (each program's sign-in; a browser session per member) and, for visitors, per
# address: DRF's sliding window, on top of the site's VALUND_RATE_LIMITS["api"] (docs/api.md).
API_THROTTLE_RATES = {
    "token": os.environ.get("API_THROTTLE_TOKEN", "300/min"),
    "anon": os.environ.get("API_THROTTLE_ANON", "120/min"),
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Valund API",
    "DESCRIPTION": (
        "Freelancers, their verified credentials, bookings and time. Sign in through `/api/auth/app/v1/` "
        "(allauth headless) and send the access token as `Authorization: Bearer <token>`; see docs/api.md."
    ),
    "VERSION": "1",
    "OAS_VERSION": "3.0.3",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "PREPROCESSING_HOOKS": ["marketplace.api.schema.only_the_api"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "BookingStatus": "marketplace.bookings.models.Booking.Status",
        "TimeLogStatus": "marketplace.bookings.models.TimeLog.Status",
        "DocumentStatus": "marketplace.passport.models.CompetenceDocument.Status",
        "PaymentStatus": "marketplace.payments.models.Payment.Status",
        "PaymentKind": "marketplace.payments.models.Payment.Kind",
        "DisputeReason": "marketplace.payments.models.PaymentDispute.Reason",
        "DisputeStatus": "marketplace.payments.models.PaymentDispute.Status",
        "DisputeOutcome": "marketplace.payments.models.PaymentDispute.Outcome",
        "NotificationKind": "marketplace.notifications.models.Kind",
        "RatingFlagReason": "marketplace.ratings.models.RatingFlag.Reason",
    },
}
