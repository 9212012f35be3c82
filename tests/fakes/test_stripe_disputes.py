"""Contract tests of the fake Stripe's disputes (chargebacks).

Through the real ``stripe`` library wherever the library can speak.
"""

import pytest
import stripe

from .stripe_checks import assert_stripe_shape, paid_checkout


def test_disputes_open_and_close_with_events(fake_stripe, stripe_client):
    _, _, intent, charge = paid_checkout(stripe_client, fake_stripe, amount=50_000)
    dispute = fake_stripe.open_dispute(charge.id)
    assert dispute["id"].startswith("dp_")
    assert (dispute["amount"], dispute["status"], dispute["reason"]) == (50_000, "needs_response", "fraudulent")
    assert_stripe_shape(stripe_client.v1.disputes.retrieve(dispute["id"]), "dispute")
    assert stripe_client.v1.charges.retrieve(charge.id).disputed is True
    with pytest.raises(stripe.InvalidRequestError) as raised:
        stripe_client.v1.refunds.create({"payment_intent": intent.id})
    assert raised.value.code == "charge_disputed"

    closed = fake_stripe.close_dispute(dispute["id"], status="lost")
    assert (closed["type"], closed["data"]["object"]["status"]) == ("charge.dispute.closed", "lost")
    assert [e["type"] for e in fake_stripe.events if e["type"].startswith("charge.dispute")] == [
        "charge.dispute.created", "charge.dispute.funds_withdrawn", "charge.dispute.closed"
    ]  # fmt: skip
    assert [d.id for d in stripe_client.v1.disputes.list({"charge": charge.id}).data] == [dispute["id"]]


def test_a_won_dispute_reinstates_the_funds(fake_stripe, stripe_client):
    _, _, _, charge = paid_checkout(stripe_client, fake_stripe, amount=50_000)
    dispute = fake_stripe.open_dispute(charge.id, amount=20_000, reason="product_not_received", fee=1_500)
    fake_stripe.close_dispute(dispute["id"], status="won")
    dispute = stripe_client.v1.disputes.retrieve(dispute["id"])
    assert dispute.status == "won"
    assert [(t.amount, t.fee) for t in dispute.balance_transactions] == [(-20_000, 1_500), (20_000, 0)]
    assert fake_stripe.events_of_type("charge.dispute.funds_reinstated")
