"""The schema and its two readers, Swagger UI and ReDoc, with their assets served by us from
drf-spectacular-sidecar's static files, so they work offline and without a CDN.

Neither page has an inline script (Swagger UI's set-up is fetched as a script of its own, the
split view; our templates in templates/drf_spectacular/ drop the inline styles and ReDoc's web
fonts). ReDoc writes its styles into <style> elements (styled-components) and runs its search in
a worker made from a blob, so its page alone gets a policy that allows those two; the rest of the
site keeps SECURE_CSP."""

from django.conf import settings
from django.utils.csp import CSP
from django.utils.decorators import method_decorator
from django.views.decorators.csp import csp_override
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny

REDOC_CSP = {
    **settings.SECURE_CSP,
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "worker-src": [CSP.SELF, "blob:"],
}


class Schema(SpectacularAPIView):
    permission_classes = [AllowAny]


class SwaggerUI(SpectacularSwaggerSplitView):
    permission_classes = [AllowAny]
    url_name = "api:schema"


@method_decorator(csp_override(REDOC_CSP), name="dispatch")
class ReDoc(SpectacularRedocView):
    permission_classes = [AllowAny]
    url_name = "api:schema"
