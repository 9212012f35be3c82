"""Writes for search analytics: recording searches and clicks, and the nightly summary.

What is recorded, and when
--------------------------
The results page calls `record_search(request, params, total)` after running the search, with
the cleaned SearchParams and the total number of matches, and puts the id it returns into the
result links (`click_url`, at each result's absolute position: `result_position`), which
presentation.ResultsPage does for every card:

    search_id = services.record_search(request, params, results.total)   # the view
    ResultsPage(..., results=results, search_id=search_id)                # card.href: the click URL

One row is one search as a person means it: a query and filters, not a page view.
- Page 1 of a new query or filter set (sort included) is recorded: one INSERT.
- Further pages are not recorded; they reuse the id of the page-1 row (from the cache), so a
  click on page 2 still counts, at its absolute position (21, 22, ...).
- The same searcher repeating the same search within RECENT_SECONDS (a reload, the back
  button, an htmx swap that only re-renders the list) reuses the row instead of adding one.
  A "searcher" is a member, or a visitor's session; a visitor without a session cookie cannot
  be recognised, so each of their page-1 searches is a row, and their later pages have no id.
- htmx requests follow the same rules: what matters is whether the query or filters changed,
  not how the request was made. A search-as-you-type form should debounce its requests
  (data-hx-trigger="input changed delay:500ms"), or every prefix typed is a search.

Personal data: a member's row names the member (SET_NULL when the account is deleted); a
visitor's row holds only an HMAC of the session key, which changes at login and cannot be
turned back into the key; no IP address, no user agent. Coordinates of a radius search are
rounded to 0.1° (about 10 km): enough to see "around Göteborg", not an address. Rows older
than RETENTION_DAYS are deleted by the nightly task.

Clicks: the first click of a search is recorded (its position and time); later clicks on the
same search are not. "Where did people find what they wanted first" is the question the
report answers, and one conditional UPDATE keeps it cheap."""

import dataclasses
import datetime
import hashlib
import json
import re
import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.http import urlencode

from marketplace.core.directory import directory_url

from ..models import PopularSearch, SearchAnalytics
from ..query import PER_PAGE, SearchParams
from ..selectors.analytics import local_midnight

__all__ = [
    "RECENT_SECONDS", "RETENTION_DAYS", "click_links", "click_url", "local_profile_path", "normalise_query",
    "popular_searches_aggregate", "record_click", "record_search", "result_position", "search_filters",
    "searches_purge",
]

RECENT_SECONDS = 30 * 60
RETENTION_DAYS = 400  # a year of weekly comparisons, and no more
POPULAR_LIMIT = 100  # queries kept per day or week, for each of the two lists (top, zero results)
QUERY_MAX_LENGTH = 200
COORDINATE_DIGITS = 1
VISITOR_SALT = "marketplace.search.visitor"
NOT_FILTERS = {"q", "page"}
SLUG = re.compile(r"[-a-zA-Z0-9_]+")


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


def _recent_key(member, visitor_hash: str, query: str, filters: dict) -> str | None:
    if member is None and not visitor_hash:
        return None
    who = f"m{member.pk}" if member is not None else f"v{visitor_hash}"
    what = hashlib.sha256(json.dumps([query, filters], sort_keys=True).encode()).hexdigest()[:32]
    return f"search:recent:{who}:{what}"


def record_search(request, params: SearchParams, total: int) -> uuid.UUID | None:
    """Record one search (see the module's docstring for when a request counts as one) and
    return the id to put in the result links, or None when this request has none."""
    member, visitor_hash = _searcher(request)
    query = normalise_query(params.q)
    filters = search_filters(params)
    key = _recent_key(member, visitor_hash, query, filters)
    recent = cache.get(key) if key else None
    if recent is not None or params.page != 1:
        return recent
    search = SearchAnalytics.objects.create(
        query=query, filters=filters, result_count=max(total, 0), member=member, visitor_hash=visitor_hash
    )
    if key:
        cache.set(key, search.pk, RECENT_SECONDS)
    return search.pk


def result_position(page: int, index: int, per_page: int = PER_PAGE) -> int:
    """The absolute position of the index-th result (from 1) on a page."""
    return (page - 1) * per_page + index


def click_url(search_id, position: int, profile_path: str) -> str:
    """A result link that records the click on its way to the profile."""
    return f"{reverse('search:click', args=[search_id, position])}?{urlencode({'to': profile_path})}"


def click_links(search_id, first_position: int):
    """click_url for the results of one page, as link(index on the page from 1, profile path):
    the endpoint's address is reversed once for the page rather than once for each result."""
    prefix = reverse("search:click", args=[search_id, first_position])
    head, tail = prefix.rsplit(f"/{first_position}/", 1)
    if tail:  # not the expected …/<position>/ shape: reverse each one
        return lambda index, path: click_url(search_id, first_position + index - 1, path)
    return lambda index, path: f"{head}/{first_position + index - 1}/?{urlencode({'to': path})}"


def local_profile_path(to: str) -> str | None:
    """`to` if it is the path of a profile under the directory (/freelancers/<slug>/), else None:
    the click endpoint redirects nowhere else, whatever the link says."""
    prefix = directory_url()
    if not to or not to.startswith(prefix) or not to.endswith("/"):
        return None
    slug = to[len(prefix):-1]
    return to if SLUG.fullmatch(slug) else None


def record_click(*, search_id, position: int) -> bool:
    """Record the first click of a search; False when it was not the first, the search is
    unknown, or the position is beyond its results. One UPDATE, no read."""
    if position < 1:
        return False
    updated = SearchAnalytics.objects.filter(
        pk=search_id, clicked_position__isnull=True, result_count__gte=position
    ).update(clicked_position=position, clicked_at=timezone.now())
    return bool(updated)


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
