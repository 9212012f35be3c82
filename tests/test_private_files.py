"""Every view that hands out a private file (passport documents to their owner and to reviewers,
booking attachments to the parties, dispute evidence to support staff), walked with every kind
of file we store, including the probe's "PDF" that is an HTML page behind %PDF-.

Whatever the view and whoever asks, the file comes as a sandboxed document of its own (no
script, no plugin, an origin of its own, nothing it may load), never sniffed into another type,
with the type decided when it was checked at upload, and inline only for the images and PDFs a
browser shows by itself; everything else is a download."""

import ast
import datetime
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from marketplace.bookings import services as bookings
from marketplace.core.images import pillow_heif  # noqa: F401 - HEIF saving registered
from marketplace.passport import services as passport
from marketplace.payments import services as payments
from tests.clients import as_user
from tests.marketplace.passport.fixtures import pdf_bytes

pytestmark = pytest.mark.django_db
ROOT = Path(settings.BASE_DIR)


def _image(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 30, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


# name: (bytes, stored type, shown inline)
FILES = {
    "pdf": (lambda: pdf_bytes(), "application/pdf", True),
    "html behind %PDF-": (lambda: b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n"
                          b"%%EOF\n", "application/pdf", True),
    "png": (lambda: _image("PNG"), "image/png", True),
    "jpeg": (lambda: _image("JPEG"), "image/jpeg", True),
    "webp": (lambda: _image("WEBP"), "image/webp", True),
    "heic": (lambda: _image("HEIF"), "image/heic", False),
}


def passport_owner(request, upload):
    freelancer = request.getfixturevalue("freelancer")
    document = passport.document_upload(owner=freelancer, upload=upload, title="Hot work", issuer="BSF",
                                        issue_date=timezone.localdate() - datetime.timedelta(days=30))
    return as_user(freelancer), reverse("passport:file", args=[document.pk, 1])


def passport_reviewer(request, upload):
    freelancer = request.getfixturevalue("freelancer")
    document = passport.document_upload(owner=freelancer, upload=upload, title="Hot work", issuer="BSF",
                                        issue_date=timezone.localdate() - datetime.timedelta(days=30))
    reviewer = request.getfixturevalue("make_staff")(reviewer=True)
    return as_user(reviewer), reverse("passport_review:file", args=[document.pk, 1])


def booking_attachment(request, upload):
    booking = request.getfixturevalue("make_booking")()
    attachment = bookings.attachment_add(actor=booking.client, booking=booking, upload=upload)
    return as_user(booking.freelancer), reverse("bookings:attachment", args=[booking.pk, attachment.pk])


def dispute_evidence(request, upload):
    booking = request.getfixturevalue("in_progress")
    dispute = payments.dispute_open(actor=booking.client, booking=booking, reason="quality",
                                    description="The welds crack.", evidence=[upload])
    support = request.getfixturevalue("make_staff")(groups=("Support",))
    return as_user(support), reverse("payment_disputes:evidence", args=[dispute.pk, dispute.evidence.get().pk])


VIEWS = {
    "passport, owner": passport_owner,
    "passport, reviewer (admin)": passport_reviewer,
    "booking attachment": booking_attachment,
    "dispute evidence (admin)": dispute_evidence,
}


@pytest.mark.parametrize("kind", FILES)
@pytest.mark.parametrize("view", VIEWS)
def test_private_files_are_sandboxed_and_inline_only_when_safe(request, view, kind):
    make, content_type, inline = FILES[kind]
    data = make()
    client, url = VIEWS[view](request, SimpleUploadedFile(f"upload.{kind[:4]}", data,
                                                          content_type="text/html"))  # the browser's word: ignored

    response = client.get(url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    policy = [part.strip() for part in response["Content-Security-Policy"].split(";")]
    assert "sandbox" in policy and "default-src 'none'" in policy
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["Content-Disposition"].split(";")[0] == ("inline" if inline else "attachment")
    # The admin's views add Wagtail's never-cache directives to ours.
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}


def _calls(path: Path, names: set[str]) -> list[int]:
    tree = ast.parse(path.read_text())
    return [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Call) and (
        (isinstance(node.func, ast.Name) and node.func.id in names)
        or (isinstance(node.func, ast.Attribute) and node.func.attr in names))]


def test_private_files_leave_only_through_the_one_helper():
    """A view that streams a file or hands out its URL itself would skip the headers above."""
    helper = ROOT / "marketplace" / "core" / "storage.py"
    public_media = ROOT / "marketplace" / "core" / "media.py"  # the public folders only
    found = {
        str(path.relative_to(ROOT)): lines
        for folder in ("marketplace", "pages", "valund")
        for path in (ROOT / folder).rglob("*.py")
        if path not in (helper, public_media)
        and (lines := _calls(path, {"FileResponse", "private_file_url"}))
    }

    assert found == {}
    assert _calls(helper, {"FileResponse"}), "the check must find what it looks for"


@pytest.mark.parametrize(("kind", "element"), [("pdf", "iframe"), ("png", "img")])
def test_the_review_screen_previews_the_sandboxed_file_in_a_frame_it_may_use(request, kind, element):
    """The preview frames our own file URL: the admin's policy must let it (frame-src 'self'),
    the file must let itself be framed by us (SAMEORIGIN) and by nothing else, and what is
    framed is sandboxed by its own response."""
    make, _, _ = FILES[kind]
    client, file_url = passport_reviewer(request, SimpleUploadedFile(f"scan.{kind}", make()))
    document_pk = int(file_url.rstrip("/").split("/")[-3])

    screen = client.get(reverse("passport_review:review", args=[document_pk]))
    framed = client.get(file_url)

    assert f'<{element} src="{file_url}"' in screen.content.decode()
    admin_policy = {part.strip().split(" ")[0]: part.strip() for part in screen["Content-Security-Policy"].split(";")}
    assert "'self'" in admin_policy["frame-src"].split() and "'self'" in admin_policy["img-src"].split()
    assert framed["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors" not in framed["Content-Security-Policy"]
    assert "sandbox" in framed["Content-Security-Policy"]
