"""Rough edges of the staff screens (issue 24, point 8): headers that name the screen, the review
queue's columns, one date style, the dashboard's panels for what waits (counted in a fixed
number of queries), and the review screen's warning about a certificate the freelancer holds."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from marketplace.core.dates import day_time
from marketplace.passport.models import CompetenceDocument
from marketplace.payments.models import EscrowAccount, PaymentDispute
from marketplace.ratings.models import RatingFlag

pytestmark = pytest.mark.django_db

Status = CompetenceDocument.Status


def header(html: str) -> str:
    """The slim header's breadcrumb trail, as text."""
    trail = re.search(r'<nav[^>]*aria-label="Breadcrumb".*?</nav>', html, re.S)
    assert trail, "no breadcrumbs"
    return " ".join(re.sub(r"<[^>]+>", " ", trail.group(0)).split())


def test_the_search_report_and_payments_overview_headers_name_their_screen(make_staff, logged_in):
    editor = logged_in(make_staff(groups=("Editors",)))
    assert header(editor.get(reverse("search_report")).content.decode()).endswith("Search report")
    support = logged_in(make_staff(groups=("Support",)))
    assert header(support.get(reverse("payments_overview:index")).content.decode()).endswith("Payments overview")


def test_the_review_queue_names_the_type_once_and_has_no_letter_by_letter_column(
        reviewer, logged_in, make_document, template):
    make_document(title="Hot work certificate", template=template)
    make_document(title="Heta arbeten 2026", template=template)

    html = logged_in(reviewer).get(reverse("passport_review:index")).content.decode()

    start = html.index('<table class="listing')
    table = html[start:html.index("</table>", start)]
    headings = [" ".join(re.sub(r"<[^>]+>", " ", th).split())
                for th in re.findall(r"<th[^>]*>.*?</th>", table, re.S)]
    assert "Type" not in headings and "" not in [h for h in headings if h != "Select all"][:5]
    assert table.count("Hot work certificate") == 2  # one row's title, the other's type in brackets
    assert "Heta arbeten 2026 (Hot work certificate)" in table
    assert ">Review<" not in table


def test_the_dispute_queue_writes_dates_in_the_sites_style(make_staff, logged_in, in_progress):
    from marketplace.payments import services

    services.dispute_open(actor=in_progress.client, booking=in_progress, reason="quality", description="Cracks.")
    opened = PaymentDispute.objects.get().created_at

    html = logged_in(make_staff(groups=("Support",))).get(reverse("payment_disputes:index")).content.decode()

    assert day_time(opened) in html


def panels(html: str) -> dict[str, int]:
    return {name: int(count) for name, count in
            re.findall(r'data-waiting-panel="([^"]+)" data-count="(\d+)"', html)}


def test_the_dashboard_shows_each_staff_member_the_queues_they_work_with_counts_and_links(
        make_staff, logged_in, make_document, template):
    make_document(template=template)
    make_document(template=template, title="Second upload")

    reviewer = logged_in(make_staff(reviewer=True, groups=()))
    html = reviewer.get(reverse("wagtailadmin_home")).content.decode()
    assert panels(html) == {"documents-waiting": 2}
    assert "2 documents waiting for review" in html and f'href="{reverse("passport_review:index")}"' in html

    support = logged_in(make_staff(groups=("Support",)))
    html = support.get(reverse("wagtailadmin_home")).content.decode()
    assert panels(html)["open-disputes"] == 0 and "No dispute is open." in html
    assert "documents-waiting" not in panels(html)


def test_the_dashboard_panels_count_in_a_fixed_number_of_queries(make_staff, logged_in, make_document, template,
                                                                  make_member, in_progress):
    admin = logged_in(make_staff(superuser=True))

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert admin.get(reverse("wagtailadmin_home")).status_code == 200
        return len(captured)

    make_document(template=template)
    queries()  # the first visit fills caches (site, menu)
    before = queries()
    for n in range(4):
        make_document(make_member(name=f"Welder {n}"), template=template)
    from marketplace.payments import services

    services.dispute_open(actor=in_progress.client, booking=in_progress, reason="quality", description="Cracks.")
    html = admin.get(reverse("wagtailadmin_home")).content.decode()
    assert panels(html) == {"documents-waiting": 5, "open-flags": 0, "open-disputes": 1}
    assert queries() == before
    assert EscrowAccount.objects.count() == 1 and not RatingFlag.objects.exists()


def test_the_review_screen_warns_of_an_approved_document_of_the_same_type(reviewer, logged_in, make_document,
                                                                          template, make_member):
    owner = make_member(name="Sara Nyström")
    approved = make_document(owner, template=template, title="Heta arbeten 2024", status=Status.APPROVED,
                             issue_date=timezone.localdate() - datetime.timedelta(days=700))
    renewal = make_document(owner, template=template, title="Heta arbeten 2026")
    other_owner = make_document(template=template, title="Someone else's")
    client = logged_in(reviewer)

    html = client.get(reverse("passport_review:review", args=[renewal.pk])).content.decode()
    assert "Sara Nyström already holds an approved document of this type" in html
    assert reverse("passport_review:review", args=[approved.pk]) in html
    html = client.get(reverse("passport_review:review", args=[other_owner.pk])).content.decode()
    assert "data-same-type-approved" not in html
    html = client.get(reverse("passport_review:review", args=[approved.pk])).content.decode()
    assert "data-same-type-approved" not in html  # the approved one itself is not warned about the renewal
