"""Rate limits for the site's own pages (allauth limits sign-in and sign-up itself).

    @rate_limited("search")
    def view(request): ...

The limits are in settings.VALUND_RATE_LIMITS, written as allauth writes its own:
"60/m/ip,120/m/user" is 60 requests a minute per address and 120 per member; the period is
s, m, h or d, optionally with a number ("10/5m/user"). Unlike allauth, where every rate
applies to every request, a signed-in member is counted by account (their "user" rates) and a
visitor by address (the "ip" rates): colleagues behind one office address do not share a
limit, and a member cannot escape theirs by changing networks. An action with only "ip" rates
counts members by address too; one with only "user" rates does not limit visitors (use those
on views for members only). Over the limit the view is not called: the member or visitor
gets the friendly 429 page (templates/429.html) with Retry-After.

Counters are fixed windows in the cache (Redis in production, so every process shares them):
one atomic increment per rate and request. While Redis is down they count in each process's
own memory (marketplace.core.cache): the limits still hold, per process. Why not allauth's own machinery: its public API
reads only ACCOUNT_RATE_LIMITS, refuses "user" rates for visitors, and keeps a list of
timestamps per key where one integer does.

Do not rate limit the Stripe webhook: Stripe retries, and its signature is its protection."""

import ipaddress
import math
import time
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.shortcuts import render

from .http import client_ip

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
PERS = {"ip", "user"}
# A visitor with IPv6 has a whole /64 to pick addresses from: count the network.
IPV6_PREFIX = 64


@dataclass(frozen=True)
class Rate:
    amount: int
    seconds: int
    per: str

    def __str__(self):
        return f"{self.amount}/{self.seconds}s/{self.per}"


def parse_rates(text: str) -> list[Rate]:
    rates = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        try:
            amount, period, per = part.split("/")
            unit = period[-1]
            seconds = int(period[:-1] or 1) * UNITS[unit]
            rate = Rate(int(amount), seconds, per)
        except (ValueError, KeyError, IndexError) as exc:
            raise ImproperlyConfigured(f"Rate limit {part!r}: write it as amount/period/per, e.g. 60/m/ip") from exc
        if rate.per not in PERS or rate.amount < 1:
            raise ImproperlyConfigured(f"Rate limit {part!r}: per must be ip or user, amount at least 1")
        rates.append(rate)
    return rates


def rates_for(action: str) -> list[Rate]:
    try:
        return parse_rates(settings.VALUND_RATE_LIMITS[action])
    except KeyError as exc:
        raise ImproperlyConfigured(f"No rate limit named {action!r} in VALUND_RATE_LIMITS") from exc


def _address(request) -> str:
    address = client_ip(request) or "unknown"
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/{IPV6_PREFIX}", strict=False).network_address)
    return address


def _applicable(request, rates: list[Rate]) -> list[tuple[Rate, str]]:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        per_user = [(rate, f"user:{user.pk}") for rate in rates if rate.per == "user"]
        if per_user:
            return per_user
    address = _address(request)
    return [(rate, f"ip:{address}") for rate in rates if rate.per == "ip"]


def hit(request, action: str) -> int | None:
    """Count one request for `action`; None when it is allowed, else the seconds to wait."""
    now = time.time()
    wait = None
    for rate, who in _applicable(request, rates_for(action)):
        window = int(now // rate.seconds)
        key = f"valund:rl:{action}:{rate}:{who}:{window}"
        # add() then incr(): atomic on Redis and in the local cache; the extra second keeps
        # the key alive until its window is over whatever the clock skew between processes.
        cache.add(key, 0, timeout=rate.seconds + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between the two calls: a new window
            cache.set(key, 1, timeout=rate.seconds + 1)
            count = 1
        if count > rate.amount:
            remaining = math.ceil((window + 1) * rate.seconds - now)
            wait = max(wait or 0, remaining, 1)
    return wait


def too_many_requests(request, retry_after: int | None = None):
    """The friendly 429 page; also what allauth answers with (valund.urls.handler429)."""
    response = render(request, "429.html", {"retry_after": retry_after}, status=429)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


def rate_limited(action: str, *, methods: tuple[str, ...] | None = None):
    """Limit a view (function, or method taking `request` after `self`) by VALUND_RATE_LIMITS[action].
    `methods` limits only those (say ("POST",) for a form whose GET is cheap)."""
    rates_for(action)  # a typo in the name fails at import, not on the first request

    def decorate(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            request = args[0] if isinstance(args[0], HttpRequest) else args[1]
            if methods is None or request.method in methods:
                wait = hit(request, action)
                if wait is not None:
                    return too_many_requests(request, wait)
            return view(*args, **kwargs)

        return wrapped

    return decorate
