"""In-app notifications and each member's choice of which ones also come by email.

A notification is written once per event: `event_key` names the event (for example
`booking:12:accepted`), and the pair (recipient, event_key) is unique, so a retried task or a
double click can never notify twice."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    BOOKING_REQUESTED = "booking_requested", _("A new booking request")
    BOOKING_ACCEPTED = "booking_accepted", _("Your request was accepted")
    BOOKING_DECLINED = "booking_declined", _("Your request was declined")
    BOOKING_CANCELLED = "booking_cancelled", _("A booking was cancelled")
    BOOKING_EXPIRED = "booking_expired", _("A request expired unanswered")
    BOOKING_STARTED = "booking_started", _("Work on a booking started")
    BOOKING_DONE = "booking_done", _("Work was marked as done")
    BOOKING_COMPLETED = "booking_completed", _("A booking was completed")
    BOOKING_DISPUTED = "booking_disputed", _("A booking was disputed")
    TIME_SUBMITTED = "time_submitted", _("Time was submitted for approval")
    TIME_APPROVED = "time_approved", _("Your time was approved")
    TIME_REJECTED = "time_rejected", _("Your time was rejected")
    ESCROW_FUNDED = "escrow_funded", _("Money was paid into escrow")
    ESCROW_RELEASED = "escrow_released", _("Escrow was released to you")
    ESCROW_REFUNDED = "escrow_refunded", _("Money was refunded to you")
    ESCROW_RELEASE_SOON = "escrow_release_soon", _("Reminder: escrow is about to be released")
    DISPUTE_OPENED = "dispute_opened", _("A payment was disputed")
    DISPUTE_RESOLVED = "dispute_resolved", _("A dispute was decided")
    RATING_RECEIVED = "rating_received", _("You received a review")
    RATING_REMINDER = "rating_reminder", _("Reminder: rate a completed booking")
    MESSAGE = "message", _("A new message")
    ATTACHMENT = "attachment", _("A new file on a booking")
    REMINDER_REQUEST_EXPIRING = "reminder_request_expiring", _("Reminder: a request is about to expire")
    REMINDER_TIME_WAITING = "reminder_time_waiting", _("Reminder: time is waiting for your approval")
    REMINDER_BOOKING_TOMORROW = "reminder_booking_tomorrow", _("Reminder: a booking starts tomorrow")
    PASSPORT_DECISION = "passport_decision", _("A passport document was checked")
    PASSPORT_EXPIRING = "passport_expiring", _("Reminder: a passport document is about to expire")
    SAVED_SEARCH_ALERT = "saved_search_alert", _("New freelancers match a saved search")


# Kinds that do not send email unless the member asks for it: messages come in bursts.
EMAIL_OFF_BY_DEFAULT = {Kind.MESSAGE, Kind.ATTACHMENT}


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=40, choices=Kind.choices)
    event_key = models.CharField(max_length=120)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    email_sent_at = models.DateTimeField(null=True, blank=True)
    # An app that writes its own email for the event (the passport's decision letter) gives its
    # subject and body here; otherwise the email is the title and body with a link.
    email_subject = models.CharField(max_length=200, blank=True)
    email_body = models.TextField(blank=True)
    # The one-click link that stops emails like this one (a saved search's alerts), for the
    # email's List-Unsubscribe header; the body carries its own copy.
    email_unsubscribe_url = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "event_key"], name="notifications_once_per_event"),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notifications_unread_idx"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class EmailPreference(models.Model):
    """A member's choice for one kind of notification; no row means the default."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preferences")
    kind = models.CharField(max_length=40, choices=Kind.choices)
    email = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notifications_preference_once")]

    def __str__(self):
        return f"{self.user_id} {self.kind}: {'email' if self.email else 'in-app only'}"
