"""Reads that passport pages need. Each function stands alone and names what it is for.

What a freelancer sees of a review is its decision, date and comment: the queries below
never load the internal note or who reviewed, so a template cannot show them by mistake."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Exists, Min, OuterRef, Prefetch, Q
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from marketplace.accounts.models import Profile, Skill, UserSkill

from .models import CompetenceAuditLog, CompetenceDocument, CompetenceFile, CompetenceReview, CompetenceTemplate
from .qr import verification_url

Status = CompetenceDocument.Status

# The order of the freelancer's page: what needs them first, then what waits, then the rest.
OWN_PAGE_ORDER = [
    Status.REQUIRES_REVISION,
    Status.EXPIRED,
    Status.REVOKED,
    Status.UPLOADED,
    Status.UNDER_REVIEW,
    Status.APPROVED,
    Status.REJECTED,
]


@dataclass(frozen=True)
class StatusGroup:
    status: str
    label: str
    documents: list


def _feedback_prefetch() -> Prefetch:
    """Reviews as the freelancer may see them, newest first, in `document.feedback`."""
    return Prefetch(
        "reviews",
        queryset=CompetenceReview.objects.select_related("version")
        .only("id", "document_id", "version_id", "decision", "comment", "created_at", "version__number")
        .order_by("-created_at", "-pk"),
        to_attr="feedback",
    )


def own_documents_by_status(*, owner) -> list[StatusGroup]:
    """The owner's documents grouped by status in OWN_PAGE_ORDER; empty groups left out."""
    documents = (
        CompetenceDocument.objects.filter(owner=owner)
        .select_related("template", "current_version")
        .prefetch_related(_feedback_prefetch())
        .order_by("-submitted_at", "-pk")
    )
    by_status: dict[str, list] = {}
    for document in documents:
        by_status.setdefault(document.status, []).append(document)
    return [
        StatusGroup(status=status, label=Status(status).label, documents=by_status[status])
        for status in OWN_PAGE_ORDER
        if status in by_status
    ]


def documents_needing_action(*, owner, today: datetime.date | None = None) -> dict:
    """For the dashboard, in one query: how many documents the owner has (in all, and by status
    in the passport page's order), how many need them (a revision asked for, or approved and
    expiring within the first reminder's days or past their date), and the first of those (to
    link to when it is the only one)."""
    today = today or timezone.localdate()
    soon = today + datetime.timedelta(days=max(settings.PASSPORT_REMINDER_DAYS))
    revise = Q(status=Status.REQUIRES_REVISION)
    expiring = Q(status=Status.APPROVED, expiry_date__lte=soon)
    counts = CompetenceDocument.objects.filter(owner=owner).aggregate(
        total=Count("pk"), to_revise=Count("pk", filter=revise), expiring=Count("pk", filter=expiring),
        first_pk=Min("pk", filter=revise | expiring),
        **{status: Count("pk", filter=Q(status=status)) for status in OWN_PAGE_ORDER},
    )
    counts["by_status"] = [(Status(status).label, counts.pop(status)) for status in OWN_PAGE_ORDER]
    counts["by_status"] = [(label, count) for label, count in counts["by_status"] if count]
    return counts

def own_document_get(*, owner, pk: int) -> CompetenceDocument:
    """One of the owner's documents with its versions, skills and visible reviews; 404 for
    anyone else's, so its existence is not revealed."""
    queryset = (
        CompetenceDocument.objects.filter(owner=owner)
        .select_related("template", "current_version")
        .prefetch_related(
            Prefetch("versions", queryset=CompetenceFile.objects.order_by("-number")),
            "skills",
            _feedback_prefetch(),
        )
    )
    return get_object_or_404(queryset, pk=pk)


def own_document_history(*, document: CompetenceDocument) -> list[CompetenceAuditLog]:
    """What happened to the document, oldest first, as its owner sees it: actions and times.
    Who acted and from where stay in the admin; file openings are access records, not history."""
    return list(
        CompetenceAuditLog.objects.filter(document=document)
        .exclude(action=CompetenceAuditLog.Action.DOWNLOADED)
        .only("id", "document_id", "action", "from_status", "to_status", "at", "details")
        .order_by("at", "pk")
    )


