"""Money through the API, with real tokens: the client pays into escrow through the simulated
gateway (no Stripe keys) or Stripe's Checkout on the fake Stripe server, the other party and a
third member are refused; the payment history with its filters and totals, its CSV export (the
history page's own file) and a receipt (as JSON and as the site's PDF file), each for the member
the payment belongs to only."""

import pytest
from django.urls import reverse

from marketplace.bookings import services as booking_services
from marketplace.bookings.models import Booking, TimeLog
from marketplace.payments import selectors
from marketplace.payments.models import Payment
from tests.fakes.stripe_fixture import WEBHOOK_SECRET
from tests.fakes.stripe_server import TEST_API_KEY
from tests.pdfs import pdf_text

from .helpers import api_as, api_as_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(make_booking):
    return make_booking(Booking.Status.ACCEPTED)


@pytest.fixture
def no_stripe_keys(settings):
    settings.STRIPE_SECRET_KEY = ""
    settings.STRIPE_WEBHOOK_SECRET = ""


def _fund(client_api, booking) -> dict:
    started = client_api.post(f"/api/v1/bookings/{booking.pk}/funding/", {}, format="json")
    assert started.status_code == 201, started.content
    return started.json()


def test_the_client_pays_into_escrow_through_the_simulated_gateway(no_stripe_keys, accepted, stranger):
    client_api = api_as(accepted.client)
    due = selectors.escrow_summary(booking=accepted).figures.due
    started = _fund(client_api, accepted)
    assert started["status"] == "requires_action" and started["simulated"] is True
    assert started["amount"] == due > 0 and started["currency"] == accepted.currency
    assert started["checkout_url"] and started["checkout_session_id"].startswith("sim_cs_")
    pay = f"/api/v1/payments/simulated-checkouts/{started['checkout_session_id']}/pay/"
    assert api_as(accepted.freelancer).post(pay).status_code == 403
    assert api_as(stranger).post(pay).status_code == 403
    paid = client_api.post(pay)
    assert paid.status_code == 200, paid.content
    assert paid.json()["status"] == "succeeded" and paid.json()["reference"] == "simulated"
    escrow = client_api.get(f"/api/v1/bookings/{accepted.pk}/escrow/").json()
    assert escrow["figures"]["held"] == due and escrow["figures"]["due"] == 0
    nothing = client_api.post(f"/api/v1/bookings/{accepted.pk}/funding/", {}, format="json")
    assert nothing.status_code == 422 and nothing.json()["code"] == "nothing"


def test_only_the_client_pays_and_a_stranger_does_not_find_the_booking(no_stripe_keys, accepted, stranger):
    url = f"/api/v1/bookings/{accepted.pk}/funding/"
    assert api_as(accepted.freelancer).post(url, {}, format="json").status_code == 403
    assert api_as(stranger).post(url, {}, format="json").status_code == 404
    assert api_as(None).post(url, {}, format="json").status_code == 401
    assert not Payment.objects.exists()


def test_with_stripe_keys_the_checkout_is_stripes_and_there_is_no_simulated_pay(
    settings, fake_stripe, fast_stripe_retries, accepted
):
    settings.STRIPE_SECRET_KEY = TEST_API_KEY
    settings.STRIPE_API_BASE = fake_stripe.url
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    started = _fund(api_as(accepted.client), accepted)
    assert started["simulated"] is False and started["status"] == "requires_action"
    assert started["checkout_session_id"].startswith("cs_")
    assert started["checkout_url"].startswith(fake_stripe.url)
    pay = f"/api/v1/payments/simulated-checkouts/{started['checkout_session_id']}/pay/"
    assert api_as(accepted.client).post(pay).status_code == 404


