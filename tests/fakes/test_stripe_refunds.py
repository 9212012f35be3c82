"""Contract tests of the fake Stripe's refunds.

Through the real ``stripe`` library wherever the library can speak.
"""

import pytest
import stripe

from .stripe_checks import assert_stripe_shape, paid_checkout


def test_refunds_are_limited_to_the_refundable_amount(fake_stripe, stripe_client):
    _, _, intent, charge = paid_checkout(stripe_client, fake_stripe, amount=50_000)
    refund = stripe_client.v1.refunds.create(
        {"payment_intent": intent.id, "amount": 20_000, "reason": "requested_by_customer", "metadata": {"b": "7"}}
    )
    assert_stripe_shape(refund, "refund")
    assert refund.id.startswith("re_")
    assert (refund.amount, refund.charge, refund.payment_intent, refund.status) == (
        20_000, charge.id, intent.id, "succeeded"
    )  # fmt: skip
    with pytest.raises(stripe.InvalidRequestError) as raised:
        stripe_client.v1.refunds.create({"charge": charge.id, "amount": 30_001})
    assert (raised.value.param, raised.value.code) == ("amount", "amount_too_large")
    stripe_client.v1.refunds.create({"charge": charge.id})  # the rest
    charge = stripe_client.v1.charges.retrieve(charge.id)
    assert (charge.amount_refunded, charge.refunded) == (50_000, True)
    with pytest.raises(stripe.InvalidRequestError) as raised:
        stripe_client.v1.refunds.create({"payment_intent": intent.id, "amount": 1})
    assert raised.value.code == "charge_already_refunded"
    listed = stripe_client.v1.refunds.list({"payment_intent": intent.id})
    assert [r.amount for r in listed.data] == [30_000, 20_000]
    assert_stripe_shape(stripe_client.v1.refunds.retrieve(refund.id), "refund")
    refunded = fake_stripe.events_of_type("charge.refunded")
    assert [e["data"]["object"]["amount_refunded"] for e in refunded] == [20_000, 50_000]
    assert refunded[0]["data"]["previous_attributes"]["amount_refunded"] == 0
