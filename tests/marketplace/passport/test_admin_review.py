"""Reviewers' actions on a passport document in the Wagtail admin (marketplace/passport/admin_views.py): start,
approve, refuse and revoke, and every way a decision is refused."""


import pytest
from django.core import mail
from django.test import Client

from marketplace.accounts.models import User
from marketplace.passport import services
from marketplace.passport.models import CompetenceAuditLog, CompetenceDocument, CompetenceReview
from tests.clients import text_of
from tests.marketplace.passport.helpers import QUEUE, REQUIRED_CHECKS, actions, decide, url
from tests.second_factor import with_second_factor

from .fixtures import ALL_CHECKS, REVIEWERS_GROUP, upload_file

pytestmark = pytest.mark.django_db

Status = CompetenceDocument.Status
Action = CompetenceAuditLog.Action


# Actions


def test_start_review_takes_the_document(as_reviewer, reviewer, make_document):
    document = make_document()

    response = as_reviewer.post(url("start", document), follow=True)

    assert response.redirect_chain[-1][0] == url("review", document)
    assert "You are reviewing" in text_of(response)
    document.refresh_from_db()
    assert document.status == Status.UNDER_REVIEW
    entry = CompetenceAuditLog.objects.get(document=document, action=Action.REVIEW_STARTED)
    assert (entry.actor, entry.from_status, entry.to_status, entry.ip) == (
        reviewer, Status.UPLOADED, Status.UNDER_REVIEW, "127.0.0.1")


def test_approving_with_the_checks_records_the_review_and_emails_the_freelancer(
    as_reviewer, reviewer, make_document, django_capture_on_commit_callbacks
):
    document = make_document(status=Status.UNDER_REVIEW)

    with django_capture_on_commit_callbacks(execute=True):
        response = decide(as_reviewer, document, decision="approved", checks=REQUIRED_CHECKS, score="4",
                          comment="All in order.", internal_note="Called the issuer.")

    assert response.redirect_chain[-1][0] == QUEUE
    assert "is approved. The freelancer gets an email." in text_of(response)
    document.refresh_from_db()
    assert document.status == Status.APPROVED and document.decided_at is not None
    review = CompetenceReview.objects.get(document=document)
    assert (review.reviewer, review.decision, review.score) == (reviewer, "approved", 4)
    assert review.checks == REQUIRED_CHECKS and review.version == document.current_version
    assert (review.comment, review.internal_note) == ("All in order.", "Called the issuer.")
    entry = CompetenceAuditLog.objects.get(document=document, action=Action.APPROVED)
    assert (entry.actor, entry.to_status, entry.details["review"]) == (reviewer, Status.APPROVED, review.pk)
    assert [message.to for message in mail.outbox] == [[document.owner.email]]
    assert "Called the issuer" not in mail.outbox[0].body


@pytest.mark.parametrize(("decision", "action"), [
    ("rejected", Action.REJECTED), ("requires_revision", Action.REVISION_REQUESTED),
])
def test_refusing_with_a_comment_records_it_and_emails_the_freelancer(
    as_reviewer, make_document, decision, action, django_capture_on_commit_callbacks
):
    document = make_document(status=Status.UNDER_REVIEW)

    with django_capture_on_commit_callbacks(execute=True):
        response = decide(as_reviewer, document, decision=decision, comment="The stamp is missing.")

    assert response.redirect_chain[-1][0] == QUEUE
    document.refresh_from_db()
    assert document.status == decision
    review = CompetenceReview.objects.get(document=document)
    assert (review.decision, review.comment, review.checks, review.score) == (
        decision, "The stamp is missing.", [], None)
    assert actions(document)[-1] == action
    assert len(mail.outbox) == 1 and "The stamp is missing." in mail.outbox[0].body


def test_approving_without_the_required_checks_is_refused(as_reviewer, make_document):
    document = make_document(status=Status.UNDER_REVIEW)
    before = actions(document)

    response = decide(as_reviewer, document, decision="approved", checks=["identity", "issuer"],
                      comment="Looks fine.")

    assert response.status_code == 200
    page = text_of(response)
    assert "Before approving, confirm:" in page and "Issue and expiry dates checked" in page
    assert "Looks fine." in page  # what the reviewer typed is kept
    document.refresh_from_db()
    assert document.status == Status.UNDER_REVIEW
    assert not CompetenceReview.objects.filter(document=document).exists()
    assert actions(document) == before
    assert mail.outbox == []


@pytest.mark.parametrize("decision", ["rejected", "requires_revision"])
def test_refusing_without_a_comment_is_refused(as_reviewer, make_document, decision):
    document = make_document(status=Status.UNDER_REVIEW)

    response = decide(as_reviewer, document, decision=decision, comment="   ")

    assert "Tell the freelancer why, in the comment." in text_of(response)
    document.refresh_from_db()
    assert document.status == Status.UNDER_REVIEW
    assert not CompetenceReview.objects.filter(document=document).exists()


