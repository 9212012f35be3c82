"""Contract tests of the fake Stripe's objects: events, what belongs to a connected account, lists and pagination.

Through the real ``stripe`` library wherever the library can speak.
"""

import pytest
import stripe

from .stripe_checks import assert_stripe_shape, onboarded_account, paid_checkout

# -- events and connected accounts -----------------------------------------------------------------------------


def test_events_can_be_retrieved_and_listed(fake_stripe, stripe_client):
    paid_checkout(stripe_client, fake_stripe)
    for event in fake_stripe.events:
        assert event["id"].startswith("evt_")
        assert_stripe_shape(event, "event")
    completed = fake_stripe.events_of_type("checkout.session.completed")[0]
    fetched = stripe_client.v1.events.retrieve(completed["id"])
    assert_stripe_shape(fetched, "event")
    assert fetched.data.object.object == "checkout.session"
    listed = stripe_client.v1.events.list({"type": "charge.succeeded"})
    assert [e.type for e in listed.data] == ["charge.succeeded"]


def test_objects_created_for_a_connected_account_belong_to_it(fake_stripe, stripe_client):
    account = onboarded_account(stripe_client, fake_stripe)
    customer = stripe_client.v1.customers.create({"email": "a@example.com"}, options={"stripe_account": account.id})
    assert fake_stripe.requests[-1].stripe_account == account.id
    with pytest.raises(stripe.InvalidRequestError):
        stripe_client.v1.customers.retrieve(customer.id)  # not the platform's
    assert stripe_client.v1.customers.retrieve(customer.id, options={"stripe_account": account.id}).id == customer.id
    [created] = fake_stripe.events_of_type("customer.created")
    assert created["account"] == account.id
    with pytest.raises(stripe.InvalidRequestError):
        stripe_client.v1.events.retrieve(created["id"])
    assert stripe_client.v1.events.retrieve(created["id"], options={"stripe_account": account.id}).account == account.id


def test_an_unknown_connected_account_is_a_permission_error(stripe_client):
    with pytest.raises(stripe.PermissionError) as raised:
        stripe_client.v1.customers.create({"email": "a@example.com"}, options={"stripe_account": "acct_nobody"})
    assert raised.value.error.code == "account_invalid"


# -- lists -----------------------------------------------------------------------------------------------------


def test_lists_honour_limit_and_paginate_newest_first(fake_stripe, stripe_client):
    ids = [stripe_client.v1.customers.create({"email": f"c{n}@example.com"}).id for n in range(5)]
    page = stripe_client.v1.customers.list({"limit": 2})
    assert ([c.id for c in page.data], page.has_more) == (ids[::-1][:2], True)
    assert [c.id for c in page.auto_paging_iter()] == ids[::-1]
    with pytest.raises(stripe.InvalidRequestError) as raised:
        stripe_client.v1.customers.list({"limit": 101})
    assert raised.value.param == "limit"
