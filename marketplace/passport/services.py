"""Every change to the competence passport. Each transition locks the document row, checks who
may act and from which state, writes its audit entry in the same transaction, and refuses
anything else with a message the user can act on."""

import datetime
from contextlib import contextmanager

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.accounts.models import User
from marketplace.core.errors import DomainError, InvalidTransition, PermissionDenied
from marketplace.core.files import check_document
from marketplace.core.storage import private_storage, unguessable_name

from .emails import notify_decision, notify_expiry
from .models import CompetenceAuditLog, CompetenceDocument, CompetenceFile, CompetenceReview, CompetenceTemplate
from .rules import can_open_file, can_review

Status = CompetenceDocument.Status
Action = CompetenceAuditLog.Action
Decision = CompetenceReview.Decision
Check = CompetenceReview.Check

# A reviewer cannot approve without having checked these; the register check is optional
# because not every issuer publishes one.
CHECKS_REQUIRED_FOR_APPROVAL = {Check.IDENTITY, Check.ISSUER, Check.DATES, Check.INTACT}
DECISION_STATUS = {
    Decision.APPROVED: Status.APPROVED,
    Decision.REJECTED: Status.REJECTED,
    Decision.REQUIRES_REVISION: Status.REQUIRES_REVISION,
}
DECISION_ACTION = {
    Decision.APPROVED: Action.APPROVED,
    Decision.REJECTED: Action.REJECTED,
    Decision.REQUIRES_REVISION: Action.REVISION_REQUESTED,
}


def _audit(document, *, action, actor=None, from_status="", to_status="", ip=None, **details):
    return CompetenceAuditLog.objects.create(
        document=document, actor=actor, action=action, from_status=from_status, to_status=to_status,
        ip=ip, details=details,
    )


def _lock(document: CompetenceDocument) -> CompetenceDocument:
    return CompetenceDocument.objects.select_for_update().get(pk=document.pk)


def _move(document: CompetenceDocument, to: str) -> str:
    """Check the transition map and move; returns the state it came from."""
    current = document.status
    if to not in CompetenceDocument.TRANSITIONS[current]:
        raise InvalidTransition(
            _("This document is “%(current)s”, so it cannot become “%(target)s”. Reload the page to see its state.")
            % {"current": Status(current).label, "target": Status(to).label},
            code="transition",
        )
    document.status = to
    return current


def _check_seen_version(document, seen_version_id) -> None:
    """A reviewer's page opened before the freelancer sent a new file must not decide about it."""
    if seen_version_id is not None and seen_version_id != document.current_version_id:
        raise DomainError(
            _("A new version of this document was uploaded after you opened this page. Look at it before you decide."),
            code="stale",
        )


def _require_reviewer(user) -> None:
    if not can_review(user):
        raise PermissionDenied(_("Only passport reviewers may do this."))


def _check_dates(*, template, issue_date, expiry_date, today) -> None:
    if issue_date > today:
        raise DomainError(_("The issue date is in the future."), code="issue_date")
    if template is not None and template.expiry_required and expiry_date is None:
        raise DomainError(_("A %(type)s always has an expiry date: enter it.") % {"type": template.name},
                          code="expiry_date")
    if expiry_date is not None:
        if expiry_date < issue_date:
            raise DomainError(_("The expiry date is before the issue date."), code="expiry_date")
        if expiry_date < today:
            raise DomainError(_("This document has already expired; upload the renewed one."), code="expiry_date")


@contextmanager
def _stored(upload, checked):
    """Write the file to private storage, and remove it again if the rows that name it are
    not written: a refused or failed upload leaves nothing behind."""
    name = private_storage().save(unguessable_name("passport", f"document.{checked.extension}"), upload)
    try:
        yield name
    except BaseException:
        private_storage().delete(name)
        raise


def _add_version(*, document, name, checked, upload, actor, number) -> CompetenceFile:
    version = CompetenceFile.objects.create(
        document=document, number=number, file=name, original_name=upload.name[:255],
        content_type=checked.content_type, size=checked.size, sha256=checked.sha256, uploaded_by=actor,
    )
    document.current_version = version
    return version


