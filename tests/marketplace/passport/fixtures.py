"""Passport fixtures for every test (registered in tests/conftest.py): staff with their second
factor, document types, reviewers, and documents made the way members make them (through
services.document_upload) from small valid files built in memory."""

import datetime
import io
import itertools

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from marketplace.accounts.models import User
from marketplace.demo.passport import demo_pdf
from marketplace.passport import services
from marketplace.passport.models import CompetenceDocument, CompetenceReview, CompetenceTemplate

REVIEWERS_GROUP = "Passport reviewers"
_counter = itertools.count(1)


def pdf_bytes(text: str = "Hot work certificate") -> bytes:
    """A complete one-page PDF with a correct cross-reference table."""
    return demo_pdf(text)


def png_bytes(size=(40, 30), color=(200, 120, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="PNG")
    return out.getvalue()


def upload_file(kind: str = "pdf", name: str | None = None) -> SimpleUploadedFile:
    """An upload as the browser sends it: kind is "pdf" or "png"."""
    if kind == "pdf":
        return SimpleUploadedFile(name or "certificate.pdf", pdf_bytes(), content_type="application/pdf")
    if kind == "png":
        return SimpleUploadedFile(name or "certificate.png", png_bytes(), content_type="image/png")
    raise ValueError(f"Unknown kind {kind!r}: use 'pdf' or 'png'.")


@pytest.fixture
def make_staff(db):
    """A staff user with two-factor on, in the given groups (Wagtail's "Editors" by default, so
    they may use the admin); `reviewer=True` adds the "Passport reviewers" group.
    `second_factor=False` makes one who has not switched TOTP on, signed in by password alone."""

    def make(*, reviewer=False, superuser=False, email=None, name=None, groups=("Editors",), second_factor=True):
        n = next(_counter)
        email = email or f"staff{n}@valund.example"
        if superuser:
            user = User.objects.create_superuser(email=email, password="not-used-here-0123")
        else:
            user = User.objects.create_user(email=email, password="not-used-here-0123",
                                            is_staff=True, role=User.Role.ADMIN)
        if name:
            user.profile.display_name = name
            user.profile.save(update_fields=["display_name"])
        user.groups.add(*Group.objects.filter(name__in=[*groups, *([REVIEWERS_GROUP] if reviewer else [])]))
        if second_factor:
            TOTP.activate(user, generate_totp_secret())
        user = User.objects.get(pk=user.pk)  # fresh: no cached permissions
        # Acting as from a session that gave the code (services are called with the request's
        # user, which StaffTwoFactorMiddleware marks so); clients log it in with the code too.
        user.second_factor_verified = second_factor
        return user

    return make


@pytest.fixture
def reviewer(make_staff):
    """Staff in the "Passport reviewers" group, with TOTP, as the admin requires."""
    return make_staff(reviewer=True, email="reviewer@valund.example", name="Rita Reviewer")


@pytest.fixture
def template(db, skills):
    kind = CompetenceTemplate.objects.create(
        name="Hot work certificate", slug="hot-work", description="Brandfarliga arbeten.",
        issuing_bodies="Brandskyddsföreningen\nSvenska Brandskyddsföreningen", expiry_required=True,
        default_validity_months=60,
    )
    kind.skills.set([skills["welding"]])
    return kind


ALL_CHECKS = [c.value for c in CompetenceReview.Check]


@pytest.fixture
def make_document(db, make_member, make_staff):
    """Create a document through services.document_upload, then optionally move it on.

    `status` may be any status reachable by services (under_review, approved, rejected,
    requires_revision, revoked); a reviewer made here takes those steps. `submitted_at`
    backdates the submission, for queue ordering and waiting times."""
    moved_by = []

    def decider():
        if not moved_by:
            moved_by.append(make_staff(reviewer=True))
        return moved_by[0]

    def make(owner=None, *, kind="pdf", template=None, title="Hot work certificate", issuer="Brandskyddsföreningen",
             issue_date=None, expiry_date=None, status=CompetenceDocument.Status.UPLOADED, submitted_at=None,
             **fields):
        owner = owner or make_member(User.Role.FREELANCER)
        today = timezone.localdate()
        issue_date = issue_date or today - datetime.timedelta(days=30)
        if expiry_date is None and template is not None and template.expiry_required:
            expiry_date = today + datetime.timedelta(days=365 * 3)
        document = services.document_upload(
            owner=owner, upload=upload_file(kind), title=title, issuer=issuer, issue_date=issue_date,
            template=template, expiry_date=expiry_date, **fields,
        )
        _move_to(document, status, decider)
        if submitted_at is not None:
            CompetenceDocument.objects.filter(pk=document.pk).update(submitted_at=submitted_at)
        document.refresh_from_db()
        return document

    return make


def _move_to(document, status, decider):
    Status = CompetenceDocument.Status
    if status == Status.UPLOADED:
        return
    reviewer = decider()
    services.review_start(reviewer=reviewer, document=document)
    if status == Status.UNDER_REVIEW:
        return
    if status in (Status.APPROVED, Status.REVOKED):
        services.review_decide(reviewer=reviewer, document=document, decision="approved", checks=ALL_CHECKS)
        if status == Status.REVOKED:
            services.document_revoke(reviewer=reviewer, document=document, reason="Withdrawn by the issuer.")
        return
    if status in (Status.REJECTED, Status.REQUIRES_REVISION):
        services.review_decide(reviewer=reviewer, document=document, decision=status,
                               comment="The scan is unreadable.")
        return
    raise ValueError(f"make_document cannot reach status {status!r}.")
