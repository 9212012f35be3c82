"""Contract tests of the fake Stripe's payment intents: saved cards, confirmation and declines.

Through the real ``stripe`` library wherever the library can speak.
"""

import pytest
import stripe

from .stripe_checks import assert_stripe_shape


def test_payment_intent_with_a_saved_card_succeeds_at_once(fake_stripe, stripe_client):
    customer = stripe_client.v1.customers.create({"email": "klara@example.com"})
    card = fake_stripe.add_payment_method(customer.id)
    intent = stripe_client.v1.payment_intents.create(
        {"amount": 25_000, "currency": "SEK", "customer": customer.id, "payment_method": card["id"], "confirm": True,
         "off_session": True, "transfer_group": "booking:8", "metadata": {"booking": "8", "purpose": "top_up"}}
    )  # fmt: skip
    assert_stripe_shape(intent, "payment_intent")
    assert intent.id.startswith("pi_")
    assert (intent.status, intent.currency, intent.payment_method) == ("succeeded", "sek", card["id"])
    [charge] = stripe_client.v1.charges.list({"payment_intent": intent.id}).data
    assert (charge.id, charge.amount, charge.metadata.to_dict()) == (
        intent.latest_charge, 25_000, {"booking": "8", "purpose": "top_up"}
    )  # fmt: skip
    txn = stripe_client.v1.balance_transactions.retrieve(charge.balance_transaction)
    assert_stripe_shape(txn, "balance_transaction")
    assert (txn.amount, txn.source, txn.type) == (25_000, charge.id, "charge")
    assert [e["type"] for e in fake_stripe.events][-3:] == [
        "payment_intent.created", "charge.succeeded", "payment_intent.succeeded"
    ]  # fmt: skip


def test_a_payment_intent_without_confirm_waits_for_confirmation(fake_stripe, stripe_client):
    intent = stripe_client.v1.payment_intents.create({"amount": 5_000, "currency": "sek"})
    assert intent.status == "requires_payment_method" and intent.latest_charge is None
    intent = stripe_client.v1.payment_intents.confirm(intent.id, {"payment_method": "pm_card_visa"})
    assert intent.status == "succeeded"


def test_a_declined_card_raises_card_error_and_records_the_failure(fake_stripe, stripe_client):
    with pytest.raises(stripe.CardError) as raised:
        stripe_client.v1.payment_intents.create(
            {"amount": 5_000, "currency": "sek", "payment_method": "pm_card_chargeDeclined", "confirm": True}
        )
    error = raised.value
    assert (error.http_status, error.code, error.error.decline_code) == (402, "card_declined", "generic_decline")
    intent = stripe_client.v1.payment_intents.retrieve(error.error.payment_intent.id)
    assert intent.status == "requires_payment_method"
    charge = stripe_client.v1.charges.retrieve(intent.latest_charge)
    assert (charge.status, charge.paid, charge.failure_code) == ("failed", False, "card_declined")
    [event] = fake_stripe.events_of_type("payment_intent.payment_failed")
    assert event["data"]["object"]["id"] == intent.id


def test_a_saved_card_can_decline_off_session(fake_stripe, stripe_client):
    customer = stripe_client.v1.customers.create({"email": "klara@example.com"})
    card = fake_stripe.add_payment_method(customer.id, card="chargeDeclined")
    with pytest.raises(stripe.CardError) as raised:
        stripe_client.v1.payment_intents.create(
            {"amount": 5_000, "currency": "sek", "customer": customer.id, "payment_method": card["id"],
             "confirm": True, "off_session": True}
        )  # fmt: skip
    assert raised.value.code == "card_declined"


def test_another_customers_card_is_refused(fake_stripe, stripe_client):
    owner = stripe_client.v1.customers.create({"email": "owner@example.com"})
    thief = stripe_client.v1.customers.create({"email": "thief@example.com"})
    card = fake_stripe.add_payment_method(owner.id)
    with pytest.raises(stripe.InvalidRequestError) as raised:
        stripe_client.v1.payment_intents.create(
            {"amount": 5_000, "currency": "sek", "customer": thief.id, "payment_method": card["id"], "confirm": True}
        )
    assert raised.value.param == "payment_method"
    assert fake_stripe.objects("charge") == []
