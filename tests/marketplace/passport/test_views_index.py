"""The freelancer's passport page: one next step per state of their documents, and the dashboard's count."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from marketplace.accounts.models import User
from marketplace.passport import services
from marketplace.passport.models import CompetenceDocument
from tests.marketplace.passport.helpers import INDEX_URL, INTERNAL_NOTE, TODAY, UPLOAD_URL, detail_url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("remove_stored_files")]

Status = CompetenceDocument.Status


# The passport page: one next step per state


def test_visitor_is_sent_to_log_in(client):
    response = client.get(INDEX_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_client_is_told_the_passport_is_for_freelancers(client, logged_in, client_user):
    logged_in(client_user)

    response = client.get(INDEX_URL, follow=True)

    assert response.redirect_chain[-1][0] == reverse("dashboard:index")
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

    assert f"Waiting for review since {timezone.localtime(submitted):%-d %b %Y}" in html


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

    assert f"Verified and valid until {expiry:%-d %b %Y}" in html
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

    html = client.get(reverse("dashboard:index")).content.decode()

    assert "Competence passport" in html
    assert f'href="{INDEX_URL}"' in html
    assert "Uploaded, waiting for review: 2" in html
    assert "Rejected: 1" in html