def test_history_totals_export_and_receipt_belong_to_their_member(no_stripe_keys, accepted, stranger, logged_in):
    client_api = api_as(accepted.client)
    started = _fund(client_api, accepted)
    client_api.post(f"/api/v1/payments/simulated-checkouts/{started['checkout_session_id']}/pay/")
    listed = client_api.get("/api/v1/payments/").json()["results"]
    assert [(row["id"], row["kind"], row["status"]) for row in listed] == [(started["id"], "funding", "succeeded")]
    assert client_api.get("/api/v1/payments/", {"kind": "refund"}).json()["results"] == []
    assert client_api.get("/api/v1/payments/", {"year": "1999"}).json()["results"] == []
    totals = client_api.get("/api/v1/payments/totals/").json()
    assert totals == [
        {
            "currency": accepted.currency,
            "paid_in": started["amount"],
            "refunded": 0,
            "earned": 0,
            "fees": 0,
            "reversed": 0,
            "received": 0,
        }
    ]
    # The freelancer's history holds transfers, never the client's payment.
    assert api_as(accepted.freelancer).get("/api/v1/payments/").json()["results"] == []
    assert api_as(stranger).get("/api/v1/payments/").json()["results"] == []

    exported = client_api.get("/api/v1/payments/export.csv", HTTP_ACCEPT="text/csv")
    assert exported.status_code == 200 and exported["Content-Type"] == "text/csv; charset=utf-8"
    assert exported["Content-Disposition"].startswith('attachment; filename="valund-payments-')
    api_csv = b"".join(exported.streaming_content)
    site_csv = b"".join(logged_in(accepted.client).get(reverse("payments:history_export")).streaming_content)
    assert api_csv == site_csv
    assert api_csv.decode().splitlines()[0] == (
        "Date,Payment,Booking,Booking number,Kind,Amount,Fee,Currency,Status,Reference"
    )

    receipt_url = f"/api/v1/payments/{started['id']}/"
    receipt = client_api.get(receipt_url).json()
    assert receipt["booking_title"] == accepted.title and receipt["amount"] == started["amount"]
    assert receipt["freelancer"] == accepted.freelancer.profile.display_name
    assert receipt["client"]["display_name"] == accepted.client.profile.display_name
    for other in (accepted.freelancer, stranger):
        assert api_as(other).get(receipt_url).status_code == 404
    assert api_as(None).get(receipt_url).status_code == 401
    assert receipt["pdf"] == f"http://testserver/api/v1/payments/{started['id']}/receipt.pdf"


def test_the_receipt_file_is_the_sites_in_the_members_language(no_stripe_keys, accepted, stranger, make_staff):
    client_api = api_as(accepted.client)
    started = _fund(client_api, accepted)
    client_api.post(f"/api/v1/payments/simulated-checkouts/{started['checkout_session_id']}/pay/")
    url = reverse("api:payment-receipt-pdf", args=[started["id"]])
    assert url == f"/api/v1/payments/{started['id']}/receipt.pdf"
    answer = client_api.get(url, HTTP_ACCEPT="application/pdf")
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    assert answer["Content-Disposition"] == f'attachment; filename="valund-receipt-{started["id"]}.pdf"'
    assert answer["Cache-Control"] == "private, no-store"
    assert answer.content.startswith(b"%PDF-") and answer.content.rstrip().endswith(b"%%EOF")
    text = pdf_text(answer.content)
    assert "Receipt: payment into escrow" in text and accepted.title in text
    assert client_api.get(url).content == answer.content  # any Accept; the same bytes
    accepted.client.language = "sv"
    accepted.client.save(update_fields=["language"])
    assert "Kvitto: insättning i deposition" in pdf_text(client_api.get(url).content)

    for other in (accepted.freelancer, stranger):
        assert api_as(other).get(url).status_code == 404
    assert api_as(None).get(url).status_code == 401
    assert (
        api_as_staff(make_staff(groups=("Support",), second_factor=False), second_factor=False).get(url).status_code
        == 404
    )
    support = api_as_staff(make_staff(groups=("Support",), second_factor=False)).get(url)
    assert support.status_code == 200 and support.content.startswith(b"%PDF-")


def test_the_client_releases_a_completed_booking_once_nothing_blocks_it(no_stripe_keys, in_progress, stranger):
    """The booking page's release button through the API, for a completed booking whose release
    waited: refused with why while the freelancer has no payouts, then paid out; the freelancer
    and a third member may not."""
    booking = in_progress
    TimeLog.objects.create(
        booking=booking,
        freelancer=booking.freelancer,
        date=booking.start_date,
        minutes=600,
        description="Welding",
        status=TimeLog.Status.APPROVED,
    )
    booking_services.booking_mark_done(actor=booking.freelancer, booking=booking)
    booking_services.booking_confirm(actor=booking.client, booking=booking)  # its release waits for payouts
    url = f"/api/v1/bookings/{booking.pk}/escrow/release/"
    client_api = api_as(booking.client)
    assert api_as(stranger).post(url).status_code == 404
    assert api_as(None).post(url).status_code == 401
    assert api_as(in_progress.freelancer).post(url).status_code == 403
    blocked = client_api.post(url)
    assert blocked.status_code == 422 and blocked.json()["code"] == "release", blocked.content
    assert "payouts" in blocked.json()["detail"]
    freelancer_api = api_as(in_progress.freelancer)
    freelancer_api.post("/api/v1/me/payouts/onboarding/")
    assert freelancer_api.post("/api/v1/me/payouts/simulated-onboarding/").json()["ready"] is True
    released = client_api.post(url)
    assert released.status_code == 200, released.content
    body = released.json()
    assert body["released"] is True and body["figures"]["held"] == 0 and body["can_release"] is False
    again = client_api.post(url)  # released once: the same answer, nothing paid twice
    assert again.status_code == 200 and again.json()["figures"] == body["figures"]
