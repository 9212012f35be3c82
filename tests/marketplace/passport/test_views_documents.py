"""A passport document's page and its new versions, and the checked file view, including everyone who must not
get in."""

from pathlib import Path

import pytest
from django.urls import reverse

from marketplace.accounts.models import User
from marketplace.core.storage import private_storage
from marketplace.passport.models import CompetenceAuditLog, CompetenceDocument
from tests.marketplace.passport.fixtures import pdf_bytes, png_bytes
from tests.marketplace.passport.helpers import (
    detail_url,
    file_url,
    new_version_url,
    stored_files,
    truncated_pdf,
    upload,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("remove_stored_files")]

Status = CompetenceDocument.Status
Action = CompetenceAuditLog.Action


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

    response = client.post(new_version_url(document), {"file": upload(data=truncated_pdf())})

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
