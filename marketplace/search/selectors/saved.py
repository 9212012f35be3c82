"""Reads for saved searches: the owner's list, the alerts due, the profiles an alert lists."""

import datetime

from django.db.models import Q
from django.utils import timezone

from marketplace.accounts.models import Profile

from ..models import SavedSearch
from .analytics import local_midnight

__all__ = ["alert_due_before", "alert_profiles", "saved_search_of", "saved_searches_due", "saved_searches_of"]


def saved_searches_of(owner) -> list[SavedSearch]:
    return list(SavedSearch.objects.filter(owner=owner).order_by("-created_at", "-pk"))


def saved_search_of(owner, pk: int) -> SavedSearch | None:
    """The owner's saved search, or None: another member's is answered as if it did not exist."""
    return SavedSearch.objects.filter(owner=owner, pk=pk).first()


def alert_due_before(frequency: str, now: datetime.datetime) -> datetime.datetime:
    """A search with this frequency is due when it was last alerted before this moment:
    today's local midnight for daily alerts, this Monday's for weekly ones."""
    today = timezone.localdate(now)
    if frequency == SavedSearch.Frequency.WEEKLY:
        today -= datetime.timedelta(days=today.weekday())
    return local_midnight(today)


def saved_searches_due(frequency: str, *, now: datetime.datetime | None = None):
    """Ids of the saved searches with this frequency that were not alerted in this period yet."""
    cutoff = alert_due_before(frequency, now or timezone.now())
    return list(
        SavedSearch.objects.filter(frequency=frequency, owner__is_active=True)
        .filter(Q(last_alerted_at__isnull=True) | Q(last_alerted_at__lt=cutoff))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def alert_profiles(profile_ids) -> list[Profile]:
    """The profiles an alert was decided for that are still public, in the decided order."""
    by_pk = Profile.objects.for_public_display().select_related("user").in_bulk(list(profile_ids))
    return [by_pk[pk] for pk in profile_ids if pk in by_pk]