def upload_templates():
    """Document types a freelancer may choose for a new upload."""
    return CompetenceTemplate.objects.filter(is_active=True).prefetch_related("skills").order_by("name")


def evidence_skill_choices(*, owner, template: CompetenceTemplate | None = None):
    """Skills a document can evidence on the upload form: the type's skills and the owner's own."""
    condition = Q(holders__profile__user=owner)
    if template is not None:
        condition |= Q(competence_templates=template)
    return Skill.objects.filter(condition).select_related("category").distinct().order_by("name")


def file_version_get(*, document_pk: int, number: int) -> CompetenceFile:
    """A document's file version with its document, for the checked file view; 404 if none."""
    return get_object_or_404(
        CompetenceFile.objects.select_related("document"), document_id=document_pk, number=number
    )


# Public verification. Anyone holding a document's code sees a PublicVerification, never the
# document: the file, the full number, review notes and who reviewed are not in it.

# Documents staff approved at some point (expired and revoked ones were approved first): only
# these have a public page. One that was never approved is as unknown as a made-up code.
VERIFIABLE_STATUSES = [Status.APPROVED, Status.EXPIRED, Status.REVOKED]
NUMBER_MASK = "••••"


@dataclass(frozen=True)
class PublicVerification:
    code: str
    url: str
    status: str  # CompetenceDocument.public_status(): valid, expired or revoked
    holder: str
    holder_url: str  # empty when the holder's profile is not public
    type_name: str
    issuer: str
    credential_number: str  # masked
    issue_date: datetime.date
    expiry_date: datetime.date | None
    checked_at: datetime.datetime | None
    checks: list[str]
    revoked_at: datetime.datetime | None

    def as_json(self) -> dict:
        return {
            "status": self.status,
            "holder": self.holder,
            "type": self.type_name,
            "issuer": self.issuer,
            "issue_date": self.issue_date.isoformat(),
            "expiry_date": self.expiry_date.isoformat() if self.expiry_date else None,
            "checked_at": self.checked_at.isoformat() if self.checked_at else None,
            "checks": self.checks,
            "verification_url": self.url,
        }


def mask_credential_number(number: str) -> str:
    """Enough to compare with the card in hand, too little to copy: the last three characters,
    and none at all of a number so short that three would give most of it away."""
    number = number.strip()
    if not number:
        return ""
    if len(number) < 6:
        return NUMBER_MASK
    return f"{NUMBER_MASK} {number[-3:]}"


def _verifiable_documents():
    approvals = (
        CompetenceReview.objects.filter(decision=CompetenceReview.Decision.APPROVED)
        .only("id", "document_id", "checks", "created_at")
        .order_by("-created_at", "-pk")
    )
    holder_is_public = Exists(Profile.objects.for_public_display().filter(user=OuterRef("owner")))
    return (
        CompetenceDocument.objects.filter(status__in=VERIFIABLE_STATUSES)
        .select_related("owner__profile", "template")
        .annotate(holder_is_public=holder_is_public)
        .prefetch_related(Prefetch("reviews", queryset=approvals, to_attr="approvals"))
    )


def verifiable_document_get(*, code: str) -> CompetenceDocument:
    """The document behind a verification code, with what its public page shows; 404 for an
    unknown code and for a document staff never approved."""
    return get_object_or_404(_verifiable_documents(), verification_code=code)


def verifiable_code_exists(*, code: str) -> bool:
    return CompetenceDocument.objects.filter(status__in=VERIFIABLE_STATUSES, verification_code=code).exists()


