"""What the OpenAPI schema says about signing in: the headless access token as an HTTP bearer
scheme, so Swagger UI's "Authorize" sends it as `Authorization: Bearer …`."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class AccessTokenScheme(OpenApiAuthenticationExtension):
    target_class = "marketplace.api.authentication.AccessTokenAuthentication"
    name = "accessToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": "An access token from POST /api/auth/app/v1/auth/login (allauth headless); "
            "renewed with the refresh token at POST /api/auth/app/v1/tokens/refresh.",
        }


def only_the_api(endpoints, **kwargs):
    """SPECTACULAR_SETTINGS["PREPROCESSING_HOOKS"]: the schema describes /api/v1/ alone, not the
    Wagtail admin's own API that also runs on DRF."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]
