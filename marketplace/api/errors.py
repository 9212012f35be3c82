"""Every error of the API as RFC 9457 problem details (application/problem+json):

    {"type": "https://valund.se/api/problems/validation", "title": "Invalid input", "status": 400,
     "detail": "…", "errors": [{"field": "date", "message": "…", "code": "invalid"}],
     "request_id": "…"}

A service's refusal (DomainError) is answered like a form shows it: next to its field when its
code names a field of the request, else for the whole request; PermissionDenied is 403, a move
the object's state does not allow (InvalidTransition) 409, any other rule 422. Throttled
requests keep DRF's Retry-After."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import APIView, exception_handler

from marketplace.core.errors import DomainError, InvalidTransition
from marketplace.core.errors import PermissionDenied as DomainPermissionDenied

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_BASE = "https://valund.se/api/problems/"

TITLES = {
    400: "Invalid input",
    401: "Not signed in",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    409: "Conflict with the current state",
    415: "Unsupported media type",
    422: "Refused by a rule",
    429: "Too many requests",
    503: "Service unavailable",
}
TYPES = {
    400: "validation",
    401: "authentication",
    403: "forbidden",
    404: "not-found",
    409: "conflict",
    422: "rule",
    429: "rate-limit",
}


class RuleRefused(exceptions.APIException):
    """A service refused the request: a DomainError with the fields the request had."""

    def __init__(self, error: DomainError, *, fields=()):
        self.error = error
        self.field = error.code if error.code in fields else None
        if isinstance(error, DomainPermissionDenied):
            self.status_code = status.HTTP_403_FORBIDDEN
        elif isinstance(error, InvalidTransition):
            self.status_code = status.HTTP_409_CONFLICT
        elif self.field is not None:
            self.status_code = status.HTTP_400_BAD_REQUEST
        else:
            self.status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
        super().__init__(detail=error.message, code=error.code)


def call_service(service, *, fields=(), **kwargs):
    """Run a service; its DomainError becomes a problem, next to one of `fields` when it names it,
    and a model's full_clean() refusal a 400 with the model's field errors."""
    try:
        return service(**kwargs)
    except DomainError as error:
        raise RuleRefused(error, fields=fields) from error
    except DjangoValidationError as error:
        raise exceptions.ValidationError(
            error.message_dict if hasattr(error, "error_dict") else error.messages
        ) from error


def _field_errors(detail, prefix="") -> list[dict]:
    """DRF's nested {field: [ErrorDetail]} as a flat list with dotted field names."""
    errors = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            errors += _field_errors(value, "" if key == "non_field_errors" and not prefix else name)
    elif isinstance(detail, list):
        for index, value in enumerate(detail):
            if isinstance(value, dict | list):
                errors += _field_errors(value, f"{prefix}.{index}" if prefix else str(index))
            else:
                errors.append({"field": prefix or None, "message": str(value), "code": getattr(value, "code", None)})
    else:
        errors.append({"field": prefix or None, "message": str(detail), "code": getattr(detail, "code", None)})
    return errors


def problem(
    status_code: int, detail: str, *, request=None, errors=None, code: str | None = None, headers=None
) -> Response:
    body = {
        "type": PROBLEM_BASE + TYPES.get(status_code, "error"),
        "title": TITLES.get(status_code, "Error"),
        "status": status_code,
        "detail": detail,
    }
    if code:
        body["code"] = code
    if errors:
        body["errors"] = errors
    request_id = getattr(request, "request_id", None)
    if request_id:
        body["request_id"] = request_id
    return Response(body, status=status_code, headers=headers, content_type=PROBLEM_CONTENT_TYPE)


def problem_response(exc, context):
    """REST_FRAMEWORK["EXCEPTION_HANDLER"]."""
    request = context.get("request")
    if isinstance(exc, DomainError):
        exc = RuleRefused(exc)
    if isinstance(exc, RuleRefused):
        errors = [{"field": exc.field, "message": exc.error.message, "code": exc.error.code}] if exc.field else None
        return problem(exc.status_code, exc.error.message, request=request, errors=errors, code=exc.error.code)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    headers = {
        name: value for name, value in response.headers.items() if name in ("Retry-After", "WWW-Authenticate", "Allow")
    }
    if isinstance(exc, exceptions.ValidationError):
        return problem(
            response.status_code,
            "Some of the input is not valid.",
            request=request,
            errors=_field_errors(exc.detail),
            headers=headers,
        )
    detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
    code = exc.get_codes() if isinstance(exc, exceptions.APIException) else None
    return problem(
        response.status_code,
        str(detail),
        request=request,
        code=code if isinstance(code, str) else None,
        headers=headers,
    )


class UnknownEndpoint(APIView):
    """Any path under /api/ that names no endpoint, with any method: a 404 problem like every
    other error of the API, rather than the site's HTML page (which a program cannot read, and
    whose rendering is not the API's to depend on). Found by schemathesis's writes, which sent a
    document id of "null,null". Counted against the limits like any request."""

    authentication_classes = []
    permission_classes = []
    schema = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        raise exceptions.NotFound("No such endpoint: the schema at /api/schema/ lists them.")
