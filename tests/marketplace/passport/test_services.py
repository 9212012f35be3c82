"""The passport's rules, straight through services: every allowed move, a refusal for every
other, the audit trail and expiry."""

import datetime
import itertools

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from marketplace.accounts.models import User
from marketplace.core.errors import DomainError, InvalidTransition, PermissionDenied
from marketplace.notifications.models import Kind as NotificationKind
from marketplace.notifications.models import Notification
from marketplace.notifications.services import email_preferences_update
from marketplace.passport import services
from marketplace.passport.models import (
    AppendOnlyError,
    CompetenceAuditLog,
    CompetenceDocument,
    CompetenceFile,
    CompetenceReview,
    CompetenceTemplate,
)
from tests.marketplace.passport.documents import PDF, TODAY, bring_to, decide, pdf, upload_document

pytestmark = pytest.mark.django_db

Status = CompetenceDocument.Status
Action = CompetenceAuditLog.Action


def stored_files() -> set[str]:
    from marketplace.core.storage import private_storage

    storage = private_storage()
    return set(storage.listdir("passport")[1]) if storage.exists("passport") else set()


@pytest.fixture
def hot_work(skills):
    template = CompetenceTemplate.objects.create(
        name="Hot work certificate", slug="hot-work", issuing_bodies="Brandskyddsföreningen",
        expiry_required=True, default_validity_months=60,
    )
    template.skills.add(skills["welding"])
    return template


def attempt(move, document, owner, reviewer):
    """Try one move; returns what it raised, or None."""
    actions = {
        Status.UNDER_REVIEW: lambda: services.review_start(reviewer=reviewer, document=document),
        Status.APPROVED: lambda: decide(reviewer, document, "approved"),
        Status.REJECTED: lambda: decide(reviewer, document, "rejected"),
        Status.REQUIRES_REVISION: lambda: decide(reviewer, document, "requires_revision"),
        Status.UPLOADED: lambda: services.document_new_version(actor=owner, document=document, upload=pdf()),
        Status.REVOKED: lambda: services.document_revoke(reviewer=reviewer, document=document, reason="Withdrawn"),
    }
    try:
        actions[move]()
    except InvalidTransition as exc:
        return exc
    return None


MOVES = [Status.UPLOADED, Status.UNDER_REVIEW, Status.APPROVED, Status.REJECTED, Status.REQUIRES_REVISION,
         Status.REVOKED]


@pytest.mark.parametrize(("start", "move"), list(itertools.product(Status.values, MOVES)))
def test_every_allowed_move_works_and_every_other_is_refused(freelancer, staff_reviewer, start, move):
    document = bring_to(start, freelancer, staff_reviewer)
    entries_before = CompetenceAuditLog.objects.filter(document=document).count()

    refused = attempt(move, document, freelancer, staff_reviewer)

    document.refresh_from_db()
    entries = CompetenceAuditLog.objects.filter(document=document)
    if move in CompetenceDocument.TRANSITIONS[start]:
        assert refused is None
        assert document.status == move
        last = entries.last()
        assert (last.from_status, last.to_status) == (start, move)
        assert entries.count() == entries_before + 1
    else:
        assert refused is not None, f"{start} → {move} should be refused"
        assert "cannot become" in refused.message
        assert document.status == start
        assert entries.count() == entries_before


def test_upload_stores_version_one_and_an_audit_entry(freelancer, hot_work):
    document = upload_document(freelancer, template=hot_work, skills=list(hot_work.skills.all()))

    version = document.current_version
    assert (document.status, version.number, version.content_type) == (Status.UPLOADED, 1, "application/pdf")
    assert version.file.name.startswith("passport/") and "certificate" not in version.file.name
    assert version.file.read() == PDF
    entry = CompetenceAuditLog.objects.get(document=document)
    assert (entry.action, entry.actor, entry.to_status, entry.ip) == (Action.UPLOADED, freelancer, "uploaded",
                                                                      "192.0.2.10")
    assert entry.details["sha256"] == version.sha256


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"issue_date": TODAY + datetime.timedelta(days=1)}, "issue_date"),
        ({"expiry_date": None}, "expiry_date"),
        ({"expiry_date": TODAY - datetime.timedelta(days=40)}, "expiry_date"),
        ({"expiry_date": TODAY - datetime.timedelta(days=1)}, "expiry_date"),
        ({"upload": SimpleUploadedFile("x.pdf", b"MZ" + b"\x00" * 100)}, "file_type"),
        ({"title": "  "}, "required"),
    ],
)
def test_bad_uploads_store_nothing(freelancer, hot_work, overrides, code):
    files_before = stored_files()

    with pytest.raises(DomainError) as refused:
        upload_document(freelancer, template=hot_work, **overrides)

    assert refused.value.code == code
    assert not CompetenceDocument.objects.exists()
    assert not CompetenceFile.objects.exists()
    assert stored_files() == files_before


