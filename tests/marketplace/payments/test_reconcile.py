"""reconcile_payments: the ledger against the payment provider's records, and the escrow's
invariants; quiet when everything agrees, loud about a planted difference."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.fakes.stripe_fixture import make_stripe_client

pytestmark = pytest.mark.django_db


def run() -> str:
    out = StringIO()
    call_command("reconcile_payments", stdout=out)
    return out.getvalue()


def test_everything_agrees_after_a_full_flow(released_by_stripe):
    assert "1 escrow account(s) checked: the ledger agrees." in run()


def test_a_refund_made_outside_valund_is_reported(released_by_stripe, stripe_on):
    booking, payment = released_by_stripe
    # Someone refunds 100 SEK in Stripe's dashboard: Stripe has it, our ledger does not.
    refund = make_stripe_client(stripe_on).v1.refunds.create(params={"charge": payment.stripe_charge_id,
                                                                     "amount": 10_000})
    with pytest.raises(CommandError, match="1 difference"):
        out = StringIO()
        call_command("reconcile_payments", stdout=out)
    assert f"refund {refund.id}: at the payment provider (10000) but not in the ledger" in out.getvalue()


def test_a_transfer_the_provider_does_not_know_is_reported(released_by_stripe, stripe_on):
    booking, _payment = released_by_stripe
    stripe_on.reset()  # the provider's books are gone: everything in our ledger is unknown to it
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("reconcile_payments", "--booking", str(booking.pk), stdout=out)
    assert "but not at the payment provider" in out.getvalue()
    assert out.getvalue().count(f"booking {booking.pk}:") == 3  # the charge, the transfer and the refund


def test_the_simulated_gateway_reconciles_against_the_payments(in_progress):
    output = run()
    assert "Payments are simulated" in output and "the ledger agrees" in output
