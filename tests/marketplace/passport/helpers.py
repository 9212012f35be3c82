"""What the tests of the passport pages share (their addresses, a valid upload form, a look at what the private
storage holds) and those of the review screens in the admin (their addresses, a decision, the audit trail)."""

import datetime
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from marketplace.core.storage import private_storage
from marketplace.passport import services
from marketplace.passport.models import CompetenceAuditLog, CompetenceDocument, CompetenceFile
from tests.marketplace.passport.fixtures import pdf_bytes

TODAY = timezone.localdate()
INDEX_URL = reverse("passport:index")
UPLOAD_URL = reverse("passport:upload")
INTERNAL_NOTE = "Issuer phoned: number looks forged, keep an eye on this member"


def stored_files() -> set[str]:
    root = Path(private_storage().location)
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}


def upload(name="certificate.pdf", data=None, content_type="application/pdf"):
    return SimpleUploadedFile(name, pdf_bytes() if data is None else data, content_type=content_type)


def form_data(template=None, **overrides):
    data = {
        "document_type": str(template.pk) if template else "other",
        "title": "Hot work certificate",
        "issuer": "Brandskyddsföreningen",
        "credential_number": "HA-2291-77",
        "issue_date": (TODAY - datetime.timedelta(days=30)).isoformat(),
        "expiry_date": (TODAY + datetime.timedelta(days=365 * 5)).isoformat(),
        "file": upload(),
    }
    data.update(overrides)
    return data


def detail_url(document):
    return reverse("passport:detail", args=[document.pk])


def file_url(document, number=1):
    return reverse("passport:file", args=[document.pk, number])


def new_version_url(document):
    return reverse("passport:new_version", args=[document.pk])


def assert_nothing_stored(files_before):
    assert not CompetenceDocument.objects.exists()
    assert not CompetenceFile.objects.exists()
    assert stored_files() == files_before


def truncated_pdf() -> bytes:
    data = pdf_bytes()
    return data[: len(data) // 2]


# The review screens in the admin

QUEUE = "/admin/passport/review/"
REQUIRED_CHECKS = sorted(services.CHECKS_REQUIRED_FOR_APPROVAL)


def url(name, document, *args):
    return reverse(f"passport_review:{name}", args=[document.pk, *args])


def days_ago(days, hours=0):
    return timezone.now() - datetime.timedelta(days=days, hours=hours)


def decide(client, document, **data):
    data.setdefault("version", document.current_version_id)
    return client.post(url("decide", document), data, follow=True)


def actions(document):
    return list(CompetenceAuditLog.objects.filter(document=document).values_list("action", flat=True))
