"""Reviewers work through the passport queue in the Wagtail admin (marketplace/passport/admin_views.py);
editors maintain document types there (marketplace/passport/wagtail_hooks.py)."""

import datetime
import html

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from marketplace.accounts.models import User
from marketplace.passport import rules, services
from marketplace.passport.models import (
    CompetenceAuditLog,
    CompetenceDocument,
    CompetenceReview,
    CompetenceTemplate,
)
from tests.second_factor import with_second_factor

from .fixtures import ALL_CHECKS, REVIEWERS_GROUP, upload_file

pytestmark = pytest.mark.django_db

Status = CompetenceDocument.Status
Action = CompetenceAuditLog.Action
QUEUE = "/admin/passport/review/"
REQUIRED_CHECKS = sorted(services.CHECKS_REQUIRED_FOR_APPROVAL)


def url(name, document, *args):
    return reverse(f"passport_review:{name}", args=[document.pk, *args])


def text(response) -> str:
    return html.unescape(response.content.decode())


def days_ago(days, hours=0):
    return timezone.now() - datetime.timedelta(days=days, hours=hours)


@pytest.fixture
def as_reviewer(reviewer, logged_in):
    return logged_in(reviewer)


@pytest.fixture
def plain_staff(make_staff):
    """Staff who may use the admin (Wagtail's Editors group) but are not passport reviewers."""
    staff = make_staff(email="editor@valund.example")
    assert staff.has_perm("wagtailadmin.access_admin") and not rules.can_review(staff)
    return staff


def decide(client, document, **data):
    data.setdefault("version", document.current_version_id)
    return client.post(url("decide", document), data, follow=True)


def actions(document):
    return list(CompetenceAuditLog.objects.filter(document=document).values_list("action", flat=True))


# The queue


def test_queue_lists_waiting_documents_oldest_first(as_reviewer, make_document, template):
    newest = make_document(title="Newest", submitted_at=days_ago(0, hours=2))
    oldest = make_document(title="Oldest", template=template, submitted_at=days_ago(9))
    middle = make_document(title="Middle", status=Status.UNDER_REVIEW, submitted_at=days_ago(3))
    make_document(title="Settled", status=Status.APPROVED, submitted_at=days_ago(20))
    make_document(title="Refused", status=Status.REJECTED, submitted_at=days_ago(20))

    page = text(as_reviewer.get(QUEUE))

    positions = [page.index(url("review", document)) for document in (oldest, middle, newest)]
    assert positions == sorted(positions)
    assert "Settled" not in page and "Refused" not in page
    assert oldest.owner.profile.display_name in page
    assert "Hot work certificate" in page and "Brandskyddsföreningen" in page  # type and issuer
    assert "Under review" in page and "Uploaded, waiting for review" in page
    assert "9\xa0days" in page and "3\xa0days" in page and "2\xa0hours" in page


def test_queue_filters_by_status_type_and_waiting_time(as_reviewer, make_document, template):
    typed_old = make_document(title="Typed old", template=template, submitted_at=days_ago(8))
    untyped_recent = make_document(title="Untyped recent", submitted_at=days_ago(2))
    approved = make_document(title="Approved one", status=Status.APPROVED)

    def listed(**params):
        page = text(as_reviewer.get(QUEUE, params))
        return {title for title in ("Typed old", "Untyped recent", "Approved one") if title in page}

    assert listed() == {"Typed old", "Untyped recent"}
    assert listed(status="approved") == {"Approved one"}
    assert listed(status="all") == {"Typed old", "Untyped recent", "Approved one"}
    assert listed(template=template.pk) == {"Typed old"}
    assert listed(waited="1") == {"Typed old", "Untyped recent"}
    assert listed(waited="3") == {"Typed old"}
    assert listed(waited="7") == {"Typed old"}
    assert listed(status="bogus") == {"Typed old", "Untyped recent"}  # a bad URL shows the default queue
    assert listed(q=untyped_recent.owner.email) == {"Untyped recent"}
    results = as_reviewer.get(reverse("passport_review:index_results"), {"status": "approved"})
    assert results.status_code == 200 and url("review", approved) in results.content.decode()
    assert url("review", typed_old) not in results.content.decode()


def test_queue_is_paginated_by_fifty(as_reviewer, make_document):
    documents = [make_document(submitted_at=days_ago(60 - n)) for n in range(51)]

    first = as_reviewer.get(QUEUE).content.decode()
    second = as_reviewer.get(QUEUE, {"p": 2}).content.decode()

    assert url("review", documents[49]) in first and url("review", documents[50]) not in first
    assert url("review", documents[50]) in second


