"""Card chargebacks from Stripe's webhooks, against the fake Stripe server: the escrow freezes,
a won one gives the money back, a lost one after the release is recovered by reversing the
freelancer's transfer."""

import pytest
from django.test import Client

from marketplace.bookings import services as bookings
from marketplace.bookings.models import Booking, TimeLog
from marketplace.payments import selectors, services
from marketplace.payments.ledger import balances
from marketplace.payments.models import LedgerTransaction, Payment, PaymentDispute
from tests.fakes.stripe_fixture import WEBHOOK_SECRET
from tests.fakes.stripe_server import TEST_API_KEY

pytestmark = pytest.mark.django_db


@pytest.fixture
def stripe_on(settings, fake_stripe):
    settings.STRIPE_SECRET_KEY = TEST_API_KEY
    settings.STRIPE_API_BASE = fake_stripe.url
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    return fake_stripe


def deliver(fake, event):
    body, signature = fake.signed_event(event, WEBHOOK_SECRET)
    response = Client().post("/stripe/webhook/", data=body, content_type="application/json",
                             HTTP_STRIPE_SIGNATURE=signature)
    assert response.status_code == 200, response.content
    return response


def funded_with_stripe(make_booking, fake, capture):
    booking = make_booking(Booking.Status.ACCEPTED)
    payment = services.funding_start(actor=booking.client, booking=booking, success_url="http://testserver/ok",
                                     cancel_url="http://testserver/no")
    with capture(execute=True):
        for event in fake.complete_checkout(payment.checkout_session_id):
            deliver(fake, event)
    payment.refresh_from_db()
    assert payment.status == "succeeded" and payment.stripe_charge_id.startswith("ch_")
    return booking, payment


def test_a_chargeback_freezes_escrow_and_a_won_one_gives_the_money_back(stripe_on, make_booking,
                                                                        django_capture_on_commit_callbacks):
    fake = stripe_on
    booking, payment = funded_with_stripe(make_booking, fake, django_capture_on_commit_callbacks)
    stripe_dispute = fake.open_dispute(payment.stripe_charge_id)
    deliver(fake, fake.events_of_type("charge.dispute.created")[-1])
    deliver(fake, fake.events_of_type("charge.dispute.created")[-1])  # a retry changes nothing
    dispute = PaymentDispute.objects.get()
    assert (dispute.source, dispute.amount, dispute.escrow.frozen) == ("chargeback", 1_040_000, True)
    assert LedgerTransaction.objects.filter(kind="dispute_opened").count() == 1
    deliver(fake, fake.close_dispute(stripe_dispute["id"], "won"))
    dispute.refresh_from_db()
    assert (dispute.status, dispute.outcome, dispute.escrow.frozen) == ("resolved", "chargeback_won", False)
    assert selectors.figures(booking).held == 1_040_000


def test_a_lost_chargeback_after_release_is_recovered_by_reversing_the_transfer(
        stripe_on, make_booking, django_capture_on_commit_callbacks):
    fake = stripe_on
    booking, payment = funded_with_stripe(make_booking, fake, django_capture_on_commit_callbacks)
    services.payout_account_link(user=booking.freelancer, refresh_url="http://testserver/",
                                 return_url="http://testserver/")
    account = booking.freelancer.payout_account
    deliver(fake, fake.complete_onboarding(account.stripe_id))
    booking = bookings.booking_start(actor=booking.freelancer, booking=booking)
    TimeLog.objects.create(booking=booking, freelancer=booking.freelancer, date=booking.start_date, minutes=600,
                           description="Welding", status=TimeLog.Status.APPROVED)
    bookings.booking_mark_done(actor=booking.freelancer, booking=booking)
    with django_capture_on_commit_callbacks(execute=True):
        bookings.booking_confirm(actor=booking.client, booking=booking)
    # 10 h at 650 SEK = 6,500 SEK earned: 5,850 transferred, 650 fee, 3,900 refunded.
    assert [t["amount"] for t in fake.objects("transfer")] == [585_000]
    assert [r["amount"] for r in fake.objects("refund")] == [390_000]
    # The card holder disputes what is left on the charge (6,500 SEK) and wins: escrow holds
    # nothing, so Valund reverses the freelancer's transfer to recover it.
    stripe_dispute = fake.open_dispute(payment.stripe_charge_id)
    deliver(fake, fake.events_of_type("charge.dispute.created")[-1])
    with django_capture_on_commit_callbacks(execute=True):
        deliver(fake, fake.close_dispute(stripe_dispute["id"], "lost"))
    reversals = Payment.objects.filter(kind="reversal")
    assert [(p.amount, p.status) for p in reversals] == [(585_000, "succeeded")]
    assert fake.get(fake.objects("transfer")[0]["id"])["amount_reversed"] == 585_000
    money = selectors.figures(booking)
    assert money.held == 0
    totals = balances(booking.escrow)
    # Lost 650,000 öre, recovered 585,000 from the freelancer: the platform's fee is the loss.
    assert totals["dispute_losses"] == 65_000 and totals["disputed"] == 0
