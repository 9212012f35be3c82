"""Reviewers' passport queue in the Wagtail admin (marketplace/passport/admin_views.py): the list, its filters,
the menu's count and the review screen."""


import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from marketplace.accounts.models import User
from marketplace.passport import services
from marketplace.passport.models import CompetenceDocument
from tests.clients import text_of
from tests.marketplace.passport.helpers import QUEUE, days_ago, url
from tests.second_factor import with_second_factor

from .fixtures import upload_file

pytestmark = pytest.mark.django_db

Status = CompetenceDocument.Status


# The queue


def test_queue_lists_waiting_documents_oldest_first(as_reviewer, make_document, template):
    newest = make_document(title="Newest", submitted_at=days_ago(0, hours=2))
    oldest = make_document(title="Oldest", template=template, submitted_at=days_ago(9))
    middle = make_document(title="Middle", status=Status.UNDER_REVIEW, submitted_at=days_ago(3))
    make_document(title="Settled", status=Status.APPROVED, submitted_at=days_ago(20))
    make_document(title="Refused", status=Status.REJECTED, submitted_at=days_ago(20))

    page = text_of(as_reviewer.get(QUEUE))

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
        page = text_of(as_reviewer.get(QUEUE, params))
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

    page = text_of(as_reviewer.get(url("review", document)))

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
