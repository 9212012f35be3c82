"""allauth's rate limits (ACCOUNT_RATE_LIMITS), answered the way tools expect: 429 with
Retry-After, the seconds until allauth lets the next try through.

allauth answers its limits with a 429 that does not say when to come back, and a locked account
(too many failed sign-ins, "login_failed") with the sign-in form and an error, status 200. The
wait is read from allauth's own counters: for each rate, a list of the hits' timestamps in the
cache, newest first, under allauth's key; the rate lets a try through again once its
amount-th newest hit is older than its period."""

import math
import time

from allauth.account import app_settings as allauth_settings
from allauth.core.internal import ratelimit as allauth_ratelimit
from django.core.cache import cache

from marketplace.core import ratelimit

APP = "allauth.account"


def _wait_for(request, action: str, rates, *, key=None) -> int | None:
    now = time.time()
    wait = None
    for rate in rates:
        if rate.per == "key" and key is None or rate.per == "user" and not request.user.is_authenticated:
            continue
        cache_key = allauth_ratelimit.get_cache_key(request, app=APP, action=action, rate=rate, key=key)
        recent = sorted((hit for hit in cache.get(cache_key, []) if hit > now - rate.duration), reverse=True)
        if len(recent) >= rate.amount:
            wait = max(wait or 1, math.ceil(recent[rate.amount - 1] + rate.duration - now))
    return wait


def seconds_until_allowed(request, action: str, *, key=None) -> int | None:
    """Seconds until allauth allows `action` again for this request (its address, member and
    `key` rates); None when nothing holds it back."""
    return _wait_for(request, action, allauth_ratelimit.get_rates(app=APP, action=action), key=key)


def too_many_requests(request):
    """valund.urls.handler429: allauth calls it without saying which limit was hit, so the wait is
    the longest of the limits this address (or member) is over. A limit counted by a key (an email
    address) cannot be looked up without it: then the longest period of such a limit, which is
    never too early."""
    waits = [seconds_until_allowed(request, action) for action in allauth_settings.RATE_LIMITS]
    known = [wait for wait in waits if wait]
    if known:
        wait = max(known)
    else:
        by_key = [rate.duration for action in allauth_settings.RATE_LIMITS
                  for rate in allauth_ratelimit.get_rates(app=APP, action=action) if rate.per == "key"]
        wait = math.ceil(max(by_key, default=60))
    return ratelimit.too_many_requests(request, wait)
