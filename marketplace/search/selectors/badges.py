"""The figure behind a freelancer's "verified" badge in the admin's chooser, from the search
index (verified_skill_count), handed to accounts at start-up (apps.py, accounts/badges.py)."""

from django.db.models import F, QuerySet
from django.db.models.functions import Coalesce


def with_verified_skill_count(queryset: QuerySet) -> QuerySet:
    return queryset.annotate(verified_skill_count=Coalesce(F("search_entry__verified_skill_count"), 0))
