"""Writes for search analytics: recording searches and clicks, and the nightly summary.

What is recorded, and when
--------------------------
The results page is the same for every visitor, so that a cache can keep it: it records
nothing while it renders. It carries a signed `record_token(params, total)` (the search as
recorded and its number of matches, no time, no session), and static/js/search.js posts it
to search:record once the page or an htmx swap of its results is shown, which calls
`record_search_from_token(request, token)` and answers the id; a click on a result is then
sent by navigator.sendBeacon to search:click with that id and the result's absolute
position (`result_position`), which calls `record_click`. The result links themselves go
straight to the profiles.

Without JavaScript the page does the same by itself: a `<noscript>` image asks search:shown
(a GET, the one of ours that writes: it is only in a page rendered without scripts, is rate
limited, and records nothing for a prefetch) with the same token, and each result link's `ping`
attribute makes the browser post to search:click with the token and the result's position
when the link is followed (`record_click_from_token`), which finds the search that this
searcher's page recorded (see "searcher" below). `record_search(request, params, total)`
records a search the server ran itself (tests, scripts):

    token = services.record_token(params, results.total)               # the page (ResultsPage)
    search_id = services.record_search_from_token(request, token)      # the beacon's view

One row is one search as a person means it: a query and filters, not a page view.
- Page 1 of a new query or filter set (sort included) is recorded: one INSERT.
- Further pages are not recorded; they reuse the id of the page-1 row (from the cache), so a
  click on page 2 still counts, at its absolute position (21, 22, ...).
- The same searcher repeating the same search within RECENT_SECONDS (a reload, the back
  button, an htmx swap that only re-renders the list) reuses the row instead of adding one.
  A "searcher" is a member, or a visitor's session; a visitor without a session cookie cannot
  be recognised, so each of their page-1 searches is a row, and their later pages have no id
  of their own. Their search's id is kept for RECENT_SECONDS under a keyed hash of their
  address and user agent, in the cache only (never with the search), so that a click sent by
  a link's `ping` (which carries the token, not the id) finds the search: a later page's
  too, at its absolute position. The hash never merges two searches into one row.
- A page served from a cache (Django's, the proxy's, the browser's) is counted all the same:
  the beacon is sent from the page, whatever served it, with or without JavaScript. A page
  with scripts on never loads its `<noscript>` image, so one page records its search once;
  a click sent both ways lands on the same row, where only the first click counts (and
  search.js takes the `ping` off a link whose click it sends itself). Crawlers that run no
  scripts and load no images record nothing.
- htmx requests follow the same rules: what matters is whether the query or filters changed,
  not how the request was made. A search-as-you-type form should debounce its requests
  (data-hx-trigger="input changed delay:500ms"), or every prefix typed is a search.

Personal data: a member's row names the member (SET_NULL when the account is deleted); a
visitor's row holds only an HMAC of the session key, which changes at login and cannot be
turned back into the key; no IP address, no user agent (the keyed hash of both that links a
visitor's ping to their search lives in the cache for RECENT_SECONDS). Coordinates of a radius search are
rounded to 0.1° (about 10 km): enough to see "around Göteborg", not an address. Rows older
than RETENTION_DAYS are deleted by the nightly task.

Clicks: the first click of a search is recorded (its position and time); later clicks on the
same search are not. "Where did people find what they wanted first" is the question the
report answers, and one conditional UPDATE keeps it cheap."""

import dataclasses
import datetime
import hashlib
import json
import uuid

from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.crypto import salted_hmac

from marketplace.core.http import client_ip

from ..models import PopularSearch, SearchAnalytics
from ..query import PER_PAGE, SearchParams
from ..selectors.analytics import local_midnight

__all__ = [
    "RECENT_SECONDS", "RETENTION_DAYS", "normalise_query",
    "popular_searches_aggregate", "record_click", "record_click_from_token", "record_search",
    "record_search_from_token", "record_token", "result_position", "search_filters", "searches_purge",
]