def test_a_form_without_a_decision_is_refused(as_reviewer, make_document):
    document = make_document(status=Status.UNDER_REVIEW)

    response = decide(as_reviewer, document, decision="approve-everything", checks=ALL_CHECKS)

    assert "The decision could not be recorded" in text_of(response)
    document.refresh_from_db()
    assert document.status == Status.UNDER_REVIEW


def test_deciding_on_an_already_decided_document_is_refused(as_reviewer, make_document):
    document = make_document(status=Status.UNDER_REVIEW)
    stale_form = {"decision": "rejected", "comment": "Blurry.", "version": document.current_version_id}
    other_reviewer = User.objects.filter(groups__name=REVIEWERS_GROUP).exclude(email="reviewer@valund.example")
    services.review_decide(reviewer=with_second_factor(other_reviewer.get()), document=document, decision="approved",
                           checks=ALL_CHECKS)

    response = as_reviewer.post(url("decide", document), stale_form, follow=True)

    assert "cannot become" in text_of(response) and "Reload the page" in text_of(response)
    document.refresh_from_db()
    assert document.status == Status.APPROVED
    assert CompetenceReview.objects.filter(document=document).count() == 1


def test_a_form_for_an_earlier_version_is_refused(as_reviewer, make_document):
    document = make_document(status=Status.REQUIRES_REVISION)
    seen_version = document.current_version_id
    services.document_new_version(actor=document.owner, document=document, upload=upload_file("png"))
    services.review_start(reviewer=with_second_factor(User.objects.get(email="reviewer@valund.example")),
                          document=document)

    response = decide(as_reviewer, document, decision="approved", checks=ALL_CHECKS, version=seen_version)

    assert "A new version of this document was uploaded" in text_of(response)
    document.refresh_from_db()
    assert document.status == Status.UNDER_REVIEW


def test_starting_a_review_twice_is_refused(as_reviewer, make_document):
    document = make_document(status=Status.UNDER_REVIEW)
    before = actions(document)

    response = as_reviewer.post(url("start", document), follow=True)

    assert "cannot become" in text_of(response)
    assert actions(document) == before


def test_revoking_an_approval_records_the_reason_and_emails_the_freelancer(
    as_reviewer, reviewer, make_document, django_capture_on_commit_callbacks
):
    document = make_document(status=Status.APPROVED)

    with django_capture_on_commit_callbacks(execute=True):
        response = as_reviewer.post(url("revoke", document), {"reason": "The issuer withdrew it.",
                                                             "version": document.current_version_id}, follow=True)

    assert response.redirect_chain[-1][0] == QUEUE and "revoked" in text_of(response)
    document.refresh_from_db()
    assert document.status == Status.REVOKED
    review = CompetenceReview.objects.get(document=document, decision=CompetenceReview.Decision.REVOKED)
    assert (review.reviewer, review.comment) == (reviewer, "The issuer withdrew it.")
    assert actions(document)[-1] == Action.REVOKED
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [document.owner.email]


def test_revoking_without_a_reason_is_refused(as_reviewer, make_document):
    document = make_document(status=Status.APPROVED)

    response = as_reviewer.post(url("revoke", document), {"reason": ""}, follow=True)

    assert "Give the reason for revoking." in text_of(response)
    document.refresh_from_db()
    assert document.status == Status.APPROVED


def test_a_reviewer_cannot_review_their_own_documents(make_member, logged_in, make_document):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.contrib.auth.models import Group

    member = make_member(name="Both Hats")
    member.groups.add(Group.objects.get(name=REVIEWERS_GROUP))
    member.is_staff = True
    member.save(update_fields=["is_staff"])
    TOTP.activate(member, generate_totp_secret())
    own = make_document(member)
    client = logged_in(member)

    screen = text_of(client.get(url("review", own)))
    response = client.post(url("start", own), follow=True)

    assert "This is your own document" in screen
    assert "You cannot review your own documents." in text_of(response)
    own.refresh_from_db()
    assert own.status == Status.UPLOADED
    assert actions(own) == [Action.UPLOADED]


def test_a_superuser_may_review(make_staff, logged_in, make_document):
    document = make_document()
    client = logged_in(make_staff(superuser=True))

    assert client.get(QUEUE).status_code == 200
    client.post(url("start", document))
    document.refresh_from_db()
    assert document.status == Status.UNDER_REVIEW


def test_actions_need_a_csrf_token(reviewer, make_document):
    document = make_document(status=Status.UNDER_REVIEW)
    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer, backend="django.contrib.auth.backends.ModelBackend")

    response = client.post(url("decide", document), {"decision": "approved", "checks": ALL_CHECKS})

    assert response.status_code == 403
    document.refresh_from_db()
    assert document.status == Status.UNDER_REVIEW


def test_actions_are_post_only(as_reviewer, make_document):
    document = make_document()

    assert as_reviewer.get(url("start", document)).status_code == 405
    document.refresh_from_db()
    assert document.status == Status.UPLOADED
