"""Card chargebacks from Stripe's webhooks, against the fake Stripe server: the escrow freezes,
a won one gives the money back, a lost one after the release is recovered by reversing the
freelancer's transfer."""

import pytest

from marketplace.payments import selectors
from marketplace.payments.ledger import balances
from marketplace.payments.models import LedgerTransaction, Payment, PaymentDispute

from .conftest import deliver

pytestmark = pytest.mark.django_db


def test_a_chargeback_freezes_escrow_and_a_won_one_gives_the_money_back(stripe_on, funded_by_checkout):
    fake = stripe_on
    booking, payment = funded_by_checkout
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
        stripe_on, released_by_stripe, django_capture_on_commit_callbacks):
    fake = stripe_on
    booking, payment = released_by_stripe
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
