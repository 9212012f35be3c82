"""Members' payment pages: the history (who sees which payments, filters, totals, pagination, a
query count that does not grow with the rows), its CSV export (streamed, guarded against
formula injection), receipts (each only for the member it belongs to, or staff), and the links
from the dashboards. Money moves through the services and the simulated gateway."""

import csv
import datetime
import io
import itertools

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from marketplace.accounts.models import User
from marketplace.bookings import services as bookings
from marketplace.bookings.models import Booking, TimeLog
from marketplace.core.money import format_money
from marketplace.payments import selectors, services
from marketplace.payments.exports import csv_cell
from marketplace.payments.models import EscrowAccount, Payment
from tests.clients import as_user
from tests.second_factor import with_second_factor

pytestmark = pytest.mark.django_db

HISTORY = reverse("payments:history")
EXPORT = reverse("payments:history_export")


@pytest.fixture(autouse=True)
def simulated(settings):
    settings.STRIPE_SECRET_KEY = ""
    settings.STRIPE_WEBHOOK_SECRET = ""


def sek(minor: int) -> str:
    return format_money(minor, "SEK")


@pytest.fixture
def paid_out(in_progress, django_capture_on_commit_callbacks):
    """The escrow of a booking paid in (16 h at 650 SEK = 10,400 SEK), 10 h approved and
    released: 6,500 SEK earned, Valund's 10 % fee 650, 5,850 transferred, 3,900 refunded."""
    booking = in_progress
    services.payout_account_link(user=booking.freelancer, refresh_url="http://testserver/",
                                 return_url="http://testserver/")
    services.simulated_onboarding_complete(user=booking.freelancer)
    log = bookings.timelog_create(actor=booking.freelancer, booking=booking, date=booking.start_date, minutes=600,
                                  description="Welding")
    bookings.timelogs_submit(actor=booking.freelancer, booking=booking, log_ids=[log.pk])
    bookings.timelog_approve(actor=booking.client, log=TimeLog.objects.get(pk=log.pk))
    bookings.booking_mark_done(actor=booking.freelancer, booking=Booking.objects.get(pk=booking.pk))
    with django_capture_on_commit_callbacks(execute=True):
        bookings.booking_confirm(actor=booking.client, booking=Booking.objects.get(pk=booking.pk))
    assert Payment.objects.filter(status="succeeded").count() == 3
    booking.refresh_from_db()
    return booking


def payment(kind) -> Payment:
    return Payment.objects.get(kind=kind)


# --- History ---------------------------------------------------------------------------------------


def test_a_client_sees_what_they_paid_in_and_got_back(paid_out):
    client = paid_out.client
    found = selectors.payment_history(user=client)
    assert [p.kind for p in found.payments] == ["refund", "funding"]  # newest first
    (totals,) = found.totals
    assert (totals.currency, totals.paid_in, totals.refunded) == ("SEK", 1_040_000, 390_000)
    page = as_user(client).get(HISTORY).content.decode()
    assert sek(1_040_000) in page and sek(390_000) in page
    assert reverse("payments:receipt", args=[payment("funding").pk]) in page
    assert reverse("bookings:detail", args=[paid_out.pk]) in page and paid_out.title in page
    assert reverse("payments:receipt", args=[payment("transfer").pk]) not in page


def test_a_freelancer_sees_what_was_released_to_them_and_the_fee(paid_out):
    freelancer = paid_out.freelancer
    found = selectors.payment_history(user=freelancer)
    assert [p.kind for p in found.payments] == ["transfer"]
    (totals,) = found.totals
    assert (totals.earned, totals.fees, totals.received) == (650_000, 65_000, 585_000)
    page = as_user(freelancer).get(HISTORY).content.decode()
    assert sek(585_000) in page and sek(65_000) in page and sek(650_000) in page
    assert reverse("payments:receipt", args=[payment("funding").pk]) not in page
    assert reverse("payments:payouts") in page


def test_nobody_else_sees_any_of_it(paid_out, stranger, make_member):
    other_freelancer = make_member(User.Role.FREELANCER)
    for user in (stranger, other_freelancer):
        assert not selectors.payment_history(user=user).payments.exists()
        page = as_user(user).get(HISTORY).content.decode()
        assert "No payments yet" in page and paid_out.title not in page
    response = Client().get(HISTORY)
    assert response.status_code == 302 and "login" in response.url


