"""Files through the API: a passport document's file for its owner and for reviewing staff who
signed in with their second factor (a password-alone staff token and any other member get the
404), and a booking's attachments, added with the site's content checks and handed out to its
parties only, with the headers of the site's own file views."""

import pytest

from marketplace.bookings.models import Attachment
from marketplace.passport.models import CompetenceAuditLog
from tests.marketplace.passport.fixtures import pdf_bytes, upload_file

from .helpers import api_as, api_as_staff

pytestmark = pytest.mark.django_db


def _content(response) -> bytes:
    return b"".join(response.streaming_content)


def _private_headers(response):
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert "sandbox" in response["Content-Security-Policy"]


def test_the_owner_downloads_a_document_file_with_the_sites_headers(make_document, freelancer, stranger):
    document = make_document(freelancer)
    url = f"/api/v1/documents/{document.pk}/files/1/"
    response = api_as(freelancer).get(url, HTTP_ACCEPT="application/pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert _content(response) == document.current_version.file.open("rb").read()
    assert 'filename="hot-work-certificate-v1.pdf"' in response["Content-Disposition"]
    _private_headers(response)
    assert CompetenceAuditLog.objects.filter(document=document, action="downloaded", actor=freelancer).count() == 1
    assert api_as(stranger).get(url).status_code == 404
    assert api_as(None).get(url).status_code == 401
    assert api_as(freelancer).get(f"/api/v1/documents/{document.pk}/files/2/").status_code == 404


def test_reviewing_staff_need_their_second_factor(make_document, freelancer, make_staff):
    document = make_document(freelancer)
    url = f"/api/v1/documents/{document.pk}/files/1/"
    with_code = api_as_staff(make_staff(reviewer=True, second_factor=False))
    assert with_code.get(url).status_code == 200
    password_alone = api_as_staff(make_staff(reviewer=True, second_factor=False), second_factor=False)
    assert password_alone.get(url).status_code == 404
    assert CompetenceAuditLog.objects.filter(document=document, action="downloaded").count() == 1


def test_the_parties_add_and_download_attachments_and_a_stranger_is_refused(in_progress, stranger):
    url = f"/api/v1/bookings/{in_progress.pk}/attachments/"
    added = api_as(in_progress.client).post(url, {"file": upload_file("pdf", "Site plan.pdf")}, format="multipart")
    assert added.status_code == 201, added.content
    body = added.json()
    assert body["original_name"] == "Site plan.pdf" and body["content_type"] == "application/pdf" and body["mine"]
    attachment = Attachment.objects.get(pk=body["id"])
    assert in_progress.freelancer.notifications.filter(event_key__endswith=f"attachment:{attachment.pk}").exists()
    listed = api_as(in_progress.freelancer).get(url).json()["results"]
    assert [(row["id"], row["mine"]) for row in listed] == [(attachment.pk, False)]
    file_url = f"{url}{attachment.pk}/file/"
    response = api_as(in_progress.freelancer).get(file_url)
    assert response.status_code == 200 and _content(response) == pdf_bytes()
    assert 'filename="site-plan.pdf"' in response["Content-Disposition"]
    _private_headers(response)
    for path in (url, file_url):
        assert api_as(stranger).get(path).status_code == 404
        assert api_as(None).get(path).status_code == 401
    refused = api_as(stranger).post(url, {"file": upload_file("pdf")}, format="multipart")
    assert refused.status_code == 404 and Attachment.objects.count() == 1


def test_an_attachment_that_is_not_a_document_is_refused_next_to_the_file(in_progress):
    fake = upload_file("pdf", "invoice.pdf")
    fake.file.seek(0)
    fake.file.write(b"MZ\x90\x00 a program" * 10)
    fake.file.truncate()
    fake.file.seek(0)
    response = api_as(in_progress.freelancer).post(
        f"/api/v1/bookings/{in_progress.pk}/attachments/", {"file": fake}, format="multipart"
    )
    assert response.status_code == 400, response.content
    assert response.json()["errors"][0]["field"] == "file"
    assert not Attachment.objects.exists()
