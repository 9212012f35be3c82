"""A member's request about their own data (an export or the closing of the account) and the
record of what was done about it. The request outlives the erasure: it is the proof that the
member's data were erased, when and by whom, and names the member only by their pseudonym."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.core.models import TimeStampedModel


class DataRequest(TimeStampedModel):
    class Kind(models.TextChoices):
        EXPORT = "export", _("Export of the member's data")
        ERASURE = "erasure", _("Closing of the account (erasure)")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Being built")
        READY = "ready", _("Ready to download")
        DONE = "done", _("Done")
        REFUSED = "refused", _("Refused")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Expired (file deleted)")

    TRANSITIONS = {
        Status.PENDING: {Status.RUNNING, Status.DONE, Status.REFUSED, Status.FAILED},
        Status.RUNNING: {Status.READY, Status.FAILED},
        Status.READY: {Status.EXPIRED},
        Status.DONE: set(),
        Status.REFUSED: set(),
        Status.FAILED: {Status.RUNNING},  # a retry of the task
        Status.EXPIRED: set(),
    }

    kind = models.CharField(max_length=8, choices=Kind.choices)
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="data_requests")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        help_text=_("The member, or the staff member who entered the request for them."),
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING, db_index=True)
    progress = models.PositiveSmallIntegerField(default=0, help_text=_("Per cent done, for an export."))
    file = models.CharField(max_length=200, blank=True, help_text=_("The ZIP's name in private storage."))
    size = models.PositiveBigIntegerField(default=0)
    expires_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text=_("The staff member who carried it out, when it was not the member."),
    )
    note = models.TextField(_("note"), blank=True, max_length=2000)
    # What was done: counts per kind of data, the pseudonym, the reason of a refusal.
    record = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("data request")
        verbose_name_plural = _("data requests")
        permissions = [("handle_datarequest", "Can carry out members' data requests")]
        indexes = [models.Index(fields=["kind", "status", "expires_at"], name="privacy_request_due_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"