def test_filters_by_kind_and_year_narrow_rows_and_totals(paid_out):
    client = as_user(paid_out.client)
    this_year = timezone.localdate().year
    refunds = client.get(HISTORY, {"kind": "refund", "year": this_year})
    rows = list(refunds.context["page"].object_list)
    assert [p.kind for p in rows] == ["refund"]
    (totals,) = refunds.context["history"].totals
    assert (totals.paid_in, totals.refunded) == (0, 390_000)
    assert f"kind=refund&amp;year={this_year}" in refunds.content.decode()  # the export keeps the filters
    assert list(client.get(HISTORY, {"year": this_year - 3}).context["page"].object_list) == []
    assert refunds.context["history"].years == [this_year]
    # A kind the member cannot have (a client asking for transfers) is ignored, not obeyed.
    ignored = client.get(HISTORY, {"kind": "transfer", "year": "not-a-year"})
    assert ignored.context["history"].kind == "" and len(ignored.context["page"].object_list) == 2


def test_htmx_filtering_swaps_only_the_results(paid_out):
    response = as_user(paid_out.client).get(HISTORY, {"kind": "funding"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200 and body.lstrip().startswith('<div id="payment-results"')
    assert "<html" not in body and "HX-Request" in response["Vary"]


_keys = itertools.count(1)


def many_payments(booking, count, *, start=None):
    """`count` succeeded fundings and refunds spread over a year, written directly: the pages read
    rows, they do not care how the money moved."""
    escrow = services.escrow_for(booking)
    start = start or timezone.now()
    Payment.objects.bulk_create([
        Payment(escrow=escrow, kind=("funding", "refund")[n % 2], status="succeeded", amount=10_000 + n,
                currency="SEK", idempotency_key=f"test:{booking.pk}:{next(_keys)}", simulated=True,
                succeeded_at=start - datetime.timedelta(days=n * 5))
        for n in range(count)
    ])


def test_newest_first_in_pages_of_25_and_the_filters_follow(make_booking):
    booking = make_booking(Booking.Status.ACCEPTED)
    many_payments(booking, 30)
    client = as_user(booking.client)
    first = client.get(HISTORY, {"kind": "funding"})
    rows = list(first.context["page"].object_list)
    assert len(rows) == 15 and rows == sorted(rows, key=lambda p: p.date, reverse=True)
    everything = client.get(HISTORY)
    assert len(everything.context["page"].object_list) == 25
    assert "?page=2" in everything.content.decode()
    second = client.get(HISTORY, {"page": 2})
    assert len(second.context["page"].object_list) == 5
    page_one = set(p.pk for p in everything.context["page"].object_list)
    assert page_one.isdisjoint(p.pk for p in second.context["page"].object_list)


def count_queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
        assert response.status_code == 200
    return len(queries)


def test_the_query_count_does_not_grow_with_the_rows(make_booking, request_booking, freelancer):
    """1 payment and 60 over three bookings cost the same queries. Measured on SQLite: 8 for
    the page (session, user, count, years, totals, the page's rows with their bookings, and the
    header's two permission lookups) and 3 for the CSV (session, user, rows)."""
    booking = make_booking(Booking.Status.ACCEPTED)
    many_payments(booking, 1)
    client = as_user(booking.client)
    client.get(HISTORY)  # the header's unread count is cached from the first page on
    page_one = count_queries(client, HISTORY)
    csv_one = count_queries(client, EXPORT)
    for title in ("Paint the hall", "Fix the roof"):
        other = bookings.booking_accept(actor=freelancer, booking=request_booking(title=title))
        many_payments(other, 20, start=timezone.now() - datetime.timedelta(days=1))
    many_payments(booking, 19, start=timezone.now() - datetime.timedelta(days=400))
    assert Payment.objects.count() == 41 + 19
    assert count_queries(client, HISTORY) == page_one
    assert count_queries(client, HISTORY, {"page": 2, "kind": "funding"}) == page_one
    assert count_queries(client, EXPORT) == csv_one
    assert csv_one == 3


# --- CSV export ------------------------------------------------------------------------------------


def read_csv(response) -> list[list[str]]:
    assert response.streaming
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_the_export_is_the_filtered_list_with_amounts_in_major_units(paid_out):
    response = as_user(paid_out.client).get(EXPORT)
    assert response["Content-Type"].startswith("text/csv")
    assert f'filename="valund-payments-{timezone.localdate().isoformat()}.csv"' in response["Content-Disposition"]
    header, *rows = read_csv(response)
    assert header == ["Date", "Payment", "Booking", "Booking number", "Kind", "Amount", "Fee", "Currency", "Status",
                      "Reference"]
    assert [(row[4], row[5], row[7], row[8], row[9]) for row in rows] == [
        ("Refund to the client", "3900.00", "SEK", "Succeeded", "simulated"),
        ("Funding", "10400.00", "SEK", "Succeeded", "simulated"),
    ]
    assert rows[0][2] == paid_out.title and rows[0][0] == timezone.localdate().isoformat()
    (only,) = read_csv(as_user(paid_out.client).get(EXPORT, {"kind": "funding"}))[1:]
    assert only[5] == "10400.00"
    transfer_rows = read_csv(as_user(paid_out.freelancer).get(EXPORT))[1:]
    assert [(row[5], row[6]) for row in transfer_rows] == [("5850.00", "650.00")]


def test_a_title_that_looks_like_a_formula_is_neutralised(make_booking):
    booking = make_booking(Booking.Status.ACCEPTED, title='=HYPERLINK("http://evil.example","Click")')
    many_payments(booking, 1)
    (row,) = read_csv(as_user(booking.client).get(EXPORT))[1:]
    assert row[2] == "'=HYPERLINK(\"http://evil.example\",\"Click\")"


@pytest.mark.parametrize("text", ["=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_every_formula_start_gets_an_apostrophe(text):
    assert csv_cell(text) == "'" + text


def test_ordinary_cells_are_left_alone():
    assert [csv_cell(v) for v in ("Weld it", 12, "10400.00", None, "a=b")] == ["Weld it", "12", "10400.00", "", "a=b"]


# --- Receipts --------------------------------------------------------------------------------------


def receipt(user, kind):
    return as_user(user).get(reverse("payments:receipt", args=[payment(kind).pk]))


def test_the_client_gets_a_receipt_for_their_funding_with_company_and_vat(paid_out):
    profile = paid_out.client.profile
    profile.company_name, profile.vat_number = "Nordbygg Aktiebolag", "SE556677889901"
    profile.save()
    response = receipt(paid_out.client, "funding")
    page = response.content.decode()
    assert response.status_code == 200
    for text in ("Valund", "Nordbygg AB", "Nordbygg Aktiebolag", "SE556677889901", "Astrid Lindqvist",
                 paid_out.title, sek(1_040_000), "Succeeded", "simulated"):
        assert text in page, text
    assert 'media="print"' in page and "css/receipt-print.css" in page
    assert "style=" not in page.split("<body", 1)[1]  # the CSP forbids inline styles


def test_a_refund_receipt_links_to_the_funding_it_drew_on(paid_out):
    page = receipt(paid_out.client, "refund").content.decode()
    assert sek(390_000) in page and "Drawn on" in page
    assert reverse("payments:receipt", args=[payment("funding").pk]) in page


def test_the_freelancer_gets_a_payout_statement_with_the_fee(paid_out):
    page = receipt(paid_out.freelancer, "transfer").content.decode()
    assert "Payout statement" in page
    assert sek(650_000) in page and sek(65_000) in page and sek(585_000) in page
    # It names the funding it drew on, without a link to the client's receipt.
    assert "Drawn on" in page and reverse("payments:receipt", args=[payment("funding").pk]) not in page


def test_each_party_is_refused_the_others_receipt(paid_out):
    assert receipt(paid_out.freelancer, "funding").status_code == 404
    assert receipt(paid_out.freelancer, "refund").status_code == 404
    assert receipt(paid_out.client, "transfer").status_code == 404


def test_other_members_and_visitors_are_refused_every_receipt(paid_out, stranger, make_member):
    other_freelancer = make_member(User.Role.FREELANCER)
    for kind in ("funding", "refund", "transfer"):
        assert receipt(stranger, kind).status_code == 404
        assert receipt(other_freelancer, kind).status_code == 404
        response = Client().get(reverse("payments:receipt", args=[payment(kind).pk]))
        assert response.status_code == 302 and "login" in response.url
    assert as_user(stranger).get(reverse("payments:receipt", args=[999_999])).status_code == 404


def test_staff_who_may_view_payments_see_every_receipt(paid_out):
    staff = User.objects.create_user(email="accounts@valund.example", password="x-not-used-0123",
                                     role=User.Role.ADMIN, is_staff=True)
    assert receipt(staff, "funding").status_code == 404  # staff alone is not enough
    staff.user_permissions.add(Permission.objects.get(codename="view_payment", content_type__app_label="payments"))
    staff = with_second_factor(staff)
    for kind in ("funding", "refund", "transfer"):
        assert receipt(staff, kind).status_code == 200


def test_a_payment_that_did_not_go_through_is_a_record_not_a_receipt(make_booking):
    booking = make_booking(Booking.Status.ACCEPTED)
    started = services.funding_start(actor=booking.client, booking=booking, success_url="x", cancel_url="x")
    page = as_user(booking.client).get(reverse("payments:receipt", args=[started.pk])).content.decode()
    assert "this is a record of it, not a receipt" in page
    assert EscrowAccount.objects.get(booking=booking).payments.get().status == "requires_action"


# --- Links -----------------------------------------------------------------------------------------


def test_both_dashboards_link_to_payments_and_the_freelancers_to_payouts(client_user, freelancer):
    client_page = as_user(client_user).get(reverse("dashboard:index")).content.decode()
    assert HISTORY in client_page
    freelancer_page = as_user(freelancer).get(reverse("dashboard:index")).content.decode()
    assert HISTORY in freelancer_page and reverse("payments:payouts") in freelancer_page
    assert "Payouts not set up" in freelancer_page
