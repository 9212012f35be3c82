"""Contract tests of the fake Stripe's customers and their payment methods.

Through the real ``stripe`` library wherever the library can speak.
"""

import pytest
import stripe

from .stripe_checks import assert_stripe_shape


def test_customer_create_and_retrieve(fake_stripe, stripe_client):
    customer = stripe_client.v1.customers.create(
        {"email": "klara@example.com", "name": "Klara", "metadata": {"u": "9"}}
    )
    assert_stripe_shape(customer, "customer")
    assert customer.id.startswith("cus_") and customer.email == "klara@example.com"
    assert stripe_client.v1.customers.retrieve(customer.id).metadata.to_dict() == {"u": "9"}
    assert [e["type"] for e in fake_stripe.events] == ["customer.created"]


def test_detaching_a_payment_method_unlinks_it_once(fake_stripe, stripe_client):
    customer = stripe_client.v1.customers.create(params={"email": "c@example.com"})
    method = fake_stripe.add_payment_method(customer.id)
    detached = stripe_client.v1.payment_methods.detach(method["id"])
    assert detached.id == method["id"] and detached.customer is None
    assert fake_stripe.events_of_type("payment_method.detached")
    with pytest.raises(stripe.InvalidRequestError) as refused:
        stripe_client.v1.payment_methods.detach(method["id"])
    assert refused.value.code == "payment_method_unexpected_state"
