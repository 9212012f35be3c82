"""Reads for the search reports in the Wagtail admin (admin_reports.py)."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import PopularSearch, SearchAnalytics

__all__ = [
    "POSITION_BUCKETS", "QueryRow", "click_positions", "has_summary", "local_midnight", "report_weeks", "top_queries",
    "week_start", "zero_result_queries",
]

REPORT_ROWS = 50
WEEKS_OFFERED = 12
# Where the first click of a search landed: (label, first position, last position or None).
POSITION_BUCKETS = [
    ("1", 1, 1), ("2", 2, 2), ("3", 3, 3), ("4–5", 4, 5), ("6–10", 6, 10), ("11–20", 11, 20),
    (_("21 or later"), 21, None),
]


def local_midnight(day: datetime.date) -> datetime.datetime:
    """The start of a day in the site's time zone: days and weeks are counted as Sweden lives them."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def report_weeks(*, today: datetime.date | None = None) -> list[datetime.date]:
    """The Mondays a report can show: this week, and the latest summarised weeks before it."""
    this_week = week_start(today or timezone.localdate())
    summarised = (
        PopularSearch.objects.filter(period=PopularSearch.Period.WEEK, period_start__lt=this_week)
        .values_list("period_start", flat=True).distinct().order_by("-period_start")[:WEEKS_OFFERED - 1]
    )
    return [this_week, *summarised]


def has_summary(*, week: datetime.date) -> bool:
    return PopularSearch.objects.filter(period=PopularSearch.Period.WEEK, period_start=week).exists()


@dataclass(frozen=True)
class QueryRow:
    """One query's figures for a week, live from the searches (this week) or from the summary."""

    query: str
    search_count: int
    zero_result_count: int
    click_count: int

    @property
    def zero_results(self) -> bool:
        return self.zero_result_count == self.search_count


def _live(week: datetime.date):
    """This week's searches up to now, grouped by query (the nightly summary's aggregation)."""
    return (SearchAnalytics.objects.filter(created_at__gte=local_midnight(week),
                                           created_at__lt=local_midnight(week + datetime.timedelta(days=7)))
            .values("query").annotate(search_count=Count("pk"), zero_result_count=Count("pk", filter=Q(result_count=0)),
                                      click_count=Count("pk", filter=Q(clicked_position__isnull=False))))


def _summary(week: datetime.date):
    return (PopularSearch.objects.filter(period=PopularSearch.Period.WEEK, period_start=week)
            .values("query", "search_count", "zero_result_count", "click_count"))


def _rows(week: datetime.date, live: bool):
    return _live(week) if live else _summary(week)


def top_queries(*, week: datetime.date, limit: int = REPORT_ROWS, live: bool = False) -> list[QueryRow]:
    """The week's most searched queries: live from the searches when `live` (this week, so
    today's count too), else from the nightly summary."""
    return [QueryRow(**row) for row in _rows(week, live).order_by("-search_count", "query")[:limit]]


def zero_result_queries(*, week: datetime.date, limit: int = REPORT_ROWS, live: bool = False) -> list[QueryRow]:
    """Queries that found nothing at least once that week, the most frequent failures first."""
    return [QueryRow(**row) for row in _rows(week, live).filter(zero_result_count__gt=0)
            .order_by("-zero_result_count", "-search_count", "query")[:limit]]


def click_positions(*, week: datetime.date) -> dict:
    """How far down the results the week's searchers clicked first: one aggregate query."""
    start, end = local_midnight(week), local_midnight(week + datetime.timedelta(days=7))
    counts = {
        f"b{index}": Count("pk", filter=Q(clicked_position__gte=low, **(
            {"clicked_position__lte": high} if high is not None else {}
        )))
        for index, (_label, low, high) in enumerate(POSITION_BUCKETS)
    }
    totals = SearchAnalytics.objects.filter(created_at__gte=start, created_at__lt=end).aggregate(
        searches=Count("pk"), clicked=Count("pk", filter=Q(clicked_position__isnull=False)), **counts
    )
    clicked = totals["clicked"]
    return {
        "searches": totals["searches"],
        "clicked": clicked,
        "without_click": totals["searches"] - clicked,
        "buckets": [
            (label, totals[f"b{index}"], round(100 * totals[f"b{index}"] / clicked) if clicked else 0)
            for index, (label, _low, _high) in enumerate(POSITION_BUCKETS)
        ],
    }
