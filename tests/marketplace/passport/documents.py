"""Passport documents brought to a state through the real services, for the tests of the services and the tasks."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from marketplace.passport import services
from marketplace.passport.models import CompetenceDocument

Status = CompetenceDocument.Status
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
TODAY = timezone.localdate()
ALL_CHECKS = sorted(services.CHECKS_REQUIRED_FOR_APPROVAL)


def pdf(name="certificate.pdf", extra=b""):
    return SimpleUploadedFile(name, PDF + extra, content_type="application/pdf")


def upload_document(owner, template=None, expiry_days=365, **overrides):
    fields = {
        "owner": owner,
        "upload": pdf(),
        "title": "Heta arbeten",
        "issuer": "Brandskyddsföreningen",
        "issue_date": TODAY - datetime.timedelta(days=30),
        "expiry_date": TODAY + datetime.timedelta(days=expiry_days) if expiry_days is not None else None,
        "template": template,
        "credential_number": "HA-2026-0042",
        "ip": "192.0.2.10",
    }
    fields.update(overrides)
    return services.document_upload(**fields)


def decide(reviewer, document, decision, **kwargs):
    kwargs.setdefault("checks", ALL_CHECKS)
    kwargs.setdefault("comment", "" if decision == "approved" else "The scan is cut off at the bottom.")
    return services.review_decide(reviewer=reviewer, document=document, decision=decision, **kwargs)


def bring_to(status, owner, reviewer):
    """A document in `status`, reached through the real services."""
    document = upload_document(owner)
    if status == Status.UPLOADED:
        return document
    services.review_start(reviewer=reviewer, document=document)
    if status == Status.UNDER_REVIEW:
        return document
    if status in (Status.APPROVED, Status.EXPIRED, Status.REVOKED):
        decide(reviewer, document, "approved")
        if status == Status.EXPIRED:
            CompetenceDocument.objects.filter(pk=document.pk).update(expiry_date=TODAY - datetime.timedelta(days=1))
            services.document_expire(document=document)
        if status == Status.REVOKED:
            services.document_revoke(reviewer=reviewer, document=document, reason="Forged stamp.")
    else:
        decide(reviewer, document, status)
    document.refresh_from_db()
    assert document.status == status
    return document