def test_queue_query_count_does_not_grow_with_the_number_of_documents(as_reviewer, make_document, template):
    def queries_for_queue():
        with CaptureQueriesContext(connection) as context:
            assert as_reviewer.get(QUEUE).status_code == 200
        return len(context.captured_queries)

    for _ in range(5):
        make_document(template=template)
    with_five = queries_for_queue()
    for n in range(55):
        make_document(template=template if n % 2 else None, status=Status.UNDER_REVIEW if n % 3 else Status.UPLOADED)
    with_sixty = queries_for_queue()

    assert with_five == with_sixty
    assert with_sixty <= 20


def test_menu_shows_the_waiting_count_to_reviewers_only(as_reviewer, make_document, logged_in, plain_staff):
    make_document()
    make_document(status=Status.UNDER_REVIEW)
    make_document(status=Status.APPROVED)

    assert "Review queue (2)" in as_reviewer.get("/admin/").content.decode()

    as_reviewer.logout()
    assert "Review queue" not in logged_in(plain_staff).get("/admin/").content.decode()


def test_the_menu_count_is_one_query(reviewer, rf):
    from marketplace.passport.admin_views import ReviewQueueMenuItem

    item = ReviewQueueMenuItem("Review queue", QUEUE)
    request = rf.get("/admin/")
    request.user = reviewer
    assert item.is_shown(request)
    with CaptureQueriesContext(connection) as context:
        item.render_component(request)
    assert len(context.captured_queries) == 1
    assert "COUNT" in context.captured_queries[0]["sql"].upper()


# The review screen


def test_review_screen_shows_the_file_beside_the_document_and_its_history(
    as_reviewer, make_document, template, skills, make_member
):
    owner = make_member(name="Kalle Svets", city="Umeå")
    owner.profile.skills.create(skill=skills["welding"], level=4, years=12)
    document = make_document(owner, template=template, issuer="Unknown Institute", credential_number="HA-1234",
                             status=Status.REQUIRES_REVISION)
    document = services.document_new_version(actor=owner, document=document, upload=upload_file("png"))

    page = text(as_reviewer.get(url("review", document)))

    assert f'<img src="{url("file", document, 2)}"' in page
    assert "Kalle Svets" in page and owner.email in page and "Welding (Expert)" in page
    assert owner.profile.get_absolute_url() in page  # public profile link
    assert "Unknown Institute" in page and "Not one of the issuers listed" in page and "HA-1234" in page
    assert "Version 1" in page and "Version 2" in page and "The scan is unreadable." in page
    assert "Revision requested" in page and "New version uploaded" in page  # audit log
    assert url("start", document) in page


def test_review_screen_previews_a_pdf_in_a_frame(as_reviewer, make_document):
    document = make_document(kind="pdf")

    page = as_reviewer.get(url("review", document)).content.decode()

    assert f'<iframe src="{url("file", document, 1)}"' in page


def test_review_screen_offers_the_action_the_status_allows(as_reviewer, make_document):
    under_review = make_document(status=Status.UNDER_REVIEW)
    approved = make_document(status=Status.APPROVED)
    rejected = make_document(status=Status.REJECTED)

    decide_page = as_reviewer.get(url("review", under_review)).content.decode()
    assert url("decide", under_review) in decide_page and 'name="checks"' in decide_page
    assert url("revoke", approved) in as_reviewer.get(url("review", approved)).content.decode()
    rejected_page = as_reviewer.get(url("review", rejected)).content.decode()
    assert "Nothing to do" in rejected_page and "<form action=\"/admin/passport" not in rejected_page


# Actions


def test_start_review_takes_the_document(as_reviewer, reviewer, make_document):
    document = make_document()

    response = as_reviewer.post(url("start", document), follow=True)

    assert response.redirect_chain[-1][0] == url("review", document)
    assert "You are reviewing" in text(response)
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
    assert "is approved. The freelancer gets an email." in text(response)
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
    page = text(response)
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

    assert "Tell the freelancer why, in the comment." in text(response)
    document.refresh_from_db()
    assert document.status == Status.UNDER_REVIEW
    assert not CompetenceReview.objects.filter(document=document).exists()


def test_a_form_without_a_decision_is_refused(as_reviewer, make_document):
    document = make_document(status=Status.UNDER_REVIEW)

    response = decide(as_reviewer, document, decision="approve-everything", checks=ALL_CHECKS)

    assert "The decision could not be recorded" in text(response)
    document.refresh_from_db()
    assert document.status == Status.UNDER_REVIEW


def test_deciding_on_an_already_decided_document_is_refused(as_reviewer, make_document):
    document = make_document(status=Status.UNDER_REVIEW)
    stale_form = {"decision": "rejected", "comment": "Blurry.", "version": document.current_version_id}
    other_reviewer = User.objects.filter(groups__name=REVIEWERS_GROUP).exclude(email="reviewer@valund.example")
    services.review_decide(reviewer=with_second_factor(other_reviewer.get()), document=document, decision="approved",
                           checks=ALL_CHECKS)

    response = as_reviewer.post(url("decide", document), stale_form, follow=True)

    assert "cannot become" in text(response) and "Reload the page" in text(response)
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

    assert "A new version of this document was uploaded" in text(response)
    document.refresh_from_db()
    assert document.status == Status.UNDER_REVIEW


