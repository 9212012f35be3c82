"""The words of public profiles (names, headlines, bios, cities), folded, with how many
profiles have each: what a word that matches nothing is corrected against, besides the
vocabulary and the place names (understanding.py). Derived data, written whole by
services.refresh_words() after a rebuild and every night; on PostgreSQL a trigram index
(pg_trgm, migration 0012) finds the nearest words in a few milliseconds however many
profiles there are."""

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["SearchWord"]


class SearchWord(models.Model):
    word = models.CharField(max_length=40, primary_key=True)
    profiles = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")

    def __str__(self):
        return self.word
