"""reconcile_payments: the ledger against the payment provider's records, and the escrow's
invariants; quiet when everything agrees, loud about a planted difference."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from marketplace.bookings import services as bookings
from marketplace.bookings.models import Booking, TimeLog
from marketplace.payments import services
from tests.fakes.stripe_fixture import WEBHOOK_SECRET, make_stripe_client
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
    assert Client().post("/stripe/webhook/", data=body, content_type="application/json",
                         HTTP_STRIPE_SIGNATURE=signature).status_code == 200


def run() -> str:
    out = StringIO()
    call_command("reconcile_payments", stdout=out)
    return out.getvalue()


@pytest.fixture
def released(stripe_on, make_booking, django_capture_on_commit_callbacks):
    """Funded through checkout, 10 h approved, confirmed: one charge, one transfer, one refund."""
    fake = stripe_on
    booking = make_booking(Booking.Status.ACCEPTED)
    payment = services.funding_start(actor=booking.client, booking=booking, success_url="http://testserver/ok",
                                     cancel_url="http://testserver/no")
    with django_capture_on_commit_callbacks(execute=True):
        for event in fake.complete_checkout(payment.checkout_session_id):
            deliver(fake, event)
    services.payout_account_link(user=booking.freelancer, refresh_url="http://testserver/",
                                 return_url="http://testserver/")
    deliver(fake, fake.complete_onboarding(booking.freelancer.payout_account.stripe_id))
    booking = bookings.booking_start(actor=booking.freelancer, booking=booking)
    TimeLog.objects.create(booking=booking, freelancer=booking.freelancer, date=booking.start_date, minutes=600,
                           description="Welding", status=TimeLog.Status.APPROVED)
    bookings.booking_mark_done(actor=booking.freelancer, booking=booking)
    with django_capture_on_commit_callbacks(execute=True):
        bookings.booking_confirm(actor=booking.client, booking=booking)
    payment.refresh_from_db()
    return booking, payment


def test_everything_agrees_after_a_full_flow(released):
    assert "1 escrow account(s) checked: the ledger agrees." in run()


def test_a_refund_made_outside_valund_is_reported(released, stripe_on):
    booking, payment = released
    # Someone refunds 100 SEK in Stripe's dashboard: Stripe has it, our ledger does not.
    refund = make_stripe_client(stripe_on).v1.refunds.create(params={"charge": payment.stripe_charge_id,
                                                                     "amount": 10_000})
    with pytest.raises(CommandError, match="1 difference"):
        out = StringIO()
        call_command("reconcile_payments", stdout=out)
    assert f"refund {refund.id}: at the payment provider (10000) but not in the ledger" in out.getvalue()


def test_a_transfer_the_provider_does_not_know_is_reported(released, stripe_on):
    booking, _payment = released
    stripe_on.reset()  # the provider's books are gone: everything in our ledger is unknown to it
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("reconcile_payments", "--booking", str(booking.pk), stdout=out)
    assert "but not at the payment provider" in out.getvalue()
    assert out.getvalue().count(f"booking {booking.pk}:") == 3  # the charge, the transfer and the refund


def test_the_simulated_gateway_reconciles_against_the_payments(in_progress):
    output = run()
    assert "Payments are simulated" in output and "the ledger agrees" in output
