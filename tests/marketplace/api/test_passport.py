"""The freelancer's passport through the API, with real tokens: uploading (multipart, the site's
content checks and `passport_upload` limit), reading one's documents with their status, review
comments and versions, and a new version when a reviewer asks for one; another member's
document is a 404, and a client keeps no passport."""

import datetime

import pytest
from django.utils import timezone

from marketplace.passport import services
from marketplace.passport.models import CompetenceDocument
from tests.marketplace.passport.fixtures import ALL_CHECKS, pdf_bytes, upload_file

from .helpers import api_as

pytestmark = pytest.mark.django_db

DOCUMENTS = "/api/v1/me/documents/"


def _form(**fields) -> dict:
    today = timezone.localdate()
    form = {
        "document_type": "hot-work",
        "issuer": "Brandskyddsföreningen",
        "issue_date": (today - datetime.timedelta(days=10)).isoformat(),
        "expiry_date": (today + datetime.timedelta(days=800)).isoformat(),
        "file": upload_file("pdf"),
    }
    form.update(fields)
    return {key: value for key, value in form.items() if value is not None}


def test_a_freelancer_uploads_a_document_and_reads_it_waiting_for_review(freelancer, template, skills):
    client = api_as(freelancer)
    uploaded = client.post(DOCUMENTS, _form(skills=["welding"]), format="multipart")
    assert uploaded.status_code == 201, uploaded.content
    body = uploaded.json()
    document = CompetenceDocument.objects.get(owner=freelancer)
    assert body["id"] == document.pk and body["status"] == "uploaded"
    assert body["title"] == "Hot work certificate"  # the type's name when no title is given
    assert body["document_type"] == "hot-work" and body["skills"] == ["welding"]
    assert [version["number"] for version in body["versions"]] == [1]
    assert body["versions"][0]["content_type"] == "application/pdf"
    assert [entry["action"] for entry in body["history"]] == ["uploaded"]
    listed = client.get(DOCUMENTS).json()["results"]
    assert [(row["id"], row["status"]) for row in listed] == [(document.pk, "uploaded")]


def test_a_file_that_is_not_a_document_is_refused_next_to_the_file_and_nothing_is_kept(freelancer, template):
    fake = upload_file("pdf")
    fake.file.seek(0)
    fake.file.write(b"MZ\x90\x00 not a pdf at all" * 10)
    fake.file.seek(0)
    fake.name = "card.pdf"
    response = api_as(freelancer).post(DOCUMENTS, _form(file=fake), format="multipart")
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"][0]["field"] == "file"
    assert response.json()["errors"][0]["code"].startswith("file_")
    assert not CompetenceDocument.objects.exists()


def test_the_services_date_rules_are_answered_next_to_their_field(freelancer, template):
    future = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()
    response = api_as(freelancer).post(DOCUMENTS, _form(issue_date=future), format="multipart")
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["issue_date"]


def test_another_document_needs_its_title_and_only_the_types_or_own_skills(freelancer, skills):
    client = api_as(freelancer)
    untitled = client.post(DOCUMENTS, _form(document_type=None, expiry_date=None), format="multipart")
    assert untitled.status_code == 400 and untitled.json()["errors"][0]["field"] == "title"
    foreign = client.post(DOCUMENTS, _form(document_type=None, title="Course", skills=["welding"]), format="multipart")
    assert foreign.status_code == 400 and foreign.json()["errors"][0]["field"] == "skills"


def test_a_client_keeps_no_passport(client_user):
    client = api_as(client_user)
    assert client.get(DOCUMENTS).json() == {"results": []}
    refused = client.post(DOCUMENTS, _form(document_type=None, title="Card"), format="multipart")
    assert refused.status_code == 403


def test_another_members_document_is_not_found(make_document, make_member, freelancer):
    document = make_document(freelancer)
    other = api_as(make_member(name="Other Welder"))
    assert other.get(f"{DOCUMENTS}{document.pk}/").status_code == 404
    assert (
        other.post(f"{DOCUMENTS}{document.pk}/versions/", {"file": upload_file("pdf")}, format="multipart").status_code
        == 404
    )
    assert other.get(DOCUMENTS).json() == {"results": []}
    assert api_as(freelancer).get(f"{DOCUMENTS}{document.pk}/").status_code == 200


