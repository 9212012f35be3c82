"""Bookings: a client's request for a freelancer's work, its lifecycle, the time logged on it,
the files and messages the two parties exchange.

The state machine (each arrow is one function in the services package):

    pending ──accept──▶ accepted ──start──▶ in_progress ──complete──▶ completed
       │                   │                    │                        │
       ├─decline─▶ declined│                    └──dispute──▶ disputed ◀─┘
       ├─cancel──▶ cancelled ◀──cancel (before the start date)
       └─expire──▶ expired

While in progress the freelancer marks the work done (`done_at`); the client then confirms,
or the booking completes by itself after BOOKING_COMPLETION_REVIEW_DAYS unless disputed."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from marketplace.accounts.models import Skill
from marketplace.core.models import PrivateUpload, TimeStampedModel, keep_name
from marketplace.core.money import CURRENCY_CHOICES, minor_for_minutes
from marketplace.passport.models import CompetenceTemplate

MAX_EXPECTED_HOURS = Decimal("2000")


class Booking(TimeStampedModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("Requested, waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")
        EXPIRED = "expired", _("Expired unanswered")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")
        DISPUTED = "disputed", _("Disputed")

    TRANSITIONS = {
        Status.PENDING: {Status.ACCEPTED, Status.DECLINED, Status.CANCELLED, Status.EXPIRED},
        Status.ACCEPTED: {Status.IN_PROGRESS, Status.CANCELLED},
        Status.IN_PROGRESS: {Status.COMPLETED, Status.DISPUTED},
        Status.COMPLETED: {Status.DISPUTED},
        Status.DECLINED: set(),
        Status.CANCELLED: set(),
        Status.EXPIRED: set(),
        Status.DISPUTED: set(),
    }
    OPEN = (Status.PENDING, Status.ACCEPTED, Status.IN_PROGRESS)

    class Location(models.TextChoices):
        REMOTE = "remote", _("Remote")
        ON_SITE = "on_site", _("On site")

    class Pricing(models.TextChoices):
        HOURLY = "hourly", _("Hourly")
        FIXED = "fixed", _("Fixed price")

    class Priority(models.TextChoices):
        LOW = "low", _("Low")
        NORMAL = "normal", _("Normal")
        HIGH = "high", _("High")
        URGENT = "urgent", _("Urgent")

    client = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="bookings_made")
    freelancer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="bookings_received"
    )
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("description"), max_length=10000)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    location = models.CharField(_("where"), max_length=8, choices=Location.choices, default=Location.REMOTE)
    address = models.CharField(_("address"), max_length=300, blank=True)
    expected_hours = models.DecimalField(
        _("expected hours"), max_digits=6, decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(MAX_EXPECTED_HOURS)],
    )
    pricing = models.CharField(_("pricing"), max_length=8, choices=Pricing.choices, default=Pricing.HOURLY)
    hourly_rate = models.PositiveIntegerField(_("hourly rate"), null=True, blank=True,
                                              help_text=_("In minor units (öre, cents)."))
    fixed_price = models.PositiveIntegerField(_("fixed price"), null=True, blank=True,
                                              help_text=_("In minor units (öre, cents)."))
    currency = models.CharField(max_length=3, choices=CURRENCY_CHOICES, default="SEK")
    priority = models.CharField(_("priority"), max_length=8, choices=Priority.choices, default=Priority.NORMAL)
    skills = models.ManyToManyField(Skill, blank=True, related_name="bookings")
    required_documents = models.ManyToManyField(
        CompetenceTemplate, blank=True, related_name="bookings",
        help_text=_("Document types the freelancer must hold, approved and valid until the end date."),
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING, db_index=True)
    expires_at = models.DateTimeField(help_text=_("A pending request expires unanswered at this time."))
    answered_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True, help_text=_("When the freelancer marked the work done."))
    completed_at = models.DateTimeField(null=True, blank=True)
    closed_reason = models.TextField(blank=True, help_text=_("Why it was declined, cancelled or disputed."))
    # Reminders already sent, by name, so each goes out once.
    reminders_sent = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["client", "status"], name="bookings_client_status_idx"),
            models.Index(fields=["freelancer", "status"], name="bookings_freelancer_status_idx"),
            models.Index(fields=["status", "expires_at"], name="bookings_status_expiry_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="bookings_end_after_start"),
            models.CheckConstraint(condition=~Q(client=models.F("freelancer")), name="bookings_not_self"),
            models.CheckConstraint(
                condition=Q(pricing="hourly", hourly_rate__isnull=False, hourly_rate__gt=0)
                | Q(pricing="fixed", fixed_price__isnull=False, fixed_price__gt=0),
                name="bookings_price_for_pricing",
            ),
            models.CheckConstraint(
                condition=Q(location="remote") | ~Q(address=""), name="bookings_on_site_has_address"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("bookings:detail", args=[self.pk])

    @property
    def estimate(self) -> int:
        """What the client should expect to pay, in minor units: the fixed price, or the
        expected hours at the rate (rounded half up to a whole minor unit)."""
        if self.pricing == self.Pricing.FIXED:
            return self.fixed_price
        return minor_for_minutes(int(self.expected_hours * 60), self.hourly_rate)

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1

    def is_party(self, user) -> bool:
        return user.is_authenticated and user.pk in (self.client_id, self.freelancer_id)


class BookingApproval(models.Model):
    """One decision or event in a booking's workflow: the timeline both parties see."""

    class Action(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")
        EXPIRED = "expired", _("Expired unanswered")
        STARTED = "started", _("Work started")
        MARKED_DONE = "marked_done", _("Marked as done")
        CONFIRMED = "confirmed", _("Completion confirmed")
        AUTO_COMPLETED = "auto_completed", _("Completed automatically after the review period")
        DISPUTED = "disputed", _("Disputed")
        WEEK_APPROVED = "week_approved", _("Week of time approved")

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="approvals")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text=_("Empty when Valund acted on its own (expiry, automatic completion)."),
    )
    action = models.CharField(max_length=16, choices=Action.choices)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, blank=True)
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.booking_id}: {self.action}"


