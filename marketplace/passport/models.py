"""The competence passport: certificates and licences that staff check by hand.

A document moves uploaded → under_review → approved | rejected | requires_revision;
requires_revision → uploaded with a new version; approved → expired when its date passes,
or → revoked by staff. services.py performs every move; CompetenceAuditLog records it."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from marketplace.accounts.models import Skill
from marketplace.core.models import AppendOnlyError, AppendOnlyQuerySet, TimeStampedModel  # noqa: F401
from marketplace.core.storage import private_storage, unguessable_name
from marketplace.core.vocabulary import Vocabulary


class CompetenceTemplate(index.Indexed, Vocabulary):
    """A kind of document that editors maintain: "Hot work certificate", "First aid"…"""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(max_length=130, unique=True)
    description = models.TextField(_("description"), blank=True)
    issuing_bodies = models.TextField(
        _("issuing bodies"), blank=True, help_text=_("One issuer per line, as it appears on the document.")
    )
    expiry_required = models.BooleanField(_("expiry date required"), default=False)
    default_validity_months = models.PositiveSmallIntegerField(_("default validity (months)"), null=True, blank=True)
    skills = models.ManyToManyField(Skill, blank=True, related_name="competence_templates")
    is_active = models.BooleanField(default=True, help_text=_("Inactive types cannot be chosen for new uploads."))

    search_fields = [index.SearchField("name"), index.SearchField("name_sv"), index.SearchField("synonyms"),
                     index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("document type")
        verbose_name_plural = _("document types")

    def __str__(self):
        return self.name

    @property
    def issuer_list(self) -> list[str]:
        return [line.strip() for line in self.issuing_bodies.splitlines() if line.strip()]


def _verification_code() -> str:
    return secrets.token_urlsafe(18)


class CompetenceDocumentQuerySet(models.QuerySet):
    def valid_on(self, day):
        """Approved documents not expired on `day`."""
        return self.filter(status=CompetenceDocument.Status.APPROVED).filter(
            Q(expiry_date__isnull=True) | Q(expiry_date__gte=day)
        )

    def waiting_for_review(self):
        return self.filter(status__in=[CompetenceDocument.Status.UPLOADED, CompetenceDocument.Status.UNDER_REVIEW])


class CompetenceDocument(TimeStampedModel):
    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Uploaded, waiting for review")
        UNDER_REVIEW = "under_review", _("Under review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        REQUIRES_REVISION = "requires_revision", _("Revision requested")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")

    # Every allowed move; services refuse anything else.
    TRANSITIONS = {
        Status.UPLOADED: {Status.UNDER_REVIEW},
        Status.UNDER_REVIEW: {Status.APPROVED, Status.REJECTED, Status.REQUIRES_REVISION},
        Status.REQUIRES_REVISION: {Status.UPLOADED},
        Status.APPROVED: {Status.EXPIRED, Status.REVOKED},
        Status.REJECTED: set(),
        Status.EXPIRED: set(),
        Status.REVOKED: set(),
    }

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="competence_documents")
    template = models.ForeignKey(
        CompetenceTemplate, on_delete=models.PROTECT, null=True, blank=True, related_name="documents",
        verbose_name=_("document type"),
    )
    title = models.CharField(_("title"), max_length=160, help_text=_("As printed on the document."))
    issuer = models.CharField(_("issued by"), max_length=160)
    credential_number = models.CharField(_("certificate or licence number"), max_length=80, blank=True)
    issue_date = models.DateField(_("issue date"))
    expiry_date = models.DateField(_("expiry date"), null=True, blank=True)
    skills = models.ManyToManyField(Skill, blank=True, related_name="competence_documents")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.UPLOADED, db_index=True)
    current_version = models.ForeignKey(
        "CompetenceFile", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now, db_index=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    verification_code = models.CharField(max_length=32, unique=True, default=_verification_code, editable=False)
    verification_views = models.PositiveIntegerField(default=0)
    reminders_sent = models.JSONField(default=list, blank=True, help_text=_("Days-before values already reminded."))

    objects = CompetenceDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("competence document")
        permissions = [("review_competencedocument", "Can review competence documents")]
        indexes = [models.Index(fields=["status", "submitted_at"], name="passport_doc_queue_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(expiry_date__isnull=True) | Q(expiry_date__gte=models.F("issue_date")),
                name="passport_document_expiry_after_issue",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def type_name(self) -> str:
        return self.template.local_name if self.template_id else self.title

    def public_status(self, today=None) -> str:
        """valid / expired / revoked, as a verifier sees it."""
        today = today or timezone.localdate()
        if self.status == self.Status.REVOKED:
            return "revoked"
        if self.status == self.Status.EXPIRED or (self.expiry_date and self.expiry_date < today):
            return "expired"
        if self.status == self.Status.APPROVED:
            return "valid"
        return "unverified"


def document_file_upload_to(instance, filename):
    return unguessable_name("passport", filename)


class CompetenceFile(models.Model):
    """One uploaded version of a document's file. Earlier versions are kept."""

    document = models.ForeignKey(CompetenceDocument, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField()
    file = models.FileField(upload_to=document_file_upload_to, storage=private_storage, max_length=200)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document", "-number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="passport_file_unique_version")]

    def __str__(self):
        return f"{self.document} v{self.number}"


class CompetenceReview(TimeStampedModel):
    """One review decision. The comment goes to the freelancer; the internal note stays with staff."""

    class Decision(models.TextChoices):
        APPROVED = "approved", _("Approve")
        REJECTED = "rejected", _("Reject")
        REQUIRES_REVISION = "requires_revision", _("Request revision")
        REVOKED = "revoked", _("Revoke")

    class Check(models.TextChoices):
        IDENTITY = "identity", _("Name matches the member's identity")
        ISSUER = "issuer", _("Issuer confirmed as genuine")
        REGISTRY = "registry", _("Checked against the issuer's public register")
        DATES = "dates", _("Issue and expiry dates checked")
        INTACT = "intact", _("Document legible and unaltered")

    document = models.ForeignKey(CompetenceDocument, on_delete=models.PROTECT, related_name="reviews")
    version = models.ForeignKey(CompetenceFile, on_delete=models.PROTECT, null=True, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=20, choices=Decision.choices)
    checks = models.JSONField(default=list, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    comment = models.TextField(_("comment to the freelancer"), blank=True, max_length=4000)
    internal_note = models.TextField(_("internal note"), blank=True, max_length=4000)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_decision_display()} – {self.document}"

    def check_labels(self) -> list[str]:
        labels = dict(self.Check.choices)
        return [str(labels[c]) for c in self.checks if c in labels]


class CompetenceAuditLog(models.Model):
    """Everything that happens to a document. Append-only: the application refuses to change
    or delete a row, and on PostgreSQL a trigger refuses it too."""

    class Action(models.TextChoices):
        UPLOADED = "uploaded", _("Uploaded")
        NEW_VERSION = "new_version", _("New version uploaded")
        REVIEW_STARTED = "review_started", _("Review started")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        REVISION_REQUESTED = "revision_requested", _("Revision requested")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")
        DOWNLOADED = "downloaded", _("File opened")
        REMINDER_SENT = "reminder_sent", _("Expiry reminder sent")

    document = models.ForeignKey(CompetenceDocument, on_delete=models.PROTECT, related_name="audit_log")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=24, choices=Action.choices)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    details = models.JSONField(default=dict, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("The audit log is append-only: rows are never updated.")
        super().save(*args, **kwargs)

    save.alters_data = True

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The audit log is append-only: rows are never deleted.")

    delete.alters_data = True
