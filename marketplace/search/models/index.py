"""The search index: one row per profile with everything the engine matches and ranks on,
computed ahead of time so that a search reads one narrow row per candidate.

services/index.py writes these rows (one profile after each change, or all in set-based batches);
selectors/engine.py reads them. On PostgreSQL `document` holds a weighted tsvector with a GIN
index (created by migration 0001 on PostgreSQL only) and `text` stays empty; on SQLite it is
the other way round: the engine matches words against `text`."""

from django.contrib.postgres import search as postgres_search
from django.db import connection, models
from django.utils.translation import gettext_lazy as _

from marketplace.accounts.models import Profile

__all__ = ["SearchEntry", "SearchVectorField"]


class SearchVectorField(postgres_search.SearchVectorField):
    """A tsvector column that also exists, unused, on SQLite, where django.contrib.postgres
    is not installed (settings add it only for PostgreSQL) and Django's check would refuse it."""

    def _check_postgres_installed(self, *args):
        if connection.vendor != "postgresql":
            return []
        return super()._check_postgres_installed(*args)


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
        ]

    def __str__(self):
        return f"Search entry of profile {self.profile_id}"
