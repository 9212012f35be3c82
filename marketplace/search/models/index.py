"""The search index: one row per profile with everything the engine matches and ranks on,
computed ahead of time so that a search reads one narrow row per candidate.

services/index.py writes these rows (one profile after each change, or all in set-based batches);
selectors/engine.py reads them. On PostgreSQL `document` holds a weighted tsvector with a GIN
index (created by migration 0001 on PostgreSQL only) and `text` stays empty; on SQLite it is
the other way round: the engine matches words against `text`.

The tsvector is about 1,200 of a row's 1,350 bytes, and PostgreSQL keeps it inline (it moves
values out of a row only above about 2 KB), so a scan of the table reads mostly words. The
filters, sorts and facets therefore read a covering index of the other columns instead
(search_entry_filters_idx: 12 MB against 146 MB at 100,000 profiles), which needs the table's
pages marked all-visible: rebuild() vacuums, and migration 0007 makes autovacuum come sooner."""

import json

from django.contrib.postgres import search as postgres_search
from django.contrib.postgres.fields import ArrayField
from django.db import connection, models
from django.utils.translation import gettext_lazy as _

from marketplace.accounts.models import Profile

__all__ = ["IdArrayField", "SearchEntry", "SearchVectorField"]


class SearchVectorField(postgres_search.SearchVectorField):
    """A tsvector column that also exists, unused, on SQLite, where django.contrib.postgres
    is not installed (settings add it only for PostgreSQL) and Django's check would refuse it."""

    def _check_postgres_installed(self, *args):
        if connection.vendor != "postgresql":
            return []
        return super()._check_postgres_installed(*args)


class IdArrayField(ArrayField):
    """An integer[] on PostgreSQL (with its operators: && overlaps, @> contains); on SQLite,
    where the engine does not read it, the same list kept as JSON text."""

    def __init__(self, **kwargs):
        kwargs.setdefault("base_field", models.IntegerField())
        super().__init__(**kwargs)

    def _check_postgres_installed(self, *args):
        if connection.vendor != "postgresql":
            return []
        return super()._check_postgres_installed(*args)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("base_field", None)
        return name, path, args, kwargs

    def db_type(self, connection):
        return super().db_type(connection) if connection.vendor == "postgresql" else "text"

    def get_placeholder(self, value, compiler, connection):
        return super().get_placeholder(value, compiler, connection) if connection.vendor == "postgresql" else "%s"

    def get_db_prep_value(self, value, connection, prepared=False):
        value = super().get_db_prep_value(value, connection, prepared)
        if connection.vendor != "postgresql" and isinstance(value, list):
            return json.dumps(value)
        return value

    def from_db_value(self, value, expression, connection):
        if isinstance(value, str):
            return json.loads(value)
        return value


class SearchEntry(models.Model):
    """What the search knows about one profile. Derived data: rebuild_search_index recreates
    every row from the profiles, skills and passports."""

    profile = models.OneToOneField(
        Profile, on_delete=models.CASCADE, primary_key=True, related_name="search_entry"
    )
    # Weighted: name, skills and verified document types A; headline B; bio C; city D.
    document = SearchVectorField(null=True)
    # Lowercased plain text of the same fields, for SQLite's word-by-word fallback.
    text = models.TextField(blank=True, default="")
    verified_skill_count = models.PositiveSmallIntegerField(default=0)
    # The ids of the skills the profile holds, sorted: a trade or chosen skills are then a
    # condition on the entry itself (`&&`, `@>` on PostgreSQL), and the facets count them
    # without reading the skill rows of every match.
    skill_ids = IdArrayField(default=list, blank=True)
    # Bayesian average filled by the ratings app; null until a profile has ratings.
    rating_average = models.DecimalField(max_digits=4, decimal_places=3, null=True, blank=True)
    rating_count = models.PositiveIntegerField(default=0)
    # 0–1: the share of photo, headline, bio of 200+ characters, skills, rate, location, languages.
    completeness = models.FloatField(default=0)
    experience_years = models.PositiveSmallIntegerField(default=0)
    last_active_at = models.DateTimeField(null=True, blank=True)
    # ranking.static_score(): the relevance formula without the words, as of the entry's last
    # write or the daily refresh of recency. A search without words reads its order from the
    # index below instead of scoring every match.
    static_score = models.FloatField(default=0)
    indexed_at = models.DateTimeField()

    # Copies of what the filters and sorts read, so that counting and ranking tens of thousands
    # of matches scans this one narrow table instead of joining profiles, users and email
    # addresses. `is_public` is Profile.objects.for_public_display() at indexing time; the
    # page's profiles are read through for_public_display() again, so a stale copy can never
    # show a profile that is no longer public.
    is_public = models.BooleanField(default=False)
    availability = models.CharField(max_length=8, blank=True, default="")
    available_from = models.DateField(null=True, blank=True)
    hourly_rate = models.PositiveIntegerField(null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True, default="")
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    joined_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        indexes = [
            # The radius filter's bounding box.
            models.Index(fields=["latitude", "longitude"], name="search_entry_latlon_idx"),
            # Relevance without words: the page is the first rows of this index that pass the
            # filters. The other sorts have indexes of their own, on PostgreSQL only (migration
            # 0005: SQLite cannot say NULLS LAST in an index).
            models.Index(fields=["-static_score", "profile_id"], name="search_entry_static_idx",
                         condition=models.Q(is_public=True)),
            # Everything the filters, sorts and facets read, but not the words: a search that
            # must look at tens of thousands of entries (a trade, a rate range, the exact figures)
            # reads this index alone (an index-only scan, 9 MB at 100,000 profiles) instead of
            # the table, whose rows carry the tsvector (1,200 of their 1,350 bytes; PostgreSQL
            # keeps it inline, as it moves values out only above 2 KB).
            models.Index(
                fields=["profile_id"], name="search_entry_filters_idx", condition=models.Q(is_public=True),
                include=["static_score", "skill_ids", "verified_skill_count", "hourly_rate", "currency",
                         "availability", "available_from", "latitude", "longitude", "joined_at",
                         "rating_average", "rating_count"],
            ),
        ]

    def __str__(self):
        return f"Search entry of profile {self.profile_id}"
