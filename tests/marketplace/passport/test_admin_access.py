"""Who may reach the passport review screens in the Wagtail admin, and open the files they show."""


import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from marketplace.accounts.models import User
from marketplace.passport.models import CompetenceAuditLog, CompetenceDocument
from tests.marketplace.passport.helpers import QUEUE, actions, url

from .fixtures import ALL_CHECKS

pytestmark = pytest.mark.django_db

Status = CompetenceDocument.Status
Action = CompetenceAuditLog.Action


# Who may see what


def every_view(document):
    return [
        ("get", QUEUE), ("get", reverse("passport_review:index_results")), ("get", url("review", document)),
        ("post", url("start", document)), ("post", url("decide", document)), ("post", url("revoke", document)),
        ("get", url("file", document, 1)),
    ]


@pytest.mark.parametrize("who", ["plain_staff", "freelancer"])
def test_only_reviewers_reach_the_review_views(request, who, logged_in, make_document):
    document = make_document(status=Status.UNDER_REVIEW)
    client = logged_in(request.getfixturevalue(who))

    for method, path in every_view(document):
        response = getattr(client, method)(path, {"decision": "approved", "checks": ALL_CHECKS, "reason": "x"})
        assert response.status_code == 403, path

    document.refresh_from_db()
    assert document.status == Status.UNDER_REVIEW
    assert actions(document) == [Action.UPLOADED, Action.REVIEW_STARTED]


def test_staff_given_the_permission_directly_may_review(make_staff, logged_in, make_document):
    staff = make_staff()
    staff.user_permissions.add(Permission.objects.get(codename="review_competencedocument"))
    staff = User.objects.get(pk=staff.pk)

    assert logged_in(staff).get(QUEUE).status_code == 200


def test_visitors_are_sent_to_log_in(client, make_document):
    document = make_document()

    for method, path in every_view(document):
        response = getattr(client, method)(path)
        assert response.status_code == 302 and "login" in response["Location"], path


# The file


@pytest.mark.parametrize(("kind", "content_type", "magic"), [
    ("pdf", "application/pdf", b"%PDF-"), ("png", "image/png", b"\x89PNG"),
])
def test_a_reviewer_opens_the_file_and_it_is_logged(as_reviewer, reviewer, make_document, kind, content_type, magic):
    document = make_document(kind=kind)

    response = as_reviewer.get(url("file", document, 1))

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(magic)
    entry = CompetenceAuditLog.objects.get(document=document, action=Action.DOWNLOADED)
    assert (entry.actor, entry.ip, entry.details) == (reviewer, "127.0.0.1", {"version": 1})


def test_an_unknown_version_is_not_found(as_reviewer, make_document):
    document = make_document()

    assert as_reviewer.get(url("file", document, 2)).status_code == 404
    assert Action.DOWNLOADED not in actions(document)


@pytest.mark.parametrize("who", ["plain_staff", "freelancer"])
def test_others_cannot_open_the_file(request, who, logged_in, make_document):
    document = make_document()

    response = logged_in(request.getfixturevalue(who)).get(url("file", document, 1))

    assert response.status_code == 403
    assert Action.DOWNLOADED not in actions(document)