def test_a_file_is_removed_again_when_the_rows_cannot_be_written(freelancer, hot_work, monkeypatch):
    files_before = stored_files()

    def broken_audit(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "_audit", broken_audit)
    with pytest.raises(RuntimeError):
        upload_document(freelancer, template=hot_work)

    assert stored_files() == files_before
    assert not CompetenceDocument.objects.exists()


def test_only_verified_freelancers_upload(make_member):
    with pytest.raises(PermissionDenied):
        upload_document(make_member(User.Role.CLIENT))
    with pytest.raises(PermissionDenied) as refused:
        upload_document(make_member(User.Role.FREELANCER, verified=False))
    assert refused.value.code == "unverified"


def test_a_new_version_keeps_the_earlier_one(freelancer, staff_reviewer):
    document = bring_to(Status.REQUIRES_REVISION, freelancer, staff_reviewer)

    services.document_new_version(actor=freelancer, document=document, upload=pdf(extra=b"% v2\n%%EOF\n"))

    document.refresh_from_db()
    assert [v.number for v in document.versions.order_by("number")] == [1, 2]
    assert document.current_version.number == 2
    assert document.status == Status.UPLOADED
    assert CompetenceAuditLog.objects.filter(document=document).last().action == Action.NEW_VERSION


def test_someone_else_cannot_send_a_new_version(freelancer, staff_reviewer, make_member):
    document = bring_to(Status.REQUIRES_REVISION, freelancer, staff_reviewer)

    with pytest.raises(PermissionDenied):
        services.document_new_version(actor=make_member(User.Role.FREELANCER), document=document, upload=pdf())


def test_members_and_plain_staff_cannot_review(freelancer, make_member):
    document = upload_document(freelancer)
    plain_staff = make_member(User.Role.CLIENT)
    User.objects.filter(pk=plain_staff.pk).update(is_staff=True)

    for outsider in (make_member(User.Role.FREELANCER), make_member(User.Role.CLIENT), User.objects.get(
            pk=plain_staff.pk)):
        with pytest.raises(PermissionDenied):
            services.review_start(reviewer=outsider, document=document)
    document.refresh_from_db()
    assert document.status == Status.UPLOADED


def test_a_reviewer_cannot_review_their_own_document(freelancer, staff_reviewer):
    freelancer.groups.add(Group.objects.get(name="Passport reviewers"))
    reviewer_freelancer = User.objects.get(pk=freelancer.pk)
    document = upload_document(reviewer_freelancer)

    with pytest.raises(PermissionDenied):
        services.review_start(reviewer=reviewer_freelancer, document=document)


def test_approval_needs_the_checks_and_refusals_need_a_comment(freelancer, staff_reviewer):
    document = bring_to(Status.UNDER_REVIEW, freelancer, staff_reviewer)

    with pytest.raises(DomainError) as no_checks:
        decide(staff_reviewer, document, "approved", checks=["identity"])
    with pytest.raises(DomainError) as no_comment:
        decide(staff_reviewer, document, "rejected", comment=" ")

    assert no_checks.value.code == "checks" and "Issuer confirmed" in no_checks.value.message
    assert no_comment.value.code == "comment"
    document.refresh_from_db()
    assert document.status == Status.UNDER_REVIEW
    assert not CompetenceReview.objects.exists()


def test_decision_records_the_review_and_emails_the_freelancer(freelancer, staff_reviewer,
                                                               django_capture_on_commit_callbacks):
    document = bring_to(Status.UNDER_REVIEW, freelancer, staff_reviewer)

    with django_capture_on_commit_callbacks(execute=True):
        review = decide(staff_reviewer, document, "requires_revision", comment="Please scan both sides.",
                        internal_note="Looks fine otherwise.", score=3)

    assert (review.reviewer, review.version, review.score) == (staff_reviewer, document.current_version, 3)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [freelancer.email]
    assert "Please scan both sides." in message.body
    assert "Looks fine otherwise." not in message.body
    assert "/passport/" in message.body
    assert message.subject == "Please send a new version: Heta arbeten"