class TimeLog(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Waiting for approval")
        APPROVED = "approved", pgettext_lazy("time log", "Approved")
        REJECTED = "rejected", pgettext_lazy("time log", "Rejected")

    TRANSITIONS = {
        Status.DRAFT: {Status.SUBMITTED},
        Status.SUBMITTED: {Status.APPROVED, Status.REJECTED},
        Status.REJECTED: {Status.SUBMITTED},
        Status.APPROVED: set(),
    }
    EDITABLE = (Status.DRAFT, Status.REJECTED)

    booking = models.ForeignKey(Booking, on_delete=models.PROTECT, related_name="time_logs")
    freelancer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="time_logs")
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("from"), null=True, blank=True)
    end_time = models.TimeField(_("to"), null=True, blank=True)
    minutes = models.PositiveIntegerField(_("minutes"))
    description = models.CharField(_("what you did"), max_length=500)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    auto_approved = models.BooleanField(default=False)
    rejection_reason = models.TextField(blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["date", "start_time", "pk"]
        indexes = [
            models.Index(fields=["booking", "date"], name="bookings_timelog_day_idx"),
            models.Index(fields=["freelancer", "date"], name="bookings_timelog_person_idx"),
            models.Index(fields=["status", "submitted_at"], name="bookings_timelog_waiting_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(minutes__gt=0, minutes__lte=24 * 60), name="bookings_timelog_minutes"),
            models.CheckConstraint(
                condition=Q(start_time__isnull=True, end_time__isnull=True)
                | Q(start_time__isnull=False, end_time__isnull=False, end_time__gt=models.F("start_time")),
                name="bookings_timelog_interval",
            ),
        ]

    def __str__(self):
        return f"{self.date} {self.minutes} min"

    @property
    def hours(self) -> Decimal:
        return (Decimal(self.minutes) / 60).quantize(Decimal("0.01"))

    @property
    def week_start(self) -> datetime.date:
        return self.date - datetime.timedelta(days=self.date.weekday())


# Kept for migration 0001, which names it.
attachment_upload_to = keep_name


class Attachment(PrivateUpload):
    booking = models.ForeignKey(Booking, on_delete=models.PROTECT, related_name="attachments")

    class Meta(PrivateUpload.Meta):
        pass


class Message(models.Model):
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.booking_id}: {self.body[:40]}"
