"""The freelancer's passport pages: what each state asks of them, uploads good and bad, new
versions, and the checked file view, including everyone who must not get in."""

import datetime
import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from marketplace.accounts.models import User
from marketplace.core.storage import private_storage
from marketplace.passport import services
from marketplace.passport.models import CompetenceAuditLog, CompetenceDocument, CompetenceFile
from tests.marketplace.passport.fixtures import pdf_bytes, png_bytes

pytestmark = pytest.mark.django_db

Status = CompetenceDocument.Status
Action = CompetenceAuditLog.Action
TODAY = timezone.localdate()
INDEX_URL = reverse("passport:index")
UPLOAD_URL = reverse("passport:upload")
INTERNAL_NOTE = "Issuer phoned: number looks forged, keep an eye on this member"


def stored_files() -> set[str]:
    root = Path(private_storage().location)
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}


@pytest.fixture(autouse=True)
def _remove_files_stored_by_the_test():
    before = stored_files()
    yield
    for name in stored_files() - before:
        private_storage().delete(name)


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


# The passport page: one next step per state


def test_visitor_is_sent_to_log_in(client):
    response = client.get(INDEX_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_client_is_told_the_passport_is_for_freelancers(client, logged_in, client_user):
    logged_in(client_user)

    response = client.get(INDEX_URL, follow=True)

    assert response.redirect_chain[-1][0] == reverse("accounts:dashboard")
    assert "The competence passport is for freelancers" in response.content.decode()


def test_empty_passport_invites_the_first_upload(client, logged_in, freelancer):
    logged_in(freelancer)

    html = client.get(INDEX_URL).content.decode()

    assert "Your passport is empty" in html
    assert f'href="{UPLOAD_URL}"' in html


@pytest.mark.parametrize("status", [Status.UPLOADED, Status.UNDER_REVIEW])
def test_waiting_document_says_since_when(client, logged_in, freelancer, make_document, status):
    submitted = timezone.now() - datetime.timedelta(days=3)
    make_document(freelancer, status=status, submitted_at=submitted)
    logged_in(freelancer)

    html = client.get(INDEX_URL).content.decode()

    assert f"Waiting for review since {timezone.localtime(submitted):%-d %B %Y}" in html


def test_revision_request_shows_the_comment_and_the_way_to_a_new_version(client, logged_in, freelancer,
                                                                          make_document):
    document = make_document(freelancer, status=Status.REQUIRES_REVISION)
    logged_in(freelancer)

    html = client.get(INDEX_URL).content.decode()

    assert "Revision requested" in html
    assert "The scan is unreadable." in html
    assert f'href="{detail_url(document)}#new-version"' in html
    assert "Upload a new version" in html


def test_rejection_shows_the_comment(client, logged_in, freelancer, make_document):
    make_document(freelancer, status=Status.REJECTED)
    logged_in(freelancer)

    html = client.get(INDEX_URL).content.decode()

    assert "This document was not approved." in html
    assert "The scan is unreadable." in html


def test_approved_document_shows_validity_and_its_verification_page(client, logged_in, freelancer, make_document,
                                                                     template):
    expiry = TODAY + datetime.timedelta(days=400)
    document = make_document(freelancer, template=template, expiry_date=expiry, status=Status.APPROVED)
    logged_in(freelancer)

    html = client.get(INDEX_URL).content.decode()

    assert f"Verified and valid until {expiry:%-d %B %Y}" in html
    assert f'href="{reverse("passport:verify", args=[document.verification_code])}"' in html


@pytest.mark.parametrize("status", [Status.EXPIRED, Status.REVOKED])
def test_expired_or_revoked_document_asks_for_the_renewed_one(client, logged_in, freelancer, make_document, status):
    if status == Status.EXPIRED:
        expiry = TODAY + datetime.timedelta(days=5)
        document = make_document(freelancer, expiry_date=expiry, status=Status.APPROVED)
        services.document_expire(document=document, today=expiry + datetime.timedelta(days=1))
    else:
        document = make_document(freelancer, status=Status.REVOKED)
    logged_in(freelancer)

    html = client.get(INDEX_URL).content.decode()

    assert f'href="{UPLOAD_URL}?renew={document.pk}"' in html
    assert "Upload the renewed document" in html
    if status == Status.REVOKED:
        assert "Withdrawn by the issuer." in html


def test_renewal_link_prefills_the_upload_form(client, logged_in, freelancer, make_document, template, skills):
    document = make_document(freelancer, template=template, title="Heta arbeten", status=Status.REVOKED,
                             skills=[skills["welding"]])
    logged_in(freelancer)

    form = client.get(f"{UPLOAD_URL}?renew={document.pk}").context["form"]

    assert form.initial["document_type"] == str(template.pk)
    assert form.initial["title"] == "Heta arbeten"
    assert form.initial["issuer"] == document.issuer
    assert form.initial["skills"] == [skills["welding"].pk]


def test_renewal_of_someone_elses_document_prefills_nothing(client, logged_in, freelancer, make_document):
    document = make_document(status=Status.REVOKED)
    logged_in(freelancer)

    response = client.get(f"{UPLOAD_URL}?renew={document.pk}")

    assert response.status_code == 200
    assert response.context["form"].initial == {}


def test_pages_show_the_reviewers_comment_never_the_internal_note_or_who_reviewed(
    client, logged_in, freelancer, make_document, reviewer
):
    document = make_document(freelancer)
    services.review_start(reviewer=reviewer, document=document)
    services.review_decide(reviewer=reviewer, document=document, decision="requires_revision",
                           comment="Please photograph the back too.", internal_note=INTERNAL_NOTE)
    logged_in(freelancer)

    pages = [client.get(INDEX_URL).content.decode(), client.get(detail_url(document)).content.decode()]

    for html in pages:
        assert "Please photograph the back too." in html
        assert INTERNAL_NOTE not in html
        assert "Rita Reviewer" not in html
        assert reviewer.email not in html


def test_unverified_freelancer_sees_why_upload_is_disabled(client, logged_in, make_member):
    member = make_member(User.Role.FREELANCER, verified=False)
    logged_in(member)

    index = client.get(INDEX_URL).content.decode()
    form_page = client.get(UPLOAD_URL).content.decode()

    assert "Please confirm your email address" in index
    assert "disabled" in index and "Confirm your email address first." in index
    assert f'href="{UPLOAD_URL}"' not in index
    assert '<fieldset class="plain-fieldset" disabled>' in form_page


def test_passport_page_queries_do_not_grow_with_documents(client, logged_in, freelancer, make_document, template):
    make_document(freelancer, status=Status.REJECTED)
    logged_in(freelancer)
    client.get(INDEX_URL)  # the header's unread count is cached from the first page on
    with CaptureQueriesContext(connection) as few:
        client.get(INDEX_URL)
    for status in (Status.APPROVED, Status.REQUIRES_REVISION, Status.UPLOADED):
        make_document(freelancer, template=template, status=status)
    with CaptureQueriesContext(connection) as many:
        client.get(INDEX_URL)

    assert len(many) == len(few)


def test_dashboard_card_counts_documents_by_status(client, logged_in, freelancer, make_document):
    make_document(freelancer)
    make_document(freelancer)
    make_document(freelancer, status=Status.REJECTED)
    logged_in(freelancer)

    html = client.get(reverse("accounts:dashboard")).content.decode()

    assert "Competence passport" in html
    assert f'href="{INDEX_URL}"' in html
    assert "Uploaded, waiting for review: 2" in html
    assert "Rejected: 1" in html


# Upload


@pytest.mark.parametrize(
    ("name", "data", "content_type", "extension"),
    [
        ("Heta arbeten scan.pdf", pdf_bytes(), "application/pdf", "pdf"),
        ("IMG_2291.png", png_bytes(), "image/png", "png"),
    ],
)
def test_upload_stores_the_file_privately_under_an_unguessable_name(
    client, logged_in, freelancer, template, skills, name, data, content_type, extension
):
    logged_in(freelancer)

    response = client.post(UPLOAD_URL, form_data(template, file=upload(name, data, content_type),
                                                 skills=[skills["welding"].pk]), REMOTE_ADDR="203.0.113.9")

    document = CompetenceDocument.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail_url(document)
    assert (document.owner, document.template, document.status) == (freelancer, template, Status.UPLOADED)
    assert (document.credential_number, list(document.skills.all())) == ("HA-2291-77", [skills["welding"]])
    version = document.current_version
    assert (version.number, version.content_type, version.original_name) == (1, content_type, name)
    stored = Path(private_storage().path(version.file.name))
    assert stored.read_bytes() == data
    assert not stored.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert not list(Path(settings.MEDIA_ROOT).rglob(f"*.{extension}"))
    folder, filename = version.file.name.split("/")
    stem, suffix = filename.rsplit(".", 1)
    assert (folder, suffix) == ("passport", extension)
    assert len(stem) >= 32 and "arbeten" not in stem and "IMG" not in stem
    entry = CompetenceAuditLog.objects.get(document=document)
    assert (entry.action, entry.actor, entry.ip, entry.to_status) == (
        Action.UPLOADED, freelancer, "203.0.113.9", Status.UPLOADED
    )


def test_other_document_type_needs_a_title_and_a_chosen_type_gives_its_name(client, logged_in, freelancer,
                                                                             template):
    logged_in(freelancer)
    files_before = stored_files()

    untitled = client.post(UPLOAD_URL, form_data(None, title=""))

    assert "title" in untitled.context["form"].errors
    assert_nothing_stored(files_before)

    client.post(UPLOAD_URL, form_data(template, title=""))
    assert CompetenceDocument.objects.get().title == "Hot work certificate"


def _zip_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("certificate.pdf", pdf_bytes())
    return out.getvalue()


def _truncated_pdf() -> bytes:
    data = pdf_bytes()
    return data[: len(data) // 2]


def _damaged_png() -> bytes:
    data = png_bytes(size=(200, 150))
    return data[:60] + b"\x00" * 40 + data[100:len(data) - 30]


BAD_FILES = {
    "empty": ("certificate.pdf", b"", "The file is empty."),
    "truncated pdf": ("certificate.pdf", _truncated_pdf(), "The PDF is incomplete"),
    "executable named .pdf": ("certificate.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200, "a Windows program"),
    "zip named .pdf": ("certificate.pdf", _zip_bytes(), "a ZIP archive"),
    "damaged png": ("certificate.png", _damaged_png(), "The image is damaged or incomplete"),
    "text named .jpg": ("certificate.jpg", b"Hot work certificate, valid 2030\n" * 4, "This is not a PDF, JPEG"),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_file_is_refused_next_to_the_file_field_and_nothing_is_stored(client, logged_in, freelancer,
                                                                          template, case):
    name, data, message = BAD_FILES[case]
    logged_in(freelancer)
    files_before = stored_files()

    response = client.post(UPLOAD_URL, form_data(template, file=upload(name, data, "application/octet-stream"),
                                                 credential_number="typed-value-kept"))

    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in error for error in form.errors["file"])
    html = response.content.decode()
    assert "Nothing was stored." in html
    assert 'value="typed-value-kept"' in html
    assert_nothing_stored(files_before)


def test_oversized_file_is_refused_with_the_limit(client, logged_in, freelancer, template, settings):
    settings.VALUND_DOCUMENT_MAX_BYTES = 1024 * 1024
    big = b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 100) + b"\n%%EOF\n"
    logged_in(freelancer)
    files_before = stored_files()

    response = client.post(UPLOAD_URL, form_data(template, file=upload(data=big)))

    assert any("the limit is 1 MB" in error for error in response.context["form"].errors["file"])
    assert_nothing_stored(files_before)


@pytest.mark.parametrize(
    ("field", "issue", "expiry", "message"),
    [
        ("expiry_date", -30, -40, "The expiry date is before the issue date."),
        ("issue_date", 3, 400, "The issue date is in the future."),
        ("expiry_date", -800, -2, "This document has already expired"),
        ("expiry_date", -30, None, "always has an expiry date"),
    ],
)
def test_wrong_dates_are_refused_next_to_their_field(client, logged_in, freelancer, template, field, issue, expiry,
                                                     message):
    logged_in(freelancer)
    files_before = stored_files()
    dates = {
        "issue_date": (TODAY + datetime.timedelta(days=issue)).isoformat(),
        "expiry_date": (TODAY + datetime.timedelta(days=expiry)).isoformat() if expiry is not None else "",
    }

    response = client.post(UPLOAD_URL, form_data(template, **dates))

    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert 'value="Brandskyddsföreningen"' in response.content.decode()
    assert_nothing_stored(files_before)


def test_unverified_freelancer_cannot_upload(client, logged_in, make_member, template):
    member = make_member(User.Role.FREELANCER, verified=False)
    logged_in(member)
    files_before = stored_files()

    response = client.post(UPLOAD_URL, form_data(template))

    assert "Confirm your email address before you upload documents." in response.context["form"].non_field_errors()
    assert_nothing_stored(files_before)


def test_client_cannot_upload(client, logged_in, client_user, template):
    logged_in(client_user)
    files_before = stored_files()

    response = client.post(UPLOAD_URL, form_data(template))

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:dashboard")
    assert_nothing_stored(files_before)


def test_script_driven_upload_gets_the_next_url_or_the_form_alone(client, logged_in, freelancer, template):
    logged_in(freelancer)

    refused = client.post(UPLOAD_URL, form_data(template, file=upload(data=b"")), HTTP_HX_REQUEST="true")
    accepted = client.post(UPLOAD_URL, form_data(template), HTTP_HX_REQUEST="true")

    assert refused.status_code == 422
    fragment = refused.content.decode().strip()
    assert fragment.startswith('<form id="upload-form"') and "<html" not in fragment
    assert "The file is empty." in fragment
    assert accepted.status_code == 200
    assert accepted["HX-Redirect"] == detail_url(CompetenceDocument.objects.get())


def test_upload_form_offers_the_types_issuers_and_skills(client, logged_in, freelancer, template, skills):
    logged_in(freelancer)

    response = client.get(UPLOAD_URL)
    chosen = client.get(UPLOAD_URL, {"document_type": template.pk, "title": ""}, HTTP_HX_REQUEST="true")

    page = response.content.decode()
    assert "Hot work certificate" in page and "Other document" in page
    assert 'accept=".pdf,.jpg,.jpeg,.png,.webp,.heic"' in page
    assert "upload-progress.js" in page and "<script>" not in page and "style=" not in page
    fragment = chosen.content.decode()
    assert fragment.strip().startswith('<div id="document-details">')
    assert 'value="Hot work certificate"' in fragment
    assert '<option value="Svenska Brandskyddsföreningen">' in fragment
    assert "usually valid for 60 months" in fragment
    assert chosen.context["form"].initial["skills"] == [str(skills["welding"].pk)]


# New versions


def test_new_version_after_revision_request_keeps_the_first(client, logged_in, freelancer, make_document):
    document = make_document(freelancer, status=Status.REQUIRES_REVISION)
    first = document.current_version
    logged_in(freelancer)
    second_file = png_bytes(color=(10, 10, 10))

    response = client.post(new_version_url(document), {"file": upload("back.png", second_file, "image/png")})

    assert response.status_code == 302 and response["Location"] == detail_url(document)
    document.refresh_from_db()
    assert document.status == Status.UPLOADED
    assert list(document.versions.order_by("number").values_list("number", flat=True)) == [1, 2]
    assert document.current_version.number == 2
    assert Path(private_storage().path(first.file.name)).exists()
    entry = CompetenceAuditLog.objects.filter(document=document).latest("at", "pk")
    assert (entry.action, entry.from_status, entry.to_status) == (
        Action.NEW_VERSION, Status.REQUIRES_REVISION, Status.UPLOADED
    )


def test_detail_offers_the_new_version_form_only_when_asked_for_one(client, logged_in, freelancer, make_document):
    asked = make_document(freelancer, status=Status.REQUIRES_REVISION)
    waiting = make_document(freelancer)
    logged_in(freelancer)

    assert f'action="{new_version_url(asked)}"' in client.get(detail_url(asked)).content.decode()
    assert f'action="{new_version_url(waiting)}"' not in client.get(detail_url(waiting)).content.decode()


@pytest.mark.parametrize("status", [Status.UPLOADED, Status.UNDER_REVIEW, Status.APPROVED, Status.REJECTED])
def test_new_version_is_refused_in_other_states(client, logged_in, freelancer, make_document, status):
    document = make_document(freelancer, status=status)
    logged_in(freelancer)
    files_before = stored_files()

    response = client.post(new_version_url(document), {"file": upload()}, follow=True)

    assert "cannot become" in response.content.decode()
    document.refresh_from_db()
    assert document.status == status
    assert document.versions.count() == 1
    assert stored_files() == files_before
    assert not CompetenceAuditLog.objects.filter(document=document, action=Action.NEW_VERSION).exists()


def test_bad_new_version_is_refused_next_to_the_file(client, logged_in, freelancer, make_document):
    document = make_document(freelancer, status=Status.REQUIRES_REVISION)
    logged_in(freelancer)
    files_before = stored_files()

    response = client.post(new_version_url(document), {"file": upload(data=_truncated_pdf())})

    assert response.status_code == 200
    assert any("The PDF is incomplete" in e for e in response.context["version_form"].errors["file"])
    assert document.versions.count() == 1
    assert stored_files() == files_before


def test_new_version_of_another_members_document_is_not_found(client, logged_in, freelancer, make_document):
    document = make_document(status=Status.REQUIRES_REVISION)
    logged_in(freelancer)

    response = client.post(new_version_url(document), {"file": upload()})

    assert response.status_code == 404
    assert document.versions.count() == 1


# The document page


def test_detail_shows_versions_comments_and_history_without_people_or_addresses(
    client, logged_in, freelancer, make_document
):
    document = make_document(freelancer, status=Status.REQUIRES_REVISION)
    logged_in(freelancer)
    client.post(new_version_url(document), {"file": upload("second.pdf")}, REMOTE_ADDR="198.51.100.23")

    html = client.get(detail_url(document)).content.decode()

    assert f'href="{file_url(document, 1)}"' in html and f'href="{file_url(document, 2)}"' in html
    assert "The scan is unreadable." in html
    for action in ("Uploaded", "Review started", "Revision requested", "New version uploaded"):
        assert action in html
    assert "198.51.100.23" not in html


def test_detail_of_another_members_document_is_not_found(client, logged_in, freelancer, make_document):
    document = make_document()
    logged_in(freelancer)

    assert client.get(detail_url(document)).status_code == 404
    assert client.get(reverse("passport:detail", args=[document.pk + 1000])).status_code == 404


# Opening files


def test_owner_opens_the_file_and_it_is_logged(client, logged_in, freelancer, make_document):
    document = make_document(freelancer, title="Heta arbeten / Brandskydd")
    logged_in(freelancer)

    response = client.get(file_url(document), REMOTE_ADDR="203.0.113.5")

    assert response.status_code == 200
    # Reading the stream through the test client closes the file without closing the test's
    # database connection (an explicit response.close() would fire request_finished).
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="heta-arbeten-brandskydd-v1.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    entry = CompetenceAuditLog.objects.filter(document=document).latest("at", "pk")
    assert (entry.action, entry.actor, entry.ip, entry.details["version"]) == (
        Action.DOWNLOADED, freelancer, "203.0.113.5", 1
    )


def test_reviewer_opens_the_file(client, logged_in, make_document, reviewer):
    document = make_document(kind="png")
    logged_in(reviewer)

    response = client.get(file_url(document))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert CompetenceAuditLog.objects.filter(document=document, action=Action.DOWNLOADED, actor=reviewer).exists()


@pytest.mark.parametrize("who", ["another freelancer", "a client"])
def test_other_members_get_not_found_and_nothing_is_logged(client, logged_in, make_member, make_document, who):
    document = make_document()
    role = User.Role.FREELANCER if who == "another freelancer" else User.Role.CLIENT
    logged_in(make_member(role))
    entries = CompetenceAuditLog.objects.count()

    response = client.get(file_url(document))

    assert response.status_code == 404
    assert CompetenceAuditLog.objects.count() == entries


def test_visitor_is_sent_to_log_in_and_nothing_is_logged(client, make_document):
    document = make_document()
    entries = CompetenceAuditLog.objects.count()

    response = client.get(file_url(document))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert CompetenceAuditLog.objects.count() == entries


def test_unknown_version_is_not_found(client, logged_in, freelancer, make_document):
    document = make_document(freelancer)
    logged_in(freelancer)
    entries = CompetenceAuditLog.objects.count()

    assert client.get(file_url(document, 2)).status_code == 404
    assert CompetenceAuditLog.objects.count() == entries