def public_verification(document: CompetenceDocument, *, today: datetime.date | None = None) -> PublicVerification:
    """What the verification page and its JSON show of a document from verifiable_document_get."""
    approval = document.approvals[0] if document.approvals else None
    profile = document.owner.profile
    return PublicVerification(
        code=document.verification_code,
        url=verification_url(document.verification_code),
        status=document.public_status(today),
        holder=profile.display_name,
        holder_url=profile.get_absolute_url() if document.holder_is_public else "",
        type_name=document.type_name,
        issuer=document.issuer,
        credential_number=mask_credential_number(document.credential_number),
        issue_date=document.issue_date,
        expiry_date=document.expiry_date,
        checked_at=approval.created_at if approval else None,
        checks=approval.check_labels() if approval else [],
        revoked_at=document.decided_at if document.status == Status.REVOKED else None,
    )


def printable_credentials(*, owner, today: datetime.date | None = None) -> list[PublicVerification]:
    """The owner's documents in force today, as verifiers see them, for the printed passport."""
    today = today or timezone.localdate()
    documents = (
        _verifiable_documents()
        .valid_on(today)
        .filter(owner=owner)
        .order_by(Coalesce("template__name", "title"), "pk")
    )
    return [public_verification(document, today=today) for document in documents]


def valid_documents_with_skills(*, owner, today: datetime.date | None = None) -> list[CompetenceDocument]:
    """The owner's documents in force today, with their type and the skills they evidence, for
    the public profile: one query, and one more for the skills when there are documents."""
    today = today or timezone.localdate()
    return list(
        CompetenceDocument.objects.valid_on(today)
        .filter(owner=owner)
        .select_related("template")
        .prefetch_related("skills")
        .order_by(Coalesce("template__name", "title"), "pk")
    )


def skill_evidence(documents) -> dict[int, CompetenceDocument]:
    """For each skill id, the document that evidences it for longest: one without an expiry
    date, else the one expiring last; the first in the list on a tie."""
    evidence: dict[int, CompetenceDocument] = {}
    for document in documents:
        for skill in document.skills.all():
            current = evidence.get(skill.pk)
            if current is None or _expires_later(document, current):
                evidence[skill.pk] = document
    return evidence


def _expires_later(document: CompetenceDocument, than: CompetenceDocument) -> bool:
    return (document.expiry_date or datetime.date.max) > (than.expiry_date or datetime.date.max)


# Reads of the review screens in the Wagtail admin.


def review_queue():
    """Every document as the queue lists it, oldest submission first; pk keeps pages stable."""
    return CompetenceDocument.objects.select_related("owner__profile", "template", "current_version").order_by(
        "submitted_at", "pk"
    )


def review_waiting_count() -> int:
    """Documents waiting for a reviewer (uploaded or under review): one COUNT on the queue index."""
    return CompetenceDocument.objects.waiting_for_review().count()


def approved_of_same_type(document: CompetenceDocument) -> list[CompetenceDocument]:
    """The owner's other approved documents of this document's type (the review screen warns:
    a second certificate of a type is often a renewal, or a duplicate upload)."""
    if not document.template_id:
        return []
    return list(CompetenceDocument.objects.filter(owner_id=document.owner_id, template_id=document.template_id,
                                                  status=CompetenceDocument.Status.APPROVED)
                .exclude(pk=document.pk).order_by("-issue_date", "-pk"))


def review_document(pk: int) -> CompetenceDocument:
    """One document with everything its review screen shows, in a fixed number of queries: the
    owner's profile and skills, every version with its reviews, and the audit log."""
    reviews = CompetenceReview.objects.select_related("reviewer__profile").order_by("-created_at", "-pk")
    return (
        CompetenceDocument.objects.select_related("owner__profile", "template", "current_version")
        .prefetch_related(
            "skills",
            Prefetch("owner__profile__skills", queryset=UserSkill.objects.select_related("skill")),
            Prefetch("versions", queryset=CompetenceFile.objects.order_by("-number").prefetch_related(
                Prefetch("reviews", queryset=reviews))),
            Prefetch("audit_log", queryset=CompetenceAuditLog.objects.select_related("actor__profile")),
        )
        .get(pk=pk)
    )