def test_starting_a_review_twice_is_refused(as_reviewer, make_document):
    document = make_document(status=Status.UNDER_REVIEW)
    before = actions(document)

    response = as_reviewer.post(url("start", document), follow=True)

    assert "cannot become" in text(response)
    assert actions(document) == before


def test_revoking_an_approval_records_the_reason_and_emails_the_freelancer(
    as_reviewer, reviewer, make_document, django_capture_on_commit_callbacks
):
    document = make_document(status=Status.APPROVED)

    with django_capture_on_commit_callbacks(execute=True):
        response = as_reviewer.post(url("revoke", document), {"reason": "The issuer withdrew it.",
                                                             "version": document.current_version_id}, follow=True)

    assert response.redirect_chain[-1][0] == QUEUE and "revoked" in text(response)
    document.refresh_from_db()
    assert document.status == Status.REVOKED
    review = CompetenceReview.objects.get(document=document, decision=CompetenceReview.Decision.REVOKED)
    assert (review.reviewer, review.comment) == (reviewer, "The issuer withdrew it.")
    assert actions(document)[-1] == Action.REVOKED
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [document.owner.email]


def test_revoking_without_a_reason_is_refused(as_reviewer, make_document):
    document = make_document(status=Status.APPROVED)

    response = as_reviewer.post(url("revoke", document), {"reason": ""}, follow=True)

    assert "Give the reason for revoking." in text(response)
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

    screen = text(client.get(url("review", own)))
    response = client.post(url("start", own), follow=True)

    assert "This is your own document" in screen
    assert "You cannot review your own documents." in text(response)
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


# Document types


TYPES = "/admin/snippets/passport/competencetemplate/"


@pytest.fixture
def as_editor(make_staff, logged_in):
    """A member of Wagtail's Editors group: a migration gives editors the document types."""
    return logged_in(make_staff(email="editor-in-chief@valund.example"))


def test_editors_list_search_and_filter_document_types(as_editor, template):
    CompetenceTemplate.objects.create(name="First aid", slug="first-aid", is_active=False)

    listing = text(as_editor.get(TYPES))
    assert "Hot work certificate" in listing and "First aid" in listing
    searched = text(as_editor.get(TYPES, {"q": "first"}))
    assert "First aid" in searched and "Hot work certificate" not in searched
    active = text(as_editor.get(TYPES, {"is_active": "true"}))
    assert "Hot work certificate" in active and "First aid" not in active


def test_editors_add_a_document_type_with_its_skills(as_editor, skills):
    form = as_editor.get(f"{TYPES}add/").content.decode()
    assert 'type="checkbox" name="skills"' in form

    response = as_editor.post(f"{TYPES}add/", {
        "name": "Working at heights", "slug": "working-at-heights", "description": "Fall protection.",
        "issuing_bodies": "Arbetsmiljöverket\nByggföretagen", "expiry_required": "on",
        "default_validity_months": "36", "skills": [skills["carpentry"].pk, skills["welding"].pk],
        "is_active": "on",
    })

    assert response.status_code == 302
    kind = CompetenceTemplate.objects.get(slug="working-at-heights")
    assert kind.issuer_list == ["Arbetsmiljöverket", "Byggföretagen"]
    assert (kind.expiry_required, kind.default_validity_months, kind.is_active) == (True, 36, True)
    assert set(kind.skills.all()) == {skills["carpentry"], skills["welding"]}


def test_reviewers_who_are_not_editors_do_not_edit_document_types(make_staff, logged_in, template):
    only_reviewer = logged_in(make_staff(reviewer=True, groups=()))

    assert only_reviewer.get(f"{TYPES}edit/{template.pk}/").status_code in (302, 403)
    assert only_reviewer.get(reverse("passport_review:index")).status_code == 200


def test_review_screen_query_count_does_not_grow_with_the_history(as_reviewer, make_document, skills):
    def queries_for(document):
        with CaptureQueriesContext(connection) as context:
            assert as_reviewer.get(url("review", document)).status_code == 200
        return len(context.captured_queries)

    fresh = make_document()
    worked = make_document(status=Status.REQUIRES_REVISION)
    worked.owner.profile.skills.create(skill=skills["welding"], level=3)
    worked.owner.profile.skills.create(skill=skills["python"], level=2)
    worked.skills.set(skills.values())
    acting = with_second_factor(User.objects.get(email="reviewer@valund.example"))
    for _ in range(3):
        services.document_new_version(actor=worked.owner, document=worked, upload=upload_file("png"))
        services.review_start(reviewer=acting, document=worked)
        services.review_decide(reviewer=acting, document=worked, decision="requires_revision", comment="Again, please.")

    queries_for(fresh)  # warm the caches the admin and profile links use
    assert queries_for(fresh) == queries_for(worked)
