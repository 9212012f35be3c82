"""Rate limits of the API, counted by the site's own limiter (marketplace.core.ratelimit) so
that the API and the pages share one set of rules and counters: every request counts against
VALUND_RATE_LIMITS["api"] (per member, or per address for visitors), and a view may name a
limit of its own in `throttle_scope` that it counts against as well (the search: "search",
the same as the directory's), or one for each method that has one ({"POST": "booking_request"}).
Over a limit DRF answers 429 with Retry-After."""

from rest_framework.throttling import BaseThrottle

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