def document_upload(
    *, owner: User, upload, title: str, issuer: str, issue_date: datetime.date,
    template: CompetenceTemplate | None = None, credential_number: str = "",
    expiry_date: datetime.date | None = None, skills=(), ip: str | None = None,
) -> CompetenceDocument:
    """A freelancer adds a document to their passport; it waits for review."""
    if owner.role != User.Role.FREELANCER:
        raise PermissionDenied(_("Only freelancers keep a competence passport."))
    if not owner.email_verified:
        raise PermissionDenied(_("Confirm your email address before you upload documents."), code="unverified")
    if template is not None and not template.is_active:
        raise DomainError(_("That document type can no longer be chosen."), code="template")
    if not (title or "").strip() or not (issuer or "").strip():
        raise DomainError(_("Enter the document's title and who issued it."), code="required")
    _check_dates(template=template, issue_date=issue_date, expiry_date=expiry_date, today=timezone.localdate())
    checked = check_document(upload)
    with _stored(upload, checked) as name, transaction.atomic():
        document = CompetenceDocument.objects.create(
            owner=owner, template=template, title=title.strip(), issuer=issuer.strip(),
            credential_number=credential_number.strip(), issue_date=issue_date, expiry_date=expiry_date,
            status=Status.UPLOADED, submitted_at=timezone.now(),
        )
        if skills:
            document.skills.set(skills)
        version = _add_version(document=document, name=name, checked=checked, upload=upload, actor=owner, number=1)
        document.save(update_fields=["current_version"])
        _audit(document, action=Action.UPLOADED, actor=owner, to_status=Status.UPLOADED, ip=ip,
               version=1, sha256=version.sha256, content_type=version.content_type, size=version.size)
    return document


