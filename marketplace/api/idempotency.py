"""`Idempotency-Key` on the POSTs that create something or move a state: a program that did not
hear the answer sends the same request with the same key again and gets the first answer back
(with `Idempotent-Replayed: true`) instead of doing it twice.

Keys belong to the member who sent them and are kept in the cache (Redis in production, which
every process shares) for IDEMPOTENCY_SECONDS. While the first request runs, a second with the
same key is answered 409; a key sent again with another method, path or body is refused with
422. Answers of 5xx are not kept, so a retry after a failure runs again."""

import hashlib
from functools import wraps

from django.core.cache import cache
from rest_framework.response import Response

from .errors import problem

HEADER = "Idempotency-Key"
IDEMPOTENCY_SECONDS = 24 * 60 * 60
RUNNING_SECONDS = 60
MAX_KEY_LENGTH = 255


def _fingerprint(request) -> str:
    digest = hashlib.sha256()
    for part in (request.method.encode(), request.path.encode(), request.body):
        digest.update(part)
        digest.update(b"\0")
    return digest.hexdigest()


def idempotent(method):
    """Decorate a view's post(self, request, ...)."""

    @wraps(method)
    def wrapped(view, request, *args, **kwargs):
        key = request.headers.get(HEADER)
        if not key:
            return method(view, request, *args, **kwargs)
        if len(key) > MAX_KEY_LENGTH:
            return problem(400, f"{HEADER} is longer than {MAX_KEY_LENGTH} characters.", request=request)
        cache_key = "valund:idempotency:" + hashlib.sha256(f"{request.user.pk}:{key}".encode()).hexdigest()
        fingerprint = _fingerprint(request)
        if not cache.add(cache_key, {"fingerprint": fingerprint, "running": True}, RUNNING_SECONDS):
            kept = cache.get(cache_key) or {}
            if kept.get("fingerprint") != fingerprint:
                return problem(
                    422, f"This {HEADER} was used for another request.", request=request, code="idempotency_key_reused"
                )
            if kept.get("running"):
                return problem(
                    409,
                    f"A request with this {HEADER} is still running.",
                    request=request,
                    code="idempotency_key_running",
                )
            return Response(kept["data"], status=kept["status"], headers={"Idempotent-Replayed": "true"})
        try:
            response = method(view, request, *args, **kwargs)
        except Exception:
            cache.delete(cache_key)
            raise
        if response.status_code >= 500:
            cache.delete(cache_key)
        else:
            kept = {"fingerprint": fingerprint, "running": False, "status": response.status_code, "data": response.data}
            cache.set(cache_key, kept, IDEMPOTENCY_SECONDS)
        return response

    return wrapped
