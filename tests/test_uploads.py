"""Every way a file reaches the site, walked with a good file, a decompression bomb and a file
past the size limit, as real multipart requests: the good file is kept, the other two are
refused with a message the member can act on (not a 500, not a silent drop), nothing is stored,
and the process's memory does not grow by what decoding the bomb would take."""

import ast
import datetime
import io
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from marketplace.accounts.models import Profile
from marketplace.bookings.models import Attachment
from marketplace.passport.models import CompetenceDocument, CompetenceFile
from marketplace.payments.models import DisputeEvidence
from tests.clients import as_user
from tests.marketplace.core.bombs import png_bomb
from tests.marketplace.core.memory import MB, peak_growth
from tests.marketplace.passport.fixtures import pdf_bytes

pytestmark = pytest.mark.django_db
ROOT = Path(settings.BASE_DIR)
TODAY = timezone.localdate()


def good_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 90), (30, 120, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


def oversized_pdf() -> bytes:
    """A PDF one byte past the largest size any upload may have."""
    body = pdf_bytes()
    return body[:-6] + b"%" * (settings.VALUND_UPLOAD_MAX_BYTES + 1 - len(body)) + body[-6:]


@dataclass
class EntryPoint:
    client: Client
    url: str
    data: callable  # upload -> POST data
    stored: callable  # -> how many files are kept


def passport_upload(request):
    freelancer = request.getfixturevalue("freelancer")
    return EntryPoint(as_user(freelancer), reverse("passport:upload"), lambda upload: {
        "document_type": "other", "title": "Hot work certificate", "issuer": "Brandskyddsföreningen",
        "issue_date": (TODAY - datetime.timedelta(days=30)).isoformat(), "file": upload,
    }, CompetenceFile.objects.count)


def passport_new_version(request):
    return passport_new_version_for(request.getfixturevalue("freelancer"))


def booking_request(request):
    freelancer, client_user = request.getfixturevalue("freelancer"), request.getfixturevalue("client_user")
    return EntryPoint(as_user(client_user), reverse("bookings:request", kwargs={"slug": freelancer.profile.slug}),
                      lambda upload: {
                          "title": "Weld the stair railing", "description": "Stainless railing.",
                          "start_date": TODAY.isoformat(), "end_date": (TODAY + datetime.timedelta(days=4)).isoformat(),
                          "expected_hours": "16", "location": "on_site", "address": "Hamngatan 1, Göteborg",
                          "pricing": "hourly", "hourly_rate": "650", "priority": "high", "attachments": [upload],
                      }, Attachment.objects.count)


def booking_attachment(request):
    booking = request.getfixturevalue("make_booking")()
    return EntryPoint(as_user(booking.client), reverse("bookings:attachment_add", args=[booking.pk]),
                      lambda upload: {"file": upload}, Attachment.objects.count)


def profile_avatar(request):
    freelancer = request.getfixturevalue("freelancer")
    profile = freelancer.profile
    fields = {"display_name": profile.display_name, "headline": "Welder", "bio": "", "city": "Göteborg",
              "country": "SE", "latitude": "", "longitude": "", "years_experience": "15", "hourly_rate": "650",
              "currency": "SEK", "availability": "now", "available_from": "", "hours_per_week": "32",
              "visibility": "public"}
    return EntryPoint(as_user(freelancer), reverse("accounts:profile_edit"),
                      lambda upload: {**fields, "avatar": upload},
                      lambda: Profile.objects.exclude(avatar="").count())


def dispute_evidence(request):
    booking = request.getfixturevalue("in_progress")
    return EntryPoint(as_user(booking.client), reverse("payments:dispute", args=[booking.pk]),
                      lambda upload: {"reason": "quality", "description": "The welds crack.", "evidence": [upload]},
                      DisputeEvidence.objects.count)


def dispute_answer(request):
    from marketplace.payments import services

    booking = request.getfixturevalue("in_progress")
    services.dispute_open(actor=booking.client, booking=booking, reason="quality", description="The welds crack.",
                          evidence=[])
    # The other party gives their side, with evidence, at the same address (payments.views._dispute_answer).
    return EntryPoint(as_user(booking.freelancer), reverse("payments:dispute", args=[booking.pk]),
                      lambda upload: {"response": "The welds held at handover.", "evidence": [upload]},
                      DisputeEvidence.objects.count)


# Every view of ours that reads request.FILES, and how to post to it.
ENTRY_POINTS = {
    "marketplace.passport.views.upload": passport_upload,
    "marketplace.passport.views.new_version": passport_new_version,
    "marketplace.bookings.views.request_booking": booking_request,
    "marketplace.bookings.views.attachment_add": booking_attachment,
    "marketplace.accounts.views.profile_edit": profile_avatar,
    "marketplace.payments.views.dispute": dispute_evidence,
    "marketplace.payments.views._dispute_answer": dispute_answer,
}


def _views_reading_files() -> set[str]:
    found = set()
    for path in [*(ROOT / "marketplace").rglob("*.py"), *(ROOT / "pages").rglob("*.py")]:
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and any(
                isinstance(inner, ast.Attribute) and inner.attr == "FILES" for inner in ast.walk(node)
            ):
                found.add(f"{module}.{node.name}")
    return found


# Views that look at request.FILES only to refuse a body with files in it: the search's beacons.
REFUSING_FILES = {"marketplace.search.views.record": "search:record", "marketplace.search.views.click": "search:click"}
# Views that read an uploaded file as text and keep nothing: the credential checker (its own test below).
READING_TEXT = {"marketplace.credentials.views.verify": "credentials:verify"}


def test_the_walk_covers_every_view_that_takes_files():
    assert _views_reading_files() - set(REFUSING_FILES) - set(READING_TEXT) == set(ENTRY_POINTS)


def test_the_credential_checker_refuses_an_image_a_bomb_and_an_oversized_file_and_keeps_nothing(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.VALUND_RATE_LIMITS = {**settings.VALUND_RATE_LIMITS, "verification": "1000/m/ip"}
    client = Client()
    url = reverse(READING_TEXT["marketplace.credentials.views.verify"])
    not_text, too_large = "This file is not text", "larger than 256 KB"
    posts = [("photo.png", good_png(), "image/png", (not_text,)),
             ("scan.png", png_bomb(), "image/png", (not_text, too_large)),  # refused unread when past 256 KB
             ("scan.pdf", oversized_pdf(), "application/pdf", (too_large,))]
    for name, data, content_type, refusal in posts:
        upload = SimpleUploadedFile(name, data, content_type=content_type)
        response, growth = peak_growth(lambda: client.post(url, {"file": upload}))  # noqa: B023 - called at once

        assert response.status_code == 422, name
        assert any(words in _text(response) for words in refusal), name
        assert growth < 60 * MB, f"{name}: grew {growth / MB:.0f} MB"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", REFUSING_FILES.values())
def test_the_beacons_refuse_a_body_with_a_file(name):
    upload = SimpleUploadedFile("photo.png", good_png(), content_type="image/png")
    fields = {"token": "x"} if name == "search:record" else {"search": "x", "position": "1"}

    assert Client().post(reverse(name), {**fields, "file": upload}).status_code == 400


def _post(entry, name, data, content_type):
    return entry.client.post(entry.url, entry.data(SimpleUploadedFile(name, data, content_type=content_type)),
                             follow=True)


def _text(response) -> str:
    return response.content.decode().replace("&#x27;", "'")


@pytest.mark.parametrize("view", ENTRY_POINTS)
def test_a_good_image_is_kept(request, view):
    entry = ENTRY_POINTS[view](request)
    before = entry.stored()

    response = _post(entry, "photo.png", good_png(), "image/png")

    assert response.status_code == 200
    assert entry.stored() == before + 1


@pytest.mark.parametrize("view", ENTRY_POINTS)
def test_a_decompression_bomb_is_refused_without_decoding_it(request, view):
    entry = ENTRY_POINTS[view](request)
    before = entry.stored()
    bomb = png_bomb()

    response, growth = peak_growth(lambda: _post(entry, "scan.png", bomb, "image/png"))

    assert response.status_code in (200, 422), response
    assert "too many pixels" in _text(response) or "more than 40 million pixels" in _text(response)
    assert entry.stored() == before
    assert growth < 60 * MB, f"grew {growth / MB:.0f} MB"


@pytest.mark.parametrize("view", ENTRY_POINTS)
def test_a_file_past_the_size_limit_is_refused_with_the_limit(request, view):
    entry = ENTRY_POINTS[view](request)
    before = entry.stored()

    response = _post(entry, "scan.pdf", oversized_pdf(), "application/pdf")

    assert response.status_code in (200, 422), response
    text = _text(response)
    assert "the limit is 10 MB" in text or "The limit is 5 MB" in text
    assert entry.stored() == before


class Recorder(FileUploadHandler):
    """Stands where Django's own handlers stand, and notes how many bytes of each file reach them."""

    seen: list[int] = []

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        Recorder.seen.append(0)

    def receive_data_chunk(self, raw_data, start):
        Recorder.seen[-1] += len(raw_data)
        return raw_data

    def file_complete(self, file_size):
        return None


def test_bytes_past_the_limit_are_not_kept(settings, freelancer, tmp_path):
    settings.FILE_UPLOAD_HANDLERS = [settings.FILE_UPLOAD_HANDLERS[0], "tests.test_uploads.Recorder",
                                     *settings.FILE_UPLOAD_HANDLERS[1:]]
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    Recorder.seen = []
    entry = passport_new_version_for(freelancer)
    huge = b"%PDF-1.7\n" + bytes(3 * settings.VALUND_UPLOAD_MAX_BYTES)

    response = _post(entry, "scan.pdf", huge, "application/pdf")

    assert "The file is 30.0 MB; the limit is 10 MB" in _text(response)
    assert len(Recorder.seen) == 1 and Recorder.seen[0] <= settings.VALUND_UPLOAD_MAX_BYTES
    assert list(tmp_path.iterdir()) == []  # the part kept before the limit was thrown away


def passport_new_version_for(freelancer):
    from marketplace.passport import services

    document = services.document_upload(
        owner=freelancer, upload=SimpleUploadedFile("a.pdf", pdf_bytes()), title="Hot work", issuer="BSF",
        issue_date=TODAY - datetime.timedelta(days=30), template=None, expiry_date=None)
    # A reviewer asked for a new file (set directly: how reviewers get there is tested elsewhere).
    CompetenceDocument.objects.filter(pk=document.pk).update(status=CompetenceDocument.Status.REQUIRES_REVISION)
    return EntryPoint(as_user(freelancer), reverse("passport:new_version", args=[document.pk]),
                      lambda upload: {"file": upload}, CompetenceFile.objects.count)


def test_wagtail_image_uploads_refuse_a_bomb_without_decoding_it(make_staff):
    """Staff's images (pages' hero images) go through Wagtail's form and Willow, not core.images:
    WAGTAILIMAGES_MAX_IMAGE_PIXELS and Pillow's own limit, both ours, stop them."""
    from wagtail.images import get_image_model

    staff = as_user(make_staff(superuser=True))
    bomb = png_bomb()

    response, growth = peak_growth(lambda: staff.post(reverse("wagtailimages:add"), {
        "title": "Hero", "file": SimpleUploadedFile("hero.png", bomb, content_type="image/png")}))

    assert response.status_code == 200
    assert "Maximum pixels 40000000" in response.content.decode()
    assert not get_image_model().objects.exists()
    assert growth < 60 * MB, f"grew {growth / MB:.0f} MB"