def test_a_freelancer_who_turned_passport_emails_off_is_told_on_the_site_only(
    freelancer, staff_reviewer, django_capture_on_commit_callbacks
):
    unwanted = {NotificationKind.PASSPORT_DECISION, NotificationKind.PASSPORT_EXPIRING}
    email_preferences_update(user=freelancer, email_kinds=[k for k in NotificationKind.values if k not in unwanted])
    document = bring_to(Status.UNDER_REVIEW, freelancer, staff_reviewer)
    expiry = TODAY + datetime.timedelta(days=30)

    with django_capture_on_commit_callbacks(execute=True):
        decide(staff_reviewer, document, "approved")
    CompetenceDocument.objects.filter(pk=document.pk).update(expiry_date=expiry)
    with django_capture_on_commit_callbacks(execute=True):
        services.document_send_expiry_reminder(document=document, thresholds=[30], today=TODAY)

    notified = Notification.objects.filter(recipient=freelancer).order_by("pk")
    assert [(n.kind, n.title, n.url) for n in notified] == [
        (NotificationKind.PASSPORT_DECISION, "Approved: Heta arbeten", "/passport/"),
        (NotificationKind.PASSPORT_EXPIRING, "Heta arbeten expires in 30 days", "/passport/"),
    ]
    assert mail.outbox == []


def test_the_audit_log_cannot_be_changed_or_deleted(freelancer):
    document = upload_document(freelancer)
    entry = CompetenceAuditLog.objects.get(document=document)

    entry.details = {"forged": True}
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        CompetenceAuditLog.objects.filter(pk=entry.pk).update(action="approved")
    with pytest.raises(AppendOnlyError):
        CompetenceAuditLog.objects.filter(pk=entry.pk).delete()
    entry.refresh_from_db()
    assert entry.details != {"forged": True}


@pytest.mark.postgres
def test_the_database_refuses_to_rewrite_the_audit_log_on_postgresql(freelancer):
    from django.db import DatabaseError, connection, transaction

    entry = CompetenceAuditLog.objects.get(document=upload_document(freelancer))

    for sql in ("UPDATE passport_competenceauditlog SET action = 'approved' WHERE id = %s",
                "DELETE FROM passport_competenceauditlog WHERE id = %s"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [entry.pk])
    assert CompetenceAuditLog.objects.get(pk=entry.pk).action == Action.UPLOADED


def test_opening_a_file_is_logged_and_refused_to_others(freelancer, staff_reviewer, make_member):
    document = upload_document(freelancer)

    services.document_open_file(actor=freelancer, document=document, ip="198.51.100.1")
    services.document_open_file(actor=staff_reviewer, document=document)
    with pytest.raises(PermissionDenied):
        services.document_open_file(actor=make_member(User.Role.FREELANCER), document=document)

    opens = CompetenceAuditLog.objects.filter(document=document, action=Action.DOWNLOADED)
    assert [(e.actor, e.details["version"]) for e in opens] == [(freelancer, 1), (staff_reviewer, 1)]


def test_revoking_needs_a_reason(freelancer, staff_reviewer):
    document = bring_to(Status.APPROVED, freelancer, staff_reviewer)

    with pytest.raises(DomainError):
        services.document_revoke(reviewer=staff_reviewer, document=document, reason="")
    review = services.document_revoke(reviewer=staff_reviewer, document=document, reason="Issuer withdrew it.")

    assert review.decision == CompetenceReview.Decision.REVOKED
    document.refresh_from_db()
    assert document.public_status() == "revoked"


def test_a_document_that_expired_while_waiting_cannot_be_approved(freelancer, staff_reviewer):
    document = bring_to(Status.UNDER_REVIEW, freelancer, staff_reviewer)
    CompetenceDocument.objects.filter(pk=document.pk).update(expiry_date=TODAY - datetime.timedelta(days=1))

    with pytest.raises(DomainError) as refused:
        decide(staff_reviewer, document, "approved")

    assert refused.value.code == "expired"


def test_a_decision_about_a_version_that_has_since_been_replaced_is_refused(freelancer, staff_reviewer):
    document = bring_to(Status.REQUIRES_REVISION, freelancer, staff_reviewer)
    seen = document.current_version_id
    services.document_new_version(actor=freelancer, document=document, upload=pdf(extra=b"% v2\n%%EOF\n"))
    services.review_start(reviewer=staff_reviewer, document=document)

    with pytest.raises(DomainError) as refused:
        decide(staff_reviewer, document, "approved", seen_version_id=seen)

    assert refused.value.code == "stale"
    document.refresh_from_db()
    assert document.status == Status.UNDER_REVIEW
    decide(staff_reviewer, document, "approved", seen_version_id=document.current_version_id)
    document.refresh_from_db()
    assert document.status == Status.APPROVED
