"""Ratings and reviews after a completed booking: each party rates the other once, blind
(neither sees the other's review until both have written theirs or the window has closed),
the rated member may answer a public review once, anyone may flag one, moderators hide or keep
flagged reviews, and editors feature good ones.

RatingStatistics holds each member's running figures; they change only in the transaction of
a reveal or a moderation decision, and `recompute_ratings` must arrive at the same numbers."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from marketplace.bookings.models import Booking
from marketplace.core.models import TimeStampedModel

DIMENSIONS = ("overall", "communication", "quality", "timeliness", "professionalism")
SCORE = Q(overall__gte=1, overall__lte=5)


def _score(label):
    return models.PositiveSmallIntegerField(label)


class RatingQuerySet(models.QuerySet):
    def counted(self):
        """What the statistics count: revealed and not hidden by a moderator (public or private)."""
        return self.filter(revealed_at__isnull=False, hidden=False)

    def for_public(self):
        """What visitors see on a profile: counted, and public."""
        return self.counted().filter(is_public=True)


class Rating(TimeStampedModel):
    class Direction(models.TextChoices):
        OF_FREELANCER = "of_freelancer", _("The client rated the freelancer")
        OF_CLIENT = "of_client", _("The freelancer rated the client")

    booking = models.ForeignKey(Booking, on_delete=models.PROTECT, related_name="ratings")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ratings_given")
    subject = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ratings_received")
    direction = models.CharField(max_length=16, choices=Direction.choices)
    overall = _score(_("overall"))
    communication = _score(_("communication"))
    quality = _score(_("quality"))
    timeliness = _score(_("timeliness"))
    professionalism = _score(_("professionalism"))
    text = models.TextField(_("review"), max_length=5000, blank=True)
    private_note = models.TextField(_("private note to Valund"), max_length=2000, blank=True)
    is_public = models.BooleanField(_("public"), default=True)
    revealed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    hidden = models.BooleanField(default=False, help_text=_("Hidden by a moderator: not shown, not counted."))
    featured = models.BooleanField(default=False, help_text=_("Editors may show it on landing pages."))

    objects = RatingQuerySet.as_manager()

    class Meta:
        ordering = ["-revealed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["booking", "author"], name="ratings_once_per_booking_and_author"),
            *[models.CheckConstraint(condition=Q(**{f"{d}__gte": 1, f"{d}__lte": 5}), name=f"ratings_{d}_1_to_5")
              for d in DIMENSIONS],
            models.CheckConstraint(condition=~Q(author=models.F("subject")), name="ratings_not_self"),
        ]
        indexes = [
            models.Index(fields=["subject", "hidden", "revealed_at"], name="ratings_subject_visible_idx"),
        ]

    def __str__(self):
        return f"{self.overall}/5 by {self.author_id} for {self.subject_id}"

    @property
    def scores(self) -> dict[str, int]:
        return {dimension: getattr(self, dimension) for dimension in DIMENSIONS}


class RatingResponse(TimeStampedModel):
    """The rated member's one public answer to a review."""

    rating = models.OneToOneField(Rating, on_delete=models.CASCADE, related_name="response")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(max_length=2000)

    def __str__(self):
        return f"Response to {self.rating_id}"


class RatingFlag(TimeStampedModel):
    class Reason(models.TextChoices):
        ABUSIVE = "abusive", _("Abusive or hateful")
        FALSE = "false", _("False or misleading")
        PRIVATE = "private", _("Reveals private information")
        OFF_TOPIC = "off_topic", _("Not about the work")
        SPAM = "spam", _("Spam or advertising")

    rating = models.ForeignKey(Rating, on_delete=models.CASCADE, related_name="flags")
    flagged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=12, choices=Reason.choices)
    comment = models.CharField(max_length=500, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["rating", "flagged_by"], name="ratings_flag_once_per_member")]

    def __str__(self):
        return f"Flag on {self.rating_id}: {self.reason}"


class ModerationDecision(models.Model):
    """Every moderation and editorial decision about a review: the record of who did what."""

    class Action(models.TextChoices):
        HIDE = "hide", _("Hidden")
        KEEP = "keep", _("Kept")
        RESTORE = "restore", _("Shown again")
        FEATURE = "feature", _("Featured")
        UNFEATURE = "unfeature", _("No longer featured")

    rating = models.ForeignKey(Rating, on_delete=models.CASCADE, related_name="decisions")
    moderator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=10, choices=Action.choices)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.action} {self.rating_id}"


class RatingStatistics(models.Model):
    """A member's running rating figures: what their profile and the search ranking use."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rating_statistics")
    count = models.PositiveIntegerField(default=0)
    sum_overall = models.PositiveIntegerField(default=0)
    sum_communication = models.PositiveIntegerField(default=0)
    sum_quality = models.PositiveIntegerField(default=0)
    sum_timeliness = models.PositiveIntegerField(default=0)
    sum_professionalism = models.PositiveIntegerField(default=0)
    stars_1 = models.PositiveIntegerField(default=0)
    stars_2 = models.PositiveIntegerField(default=0)
    stars_3 = models.PositiveIntegerField(default=0)
    stars_4 = models.PositiveIntegerField(default=0)
    stars_5 = models.PositiveIntegerField(default=0)
    bayesian_average = models.DecimalField(max_digits=4, decimal_places=3, null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "rating statistics"

    def __str__(self):
        return f"{self.user_id}: {self.count} ratings"

    def average(self, dimension: str) -> Decimal | None:
        if not self.count:
            return None
        return (Decimal(getattr(self, f"sum_{dimension}")) / self.count).quantize(Decimal("0.01"))

    @property
    def distribution(self) -> list[tuple[int, int]]:
        """(stars, how many) from 5 down to 1."""
        return [(stars, getattr(self, f"stars_{stars}")) for stars in range(5, 0, -1)]
