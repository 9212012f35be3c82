"""Contract tests of the fake Stripe's transfers and their reversals.

Through the real ``stripe`` library wherever the library can speak.
"""

import pytest
import stripe

from .stripe_checks import assert_stripe_shape, onboarded_account, paid_checkout

# -- transfers, reversals, refunds, disputes -------------------------------------------------------------------


def test_transfers_wait_for_the_destination_to_finish_onboarding(fake_stripe, stripe_client):
    _, _, intent, charge = paid_checkout(stripe_client, fake_stripe)
    account = stripe_client.v1.accounts.create({"type": "express", "capabilities": {"transfers": {"requested": True}}})
    params = {"amount": 90_000, "currency": "sek", "destination": account.id, "source_transaction": charge.id,
              "transfer_group": "booking:7", "metadata": {"booking": "7"}}  # fmt: skip
    with pytest.raises(stripe.InvalidRequestError) as raised:
        stripe_client.v1.transfers.create(params)
    assert (raised.value.param, raised.value.code) == ("destination", "insufficient_capabilities_for_transfer")

    fake_stripe.complete_onboarding(account.id)
    transfer = stripe_client.v1.transfers.create(params)
    assert_stripe_shape(transfer, "transfer")
    assert transfer.id.startswith("tr_")
    assert (transfer.amount, transfer.destination, transfer.source_transaction, transfer.transfer_group) == (
        90_000, account.id, charge.id, "booking:7"
    )  # fmt: skip
    assert_stripe_shape(stripe_client.v1.transfers.retrieve(transfer.id), "transfer")
    [event] = fake_stripe.events_of_type("transfer.created")
    assert event["data"]["object"]["id"] == transfer.id and "account" not in event


def test_transfers_cannot_exceed_what_is_left_of_the_source_charge(fake_stripe, stripe_client):
    _, _, intent, charge = paid_checkout(stripe_client, fake_stripe, amount=100_000)
    account = onboarded_account(stripe_client, fake_stripe)
    base = {"currency": "sek", "destination": account.id, "source_transaction": charge.id}
    stripe_client.v1.transfers.create({**base, "amount": 60_000})
    stripe_client.v1.refunds.create({"payment_intent": intent.id, "amount": 30_000})
    with pytest.raises(stripe.InvalidRequestError) as raised:
        stripe_client.v1.transfers.create({**base, "amount": 10_001})
    assert (raised.value.param, raised.value.code) == ("amount", "amount_too_large")
    stripe_client.v1.transfers.create({**base, "amount": 10_000})
    with pytest.raises(stripe.InvalidRequestError):
        stripe_client.v1.transfers.create({**base, "amount": 1})
    with pytest.raises(stripe.InvalidRequestError) as raised:
        stripe_client.v1.transfers.create({**base, "amount": 1, "currency": "eur"})
    assert raised.value.param == "currency"


def test_transfers_list_by_transfer_group(fake_stripe, stripe_client):
    account = onboarded_account(stripe_client, fake_stripe)
    for group in ("booking:1", "booking:2", "booking:1"):
        stripe_client.v1.transfers.create(
            {"amount": 1_000, "currency": "sek", "destination": account.id, "transfer_group": group}
        )
    listed = stripe_client.v1.transfers.list({"transfer_group": "booking:1"})
    assert listed.object == "list" and listed.url == "/v1/transfers" and listed.has_more is False
    assert [t.transfer_group for t in listed.data] == ["booking:1", "booking:1"]
    assert len(stripe_client.v1.transfers.list({"destination": account.id}).data) == 3


def test_reversals_are_limited_to_what_is_not_yet_reversed(fake_stripe, stripe_client):
    account = onboarded_account(stripe_client, fake_stripe)
    transfer = stripe_client.v1.transfers.create({"amount": 9_000, "currency": "sek", "destination": account.id})
    reversal = stripe_client.v1.transfers.reversals.create(transfer.id, {"amount": 4_000, "metadata": {"dispute": "1"}})
    assert_stripe_shape(reversal, "transfer_reversal")
    assert reversal.id.startswith("trr_")
    assert (reversal.amount, reversal.transfer, reversal.metadata.to_dict()) == (4_000, transfer.id, {"dispute": "1"})
    with pytest.raises(stripe.InvalidRequestError) as raised:
        stripe_client.v1.transfers.reversals.create(transfer.id, {"amount": 5_001})
    assert raised.value.param == "amount"
    after = stripe_client.v1.transfers.retrieve(transfer.id)
    assert (after.amount_reversed, after.reversed) == (4_000, False)

    stripe_client.v1.transfers.reversals.create(transfer.id)  # the rest
    after = stripe_client.v1.transfers.retrieve(transfer.id)
    assert (after.amount_reversed, after.reversed) == (9_000, True)
    assert [r.amount for r in stripe_client.v1.transfers.reversals.list(transfer.id).data] == [5_000, 4_000]
    assert stripe_client.v1.transfers.reversals.retrieve(transfer.id, reversal.id).amount == 4_000
    with pytest.raises(stripe.InvalidRequestError):
        stripe_client.v1.transfers.reversals.create(transfer.id, {"amount": 1})
    events = fake_stripe.events_of_type("transfer.reversed")
    assert [e["data"]["object"]["amount_reversed"] for e in events] == [4_000, 9_000]
