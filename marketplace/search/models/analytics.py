"""Search analytics: one row per search on the results page (SearchAnalytics) and the daily
and weekly summaries editors read (PopularSearch). services/analytics.py writes both."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.accounts.models import User

__all__ = ["PopularSearch", "SearchAnalytics"]


class SearchAnalytics(models.Model):
    """One search performed on the results page, and the position of the first result opened.

    A member's search names the member; a visitor's carries only a keyed hash of the session
    key (no IP address, no user agent), and nothing at all without a session. The id is a
    UUID because it appears in the result links: a sequential id would let anyone write
    click positions onto other people's searches."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    query = models.CharField(_("query"), max_length=200, blank=True)  # normalised: lower case, single spaces
    filters = models.JSONField(_("filters"), default=dict, blank=True)  # the SearchParams fields not at default
    result_count = models.PositiveIntegerField(_("results"))
    member = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    visitor_hash = models.CharField(max_length=64, blank=True)
    clicked_position = models.PositiveIntegerField(_("clicked position"), null=True, blank=True)
    clicked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("search")
        verbose_name_plural = _("searches")
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=True) | Q(visitor_hash=""), name="search_analytics_member_or_visitor"
            ),
            models.CheckConstraint(
                condition=Q(clicked_position__isnull=True) | Q(clicked_position__gte=1),
                name="search_analytics_position_from_one",
            ),
        ]

    def __str__(self):
        return f"“{self.query}” ({self.result_count})"


class PopularSearch(models.Model):
    """The most frequent queries of one day or one ISO week, with how often they found nothing.

    Derived from SearchAnalytics by the daily task; rebuilding a period replaces its rows."""

    class Period(models.TextChoices):
        DAY = "day", _("Day")
        WEEK = "week", _("Week")

    period = models.CharField(max_length=4, choices=Period.choices)
    period_start = models.DateField()  # the day, or the Monday of the week
    query = models.CharField(_("query"), max_length=200, blank=True)
    search_count = models.PositiveIntegerField(_("searches"))
    zero_result_count = models.PositiveIntegerField(_("searches without results"))
    click_count = models.PositiveIntegerField(_("searches with a click"))
    # Every search for it in the period found nothing: content or members that are missing.
    zero_results = models.BooleanField(_("never found anything"), default=False)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("popular search")
        verbose_name_plural = _("popular searches")
        ordering = ["-period_start", "-search_count", "query"]
        constraints = [
            models.UniqueConstraint(fields=["period", "period_start", "query"], name="search_popular_unique_query"),
            models.CheckConstraint(
                condition=Q(zero_result_count__lte=models.F("search_count")), name="search_popular_zero_within_count"
            ),
        ]
        indexes = [models.Index(fields=["period", "period_start", "-search_count"], name="search_popular_period_idx")]

    def __str__(self):
        return f"{self.period} {self.period_start}: “{self.query}” × {self.search_count}"
