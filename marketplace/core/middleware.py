"""Project-wide middleware: request ids and origins, the probe endpoints, and the security
headers Django has no setting for (Permissions-Policy) or sets one way for the whole site (CSP)."""

import re
import uuid

from django.conf import settings
from django.core.exceptions import SuspiciousOperation

from . import health, metrics
from .http import request_origin, site_origin
from .logging import request_id

REQUEST_ID_HEADER = "X-Request-ID"
# What we accept from a proxy or client: short, and harmless in a log line and a Huey task id.
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


class RequestIdMiddleware:
    """Takes the X-Request-ID a proxy sent (nginx's $request_id) or makes one, keeps it in a
    context variable for the log filter and for Huey tasks enqueued during the request, and
    returns it in the response's X-Request-ID.

    The variable is cleared when the request is finished (request_finished), not when this
    middleware returns: Django logs "Not Found", "Too Many Requests" and the like after the
    whole middleware chain, and those lines belong to the request too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        rid = incoming if _VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = rid
        request_id.set(rid)
        response = self.get_response(request)
        response.headers.setdefault(REQUEST_ID_HEADER, rid)
        return response


def clear_request_id(**kwargs):
    request_id.set(None)


class RequestOriginMiddleware:
    """Keeps the request's origin in core.http.request_origin while the view runs, so that
    links written by services (notification emails) follow the address the member is using.
    After CommonMiddleware, which has already refused a Host not in ALLOWED_HOSTS."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = request_origin.set(site_origin(request))
        try:
            return self.get_response(request)
        finally:
            request_origin.reset(token)


class ProbeMiddleware:
    """Answers /healthz, /readyz and /metrics before anything else looks at the request.

    Load balancers and Prometheus call the processes by address, so their Host header is not in
    ALLOWED_HOSTS, and they speak plain HTTP inside the network: answering here, ahead of
    SecurityMiddleware and CommonMiddleware, spares them the HTTPS redirect and the 400 for an
    unknown host. /metrics checks its own token or address (marketplace.core.metrics)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.probes = {"/healthz": health.healthz, "/readyz": health.readyz, "/metrics": metrics.metrics_view}

    def __call__(self, request):
        probe = self.probes.get(request.path_info.rstrip("/") or "/")
        if probe is not None:
            return probe(request)
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Sends PERMISSIONS_POLICY (a dict of feature: allowed origins) as Permissions-Policy."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(origins)})" for feature, origins in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


class AdminContentSecurityPolicyMiddleware:
    """The Wagtail admin gets SECURE_CSP_ADMIN instead of the site's SECURE_CSP.

    Wagtail's admin still writes a few inline scripts (date pickers, inline panels) and style
    attributes, so a policy without 'unsafe-inline' would break it. The public site, where
    visitors and members type what others read, keeps the strict policy. Listed after Django's
    ContentSecurityPolicyMiddleware, so this runs first on the response and sets the policy
    that middleware then writes.

    A page's preview gets SECURE_CSP_PREVIEW and X-Frame-Options SAMEORIGIN: the public policy,
    except that the admin's preview panel (this site, and nobody else) may frame it."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = settings.VALUND_ADMIN_PATH_PREFIX

    def __call__(self, request):
        response = self.get_response(request)
        # What django.views.decorators.csp.csp_override does for one view; a view's own wins.
        if hasattr(response, "_csp_config"):
            return response
        if getattr(request, "is_preview", False):
            # Wagtail's preview (serve_preview) runs the middleware for a made-up request at the
            # page's public path, marked is_preview; the admin's preview panel frames the answer.
            response._csp_config = settings.SECURE_CSP_PREVIEW
            response["X-Frame-Options"] = "SAMEORIGIN"
        elif request.path_info.startswith(self.prefix):
            response._csp_config = settings.SECURE_CSP_ADMIN
        return response



class NulCharacterInRequest(SuspiciousOperation):
    """Logged as django.security.NulCharacterInRequest, answered 400 (templates/400.html)."""


# Control characters in a path: no address of ours has them. In values only NUL is refused:
# a textarea sends tabs and line breaks, and only NUL is what PostgreSQL refuses in text.
_CONTROL_IN_PATH = re.compile(r"[\x00-\x1f\x7f]")


class RefuseNulMiddleware:
    """Answers 400 when the path has a control character, or the query string or a form body a
    NUL: PostgreSQL refuses NUL in text (psycopg raises DataError), so any value that reaches a
    query would be a 500 wherever a view or a library looks something up by it.

    Form bodies are checked once the view is known (process_view), for views that read their
    fields: a csrf_exempt view (the Stripe webhook) or one marked ``reads_raw_body`` (allauth's
    headless JSON endpoints) reads its raw body instead, which parsing a multipart body as
    fields first would make unreadable. Files in a multipart body are not looked at."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _CONTROL_IN_PATH.search(request.path_info):
            raise NulCharacterInRequest("Control character in the path")
        self._check(request.GET, "query string")
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method == "POST" and not (
            getattr(view_func, "csrf_exempt", False) or getattr(view_func, "reads_raw_body", False)
        ):
            self._check(request.POST, "form body")

    @staticmethod
    def _check(data, where):
        for key, values in data.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                raise NulCharacterInRequest(f"NUL in the {where}")