def document_new_version(*, actor: User, document: CompetenceDocument, upload, ip: str | None = None):
    """The owner answers a revision request with a new file; earlier versions are kept."""
    if actor.pk != document.owner_id:
        raise PermissionDenied(_("Only the document's owner can upload a new version."))
    checked = check_document(upload)
    with _stored(upload, checked) as name, transaction.atomic():
        document = _lock(document)
        previous = _move(document, Status.UPLOADED)
        number = (document.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        version = _add_version(document=document, name=name, checked=checked, upload=upload, actor=actor,
                               number=number)
        document.submitted_at = timezone.now()
        document.decided_at = None
        document.save(update_fields=["status", "current_version", "submitted_at", "decided_at", "updated_at"])
        _audit(document, action=Action.NEW_VERSION, actor=actor, from_status=previous, to_status=document.status,
               ip=ip, version=number, sha256=version.sha256, content_type=version.content_type, size=version.size)
    return document


@transaction.atomic
def review_start(*, reviewer: User, document: CompetenceDocument, ip: str | None = None) -> CompetenceDocument:
    """A reviewer takes a waiting document; two reviewers cannot both take it."""
    _require_reviewer(reviewer)
    document = _lock(document)
    if reviewer.pk == document.owner_id:
        raise PermissionDenied(_("You cannot review your own documents."))
    previous = _move(document, Status.UNDER_REVIEW)
    document.save(update_fields=["status", "updated_at"])
    _audit(document, action=Action.REVIEW_STARTED, actor=reviewer, from_status=previous,
           to_status=document.status, ip=ip)
    return document


@transaction.atomic
def review_decide(
    *, reviewer: User, document: CompetenceDocument, decision: str, checks=(), score: int | None = None,
    comment: str = "", internal_note: str = "", ip: str | None = None, seen_version_id: int | None = None,
) -> CompetenceReview:
    """Approve, reject or request revision of a document under review. Exactly one decision
    stands when two reviewers act at once: the second finds the document already decided."""
    _require_reviewer(reviewer)
    if decision not in DECISION_STATUS:
        raise DomainError(_("Choose approve, reject or request revision."), code="decision")
    checks = sorted(set(checks))
    if any(c not in Check.values for c in checks):
        raise DomainError(_("Unknown check."), code="checks")
    if decision == Decision.APPROVED and not CHECKS_REQUIRED_FOR_APPROVAL <= set(checks):
        missing = ", ".join(str(Check(c).label) for c in sorted(CHECKS_REQUIRED_FOR_APPROVAL - set(checks)))
        raise DomainError(_("Before approving, confirm: %(missing)s.") % {"missing": missing}, code="checks")
    if decision != Decision.APPROVED and not comment.strip():
        raise DomainError(_("Tell the freelancer why, in the comment."), code="comment")
    if score is not None and not 1 <= score <= 5:
        raise DomainError(_("The score goes from 1 to 5."), code="score")
    document = _lock(document)
    if reviewer.pk == document.owner_id:
        raise PermissionDenied(_("You cannot review your own documents."))
    _check_seen_version(document, seen_version_id)
    previous = _move(document, DECISION_STATUS[decision])
    if decision == Decision.APPROVED:
        _check_still_valid(document)
    document.decided_at = timezone.now()
    document.save(update_fields=["status", "decided_at", "updated_at"])
    review = CompetenceReview.objects.create(
        document=document, version=document.current_version, reviewer=reviewer, decision=decision,
        checks=checks, score=score, comment=comment.strip(), internal_note=internal_note.strip(),
    )
    _audit(document, action=DECISION_ACTION[decision], actor=reviewer, from_status=previous,
           to_status=document.status, ip=ip, review=review.pk, checks=checks)
    notify_decision(review)
    return review


def _check_still_valid(document) -> None:
    if document.expiry_date is not None and document.expiry_date < timezone.localdate():
        raise DomainError(_("This document expired while it waited; ask for the renewed one."), code="expired")


@transaction.atomic
def document_revoke(
    *, reviewer: User, document: CompetenceDocument, reason: str, ip: str | None = None,
    seen_version_id: int | None = None,
):
    """Staff withdraw an approval (a forged or withdrawn certificate). The reason is required."""
    _require_reviewer(reviewer)
    if not reason.strip():
        raise DomainError(_("Give the reason for revoking."), code="reason")
    document = _lock(document)
    _check_seen_version(document, seen_version_id)
    previous = _move(document, Status.REVOKED)
    document.decided_at = timezone.now()
    document.save(update_fields=["status", "decided_at", "updated_at"])
    review = CompetenceReview.objects.create(
        document=document, version=document.current_version, reviewer=reviewer, decision=Decision.REVOKED,
        comment=reason.strip(),
    )
    _audit(document, action=Action.REVOKED, actor=reviewer, from_status=previous, to_status=document.status,
           ip=ip, review=review.pk)
    notify_decision(review)
    return review


@transaction.atomic
def document_expire(*, document: CompetenceDocument, today: datetime.date | None = None) -> bool:
    """Move an approved document past its expiry date to expired. Safe to run again."""
    today = today or timezone.localdate()
    document = _lock(document)
    if document.status != Status.APPROVED or document.expiry_date is None or document.expiry_date >= today:
        return False
    previous = _move(document, Status.EXPIRED)
    document.save(update_fields=["status", "updated_at"])
    _audit(document, action=Action.EXPIRED, from_status=previous, to_status=document.status,
           expiry_date=document.expiry_date.isoformat())
    return True


def reminder_due(document: CompetenceDocument, today: datetime.date, thresholds) -> int | None:
    """The reminder (days before expiry) a document is due now, if any: the nearest threshold
    it has reached and not yet been sent, so a document approved late gets one reminder,
    not a burst of them."""
    if document.status != Status.APPROVED or document.expiry_date is None:
        return None
    days_left = (document.expiry_date - today).days
    if days_left < 0:
        return None
    reached = [t for t in thresholds if days_left <= t]
    if not reached:
        return None
    nearest = min(reached)
    if any(t <= nearest for t in document.reminders_sent):
        return None
    return nearest


@transaction.atomic
def document_send_expiry_reminder(*, document: CompetenceDocument, thresholds, today=None) -> int | None:
    """Send the due expiry reminder once; returns the days it was for, or None."""
    today = today or timezone.localdate()
    document = _lock(document)
    days = reminder_due(document, today, thresholds)
    if days is None:
        return None
    document.reminders_sent = sorted({*document.reminders_sent, *[t for t in thresholds if t >= days]})
    document.save(update_fields=["reminders_sent", "updated_at"])
    _audit(document, action=Action.REMINDER_SENT, days_before=days, expiry_date=document.expiry_date.isoformat())
    notify_expiry(document, days)
    return days


@transaction.atomic
def document_open_file(*, actor, document: CompetenceDocument, version: CompetenceFile | None = None,
                       ip: str | None = None) -> CompetenceFile:
    """Check that the actor may open the file, and log that they did."""
    if not can_open_file(actor, document):
        raise PermissionDenied(_("You cannot open this file."))
    version = version or document.current_version
    if version is None or version.document_id != document.pk:
        raise DomainError(_("That file does not belong to this document."), code="version")
    _audit(document, action=Action.DOWNLOADED, actor=actor, from_status=document.status,
           to_status=document.status, ip=ip, version=version.number)
    return version


def document_record_verification_view(*, document: CompetenceDocument) -> None:
    """Public verification views are counted, not logged one by one: visitors stay anonymous."""
    CompetenceDocument.objects.filter(pk=document.pk).update(verification_views=F("verification_views") + 1)
