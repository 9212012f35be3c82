"""Uploading a passport document: good files stored privately, bad files, dates and members refused next to
their field with nothing stored, and the form's offers."""

import datetime
import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from marketplace.accounts.models import User
from marketplace.core.storage import private_storage
from marketplace.passport.models import CompetenceAuditLog, CompetenceDocument
from tests.marketplace.passport.fixtures import pdf_bytes, png_bytes
from tests.marketplace.passport.helpers import (
    TODAY,
    UPLOAD_URL,
    assert_nothing_stored,
    detail_url,
    form_data,
    stored_files,
    truncated_pdf,
    upload,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("remove_stored_files")]

Status = CompetenceDocument.Status
Action = CompetenceAuditLog.Action


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


def _damaged_png() -> bytes:
    data = png_bytes(size=(200, 150))
    return data[:60] + b"\x00" * 40 + data[100:len(data) - 30]


BAD_FILES = {
    "empty": ("certificate.pdf", b"", "The file is empty."),
    "truncated pdf": ("certificate.pdf", truncated_pdf(), "The PDF is incomplete"),
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
    assert response["Location"] == reverse("dashboard:index")
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


def test_without_javascript_showing_the_fields_for_a_type_keeps_what_was_typed(client, logged_in, freelancer,
                                                                                 template, skills):
    logged_in(freelancer)
    page = client.get(UPLOAD_URL).content.decode()
    assert '<noscript><div class="form-redraw"><button type="submit" name="show_fields"' in page
    assert "browsers do not keep it" in page

    typed = form_data(template, title="", issuer="Brandskyddsföreningen Väst", credential_number="HA-77",
                      show_fields="1")
    response = client.post(UPLOAD_URL, typed)
    html = response.content.decode()
    assert response.status_code == 200 and not CompetenceDocument.objects.exists()
    assert "usually valid for 60 months" in html  # the chosen type's fields
    for value in ('value="Hot work certificate"', 'value="Brandskyddsföreningen Väst"', 'value="HA-77"',
                  f'value="{typed["issue_date"]}"', f'value="{typed["expiry_date"]}"'):
        assert value in html
    assert 'class="errorlist' not in html  # a redraw, not a refused upload
    assert "Choose the file again: browsers do not keep a chosen file" in html
    assert response.context["form"].initial["skills"] == [str(skills["welding"].pk)]


def test_redrawing_without_a_file_chosen_does_not_ask_for_it_again(client, logged_in, freelancer, template):
    logged_in(freelancer)
    response = client.post(UPLOAD_URL, form_data(template, file="", show_fields="1"))
    assert response.status_code == 200 and "Choose the file again" not in response.content.decode()
