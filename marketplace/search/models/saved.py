"""Saved searches and their email alerts. services/saved.py writes these rows."""

import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.accounts.models import Profile, User
from marketplace.core.directory import directory_url
from marketplace.core.models import TimeStampedModel

__all__ = ["SavedSearch", "SavedSearchSeen"]


def new_unsubscribe_key() -> str:
    return secrets.token_urlsafe(24)


class SavedSearch(TimeStampedModel):
    """A member's search, kept as the canonical querystring of the results page (forms.py
    writes and reads it), so running it is a link and the alert runs exactly that search."""

    class Frequency(models.TextChoices):
        OFF = "off", _("No emails")
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")

    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="saved_searches")
    name = models.CharField(_("name"), max_length=120)
    querystring = models.CharField(max_length=2000, blank=True)
    frequency = models.CharField(
        _("email alerts"), max_length=8, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    last_alerted_at = models.DateTimeField(null=True, blank=True)
    # What an email's unsubscribe link names (signed, with its date): random, so the link says
    # nothing about the member or the search.
    unsubscribe_key = models.CharField(max_length=40, unique=True, default=new_unsubscribe_key, editable=False)

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "querystring"], name="search_saved_unique_per_owner"),
            models.CheckConstraint(
                condition=models.Q(frequency__in=["off", "daily", "weekly"]), name="search_saved_frequency_valid"
            ),
        ]
        indexes = [models.Index(fields=["frequency", "last_alerted_at"], name="search_saved_due_idx")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        """Running the search: the results page with the saved querystring."""
        return directory_url(self.querystring)


class SavedSearchSeen(models.Model):
    """A freelancer this saved search has already reported (or who matched when it was saved):
    an alert lists only matching freelancers without a row here, so no one is sent twice."""

    saved_search = models.ForeignKey(SavedSearch, on_delete=models.CASCADE, related_name="seen")
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("freelancer already reported")
        constraints = [
            models.UniqueConstraint(fields=["saved_search", "profile"], name="search_saved_seen_unique"),
        ]

    def __str__(self):
        return f"{self.saved_search_id}: {self.profile_id}"