RECENT_SECONDS = 30 * 60
RETENTION_DAYS = 400  # a year of weekly comparisons, and no more
POPULAR_LIMIT = 100  # queries kept per day or week, for each of the two lists (top, zero results)
QUERY_MAX_LENGTH = 200
COORDINATE_DIGITS = 1
VISITOR_SALT = "marketplace.search.visitor"
ADDRESS_SALT = "marketplace.search.address"
USER_AGENT_MAX_LENGTH = 512
RECORD_SALT = "marketplace.search.record"
RECORD_TOKEN_MAX_LENGTH = 4000
NOT_FILTERS = {"q", "page"}


def normalise_query(q: str) -> str:
    """Lower case, single spaces, trimmed: "  Welder  GÖTEBORG" and "welder göteborg" are one query."""
    return " ".join((q or "").lower().split())[:QUERY_MAX_LENGTH]


def _json_value(value):
    if isinstance(value, tuple):
        return sorted(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def search_filters(params: SearchParams) -> dict:
    """The SearchParams fields that differ from their defaults, except the query and the page."""
    filters = {}
    for field in dataclasses.fields(SearchParams):
        value = getattr(params, field.name)
        if field.name in NOT_FILTERS or value == field.default:
            continue
        if field.name in ("lat", "lon") and value is not None:
            value = round(value, COORDINATE_DIGITS)
        filters[field.name] = _json_value(value)
    return filters


def _searcher(request) -> tuple:
    """(member, "") for a member, (None, hash) for a visitor with a session, (None, "") without."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user, ""
    session = getattr(request, "session", None)
    session_key = session.session_key if session is not None else None
    if not session_key:
        return None, ""
    return None, salted_hmac(VISITOR_SALT, session_key, algorithm="sha256").hexdigest()


def _who(request, member, visitor_hash: str) -> str:
    """Whom a recent search is remembered for: the member, the session, or else (a visitor
    without a session) a keyed hash of the address and user agent, only ever a cache key."""
    if member is not None:
        return f"m{member.pk}"
    if visitor_hash:
        return f"v{visitor_hash}"
    address = f"{client_ip(request) or ''}\n{request.META.get('HTTP_USER_AGENT', '')[:USER_AGENT_MAX_LENGTH]}"
    return "a" + salted_hmac(ADDRESS_SALT, address, algorithm="sha256").hexdigest()


def _recent_key(who: str, query: str, filters: dict) -> str:
    what = hashlib.sha256(json.dumps([query, filters], sort_keys=True).encode()).hexdigest()[:32]
    return f"search:recent:{who}:{what}"


def record_search(request, params: SearchParams, total: int) -> uuid.UUID | None:
    """Record one search (see the module's docstring for when a request counts as one) and
    return the id its clicks are recorded against, or None when this request has none."""
    return _record(request, query=normalise_query(params.q), filters=search_filters(params), page=params.page,
                   total=total)


def record_token(params: SearchParams, total: int) -> str:
    """The search as record_search would store it, and its number of matches, signed: what a
    results page hands to its recording beacon. Nothing of the visitor and no time in it, so
    every visitor of the same search gets the same page."""
    data = {"q": normalise_query(params.q), "f": search_filters(params), "p": params.page, "t": max(total, 0)}
    return signing.Signer(salt=RECORD_SALT).sign_object(data, compress=True)


def _from_token(token: str) -> tuple[str, dict, int, int]:
    """(query, filters, page, total) of a record_token; signing.BadSignature if it is not one."""
    if len(token) > RECORD_TOKEN_MAX_LENGTH:
        raise signing.BadSignature("Record token too long")
    data = signing.Signer(salt=RECORD_SALT).unsign_object(token)
    try:
        query, filters, page, total = str(data["q"]), dict(data["f"]), int(data["p"]), int(data["t"])
    except (KeyError, TypeError, ValueError) as exc:
        raise signing.BadSignature("Record token of another shape") from exc
    return query[:QUERY_MAX_LENGTH], filters, page, total


def record_search_from_token(request, token: str) -> uuid.UUID | None:
    """Record the search a results page was showing (its record_token), as record_search
    would have while rendering it. A token the site did not sign raises signing.BadSignature."""
    query, filters, page, total = _from_token(token)
    return _record(request, query=query, filters=filters, page=page, total=total)


def _record(request, *, query: str, filters: dict, page: int, total: int) -> uuid.UUID | None:
    member, visitor_hash = _searcher(request)
    key = _recent_key(_who(request, member, visitor_hash), query, filters)
    # Only members and sessions are recognised: without a session, the key is written (for
    # the clicks) but never read, so two visitors on one address are two searches.
    recent = cache.get(key) if member is not None or visitor_hash else None
    if recent is not None or page != 1:
        return recent
    search = SearchAnalytics.objects.create(
        query=query, filters=filters, result_count=max(total, 0), member=member, visitor_hash=visitor_hash
    )
    cache.set(key, search.pk, RECENT_SECONDS)
    return search.pk


def result_position(page: int, index: int, per_page: int = PER_PAGE) -> int:
    """The absolute position of the index-th result (from 1) on a page."""
    return (page - 1) * per_page + index


def record_click(*, search_id, position: int) -> bool:
    """Record the first click of a search; False when it was not the first, the search is
    unknown, or the position is beyond its results. One UPDATE, no read."""
    if position < 1:
        return False
    updated = SearchAnalytics.objects.filter(
        pk=search_id, clicked_position__isnull=True, result_count__gte=position
    ).update(clicked_position=position, clicked_at=timezone.now())
    return bool(updated)


def record_click_from_token(request, token: str, *, position: int) -> bool:
    """Record the first click of the search a results page showed (its record_token), as a
    link's `ping` sends it: the search this searcher's page recorded in the last
    RECENT_SECONDS. False when there is none, or as record_click. A token the site did not
    sign raises signing.BadSignature."""
    query, filters, _page, _total = _from_token(token)
    member, visitor_hash = _searcher(request)
    search_id = cache.get(_recent_key(_who(request, member, visitor_hash), query, filters))
    if search_id is None:
        return False
    return record_click(search_id=search_id, position=position)


def _summarise(period: str, start: datetime.date, days: int) -> int:
    """Replace the rows of one period by a fresh summary of its searches; returns how many."""
    searches = SearchAnalytics.objects.filter(
        created_at__gte=local_midnight(start),
        created_at__lt=local_midnight(start + datetime.timedelta(days=days)),
    )
    per_query = searches.values("query").annotate(
        searches=Count("pk"),
        zero=Count("pk", filter=Q(result_count=0)),
        clicks=Count("pk", filter=Q(clicked_position__isnull=False)),
    )
    chosen = {row["query"]: row for row in per_query.order_by("-searches", "query")[:POPULAR_LIMIT]}
    for row in per_query.filter(zero__gt=0).order_by("-zero", "query")[:POPULAR_LIMIT]:
        chosen.setdefault(row["query"], row)
    now = timezone.now()
    PopularSearch.objects.filter(period=period, period_start=start).delete()
    PopularSearch.objects.bulk_create(
        PopularSearch(
            period=period, period_start=start, query=row["query"], search_count=row["searches"],
            zero_result_count=row["zero"], click_count=row["clicks"],
            zero_results=row["zero"] == row["searches"], computed_at=now,
        )
        for row in chosen.values()
    )
    return len(chosen)


@transaction.atomic
def popular_searches_aggregate(*, day: datetime.date) -> dict:
    """Summarise `day` and the ISO week it belongs to (all of that week's searches so far).

    Idempotent: each run replaces the rows of that day and that week, so re-running it, or
    running it again after more searches arrived, leaves one correct set of rows."""
    monday = day - datetime.timedelta(days=day.weekday())
    return {
        "day": _summarise(PopularSearch.Period.DAY, day, 1),
        "week": _summarise(PopularSearch.Period.WEEK, monday, 7),
    }


def searches_purge(*, today: datetime.date) -> int:
    """Delete searches older than RETENTION_DAYS; the summaries stay."""
    cutoff = local_midnight(today - datetime.timedelta(days=RETENTION_DAYS))
    deleted, _ = SearchAnalytics.objects.filter(created_at__lt=cutoff).delete()
    return deleted
