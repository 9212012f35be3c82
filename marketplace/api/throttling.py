"""Rate limits of the API, in two layers.

1. The site's own limiter (marketplace.core.ratelimit), so that the API and the pages share one
   set of rules and counters: every request counts against VALUND_RATE_LIMITS["api"] (per
   member, or per address for visitors), and a view may name a limit of its own in
   `throttle_scope` that it counts against as well (the search: "search", the same as the
   directory's), or one for each method that has one ({"POST": "booking_request"}).
2. Per token (TokenThrottle): each sign-in of a program (the session its access and refresh
   tokens belong to, allauth's `sid`) has its own budget, API_THROTTLE_RATES["token"], so one
   runaway script does not spend the member's whole allowance; a browser session (the Swagger
   UI) counts per member, and visitors per address under API_THROTTLE_RATES["anon"].

Over any limit DRF answers 429 with Retry-After (seconds), as an RFC 9457 problem."""

import hashlib

from django.conf import settings
from rest_framework.throttling import BaseThrottle, SimpleRateThrottle

from marketplace.core.http import client_ip
from marketplace.core.ratelimit import hit


class ApiThrottle(BaseThrottle):
    def allow_request(self, request, view):
        waits = [hit(request, "api")]
        scope = getattr(view, "throttle_scope", None)
        if isinstance(scope, dict):
            scope = scope.get(request.method)
        if scope:
            waits.append(hit(request, scope))
        known = [wait for wait in waits if wait is not None]
        self._wait = max(known) if known else None
        return self._wait is None

    def wait(self):
        return self._wait


class TokenThrottle(SimpleRateThrottle):
    """DRF's sliding window, keyed by the token's sign-in, the member or the visitor's address;
    rates written as DRF writes them ("300/min") in settings.API_THROTTLE_RATES."""

    cache_format = "valund:api-throttle:%(scope)s:%(ident)s"

    def __init__(self):  # the rate depends on who asks: read in allow_request
        pass

    def allow_request(self, request, view):
        self.scope, ident = self._who(request)
        self.rate = settings.API_THROTTLE_RATES.get(self.scope)
        if not self.rate:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        self.key = self.cache_format % {"scope": self.scope, "ident": ident}
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):  # allow_request sets the key itself
        return self.key

    @staticmethod
    def _who(request) -> tuple[str, str]:
        payload = request.auth if isinstance(request.auth, dict) else None
        if payload and payload.get("sid"):
            return "token", hashlib.sha256(payload["sid"].encode()).hexdigest()
        if request.user and request.user.is_authenticated:
            return "token", f"user:{request.user.pk}"
        return "anon", client_ip(request) or "unknown"