def test_a_revision_request_is_answered_with_a_new_version(make_document, freelancer, reviewer):
    document = make_document(freelancer)
    services.review_start(reviewer=reviewer, document=document)
    services.review_decide(
        reviewer=reviewer,
        document=document,
        decision="requires_revision",
        checks=ALL_CHECKS,
        comment="The photo is blurred; send a sharper one.",
        internal_note="Not for the freelancer.",
    )
    client = api_as(freelancer)
    seen = client.get(f"{DOCUMENTS}{document.pk}/").json()
    assert seen["status"] == "requires_revision"
    assert [(r["decision"], r["comment"], r["version"]) for r in seen["reviews"]] == [
        ("requires_revision", "The photo is blurred; send a sharper one.", 1)
    ]
    assert "Not for the freelancer" not in str(client.get(DOCUMENTS).content)
    sent = client.post(f"{DOCUMENTS}{document.pk}/versions/", {"file": upload_file("png")}, format="multipart")
    assert sent.status_code == 201, sent.content
    assert sent.json()["status"] == "uploaded" and sent.json()["current_version"] == 2
    assert [v["number"] for v in sent.json()["versions"]] == [2, 1]


def test_a_new_version_while_under_review_is_a_conflict(make_document, freelancer):
    document = make_document(freelancer, status=CompetenceDocument.Status.UNDER_REVIEW)
    response = api_as(freelancer).post(
        f"{DOCUMENTS}{document.pk}/versions/", {"file": upload_file("pdf")}, format="multipart"
    )
    assert response.status_code == 409 and response.json()["code"] == "transition"


def test_an_upload_replayed_with_its_key_is_kept_once(freelancer, template):
    client = api_as(freelancer)
    form = _form()
    first = client.post(DOCUMENTS, form, format="multipart", HTTP_IDEMPOTENCY_KEY="doc-1")
    form["file"].seek(0)
    again = client.post(DOCUMENTS, form, format="multipart", HTTP_IDEMPOTENCY_KEY="doc-1")
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true" and again.json()["id"] == first.json()["id"]
    assert CompetenceDocument.objects.count() == 1


def test_uploads_count_against_the_sites_passport_upload_limit(freelancer, template, settings):
    settings.VALUND_RATE_LIMITS = {**settings.VALUND_RATE_LIMITS, "passport_upload": "1/h/user"}
    client = api_as(freelancer)
    assert client.post(DOCUMENTS, _form(), format="multipart").status_code == 201
    refused = client.post(DOCUMENTS, _form(file=upload_file("pdf")), format="multipart")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert client.get(DOCUMENTS).status_code == 200  # reading is not an upload
    assert CompetenceDocument.objects.count() == 1


def test_a_pdf_is_read_as_such(freelancer, template):
    """The same content check as the site: a real PDF with another name is kept as a PDF."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("scan.bin", pdf_bytes("Card"), content_type="application/octet-stream")
    response = api_as(freelancer).post(DOCUMENTS, _form(file=upload), format="multipart")
    assert response.status_code == 201, response.content
    assert response.json()["versions"][0]["content_type"] == "application/pdf"


def test_the_schema_describes_uploads_as_multipart_with_a_binary_file():
    from rest_framework.test import APIClient

    schema = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    upload = schema["paths"]["/api/v1/me/documents/"]["post"]["requestBody"]["content"]
    assert list(upload) == ["multipart/form-data"]
    body = upload["multipart/form-data"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert schema["components"]["schemas"][body]["properties"]["file"]["format"] == "binary"
    assert (
        "multipart/form-data"
        in schema["paths"]["/api/v1/me/documents/{id}/versions/"]["post"]["requestBody"]["content"]
    )


def test_the_list_takes_the_same_queries_for_one_document_or_many(make_document, freelancer, reviewer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = api_as(freelancer)
    make_document(freelancer)

    def queries() -> int:
        with CaptureQueriesContext(connection) as seen:
            assert client.get(DOCUMENTS).status_code == 200
        return len(seen)

    one = queries()
    for _ in range(3):
        make_document(freelancer, status=CompetenceDocument.Status.REQUIRES_REVISION)
    assert len(client.get(DOCUMENTS).json()["results"]) == 4
    assert queries() == one
