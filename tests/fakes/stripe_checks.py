"""Helpers of the fake Stripe's contract tests: the shape check against Stripe's own example objects
(``stripe_fixtures.json``: every key, recursively, and the JSON type of every value Stripe's example gives a value
for) and the objects most tests start from.
"""

import json
from pathlib import Path

import requests
import stripe

from .stripe_server import TEST_API_KEY

FIXTURES = json.loads(Path(__file__).with_name("stripe_fixtures.json").read_text())["resources"]
# Maps whose keys are data, not schema: Stripe's example holds other keys than ours.
FREE_FORM = {"metadata", "capabilities", "previous_attributes"}


def shape_problems(ours, example, path=""):
    problems = []
    for key, expected in example.items():
        where = f"{path}.{key}" if path else key
        if key not in ours:
            problems.append(f"missing {where}")
            continue
        value = ours[key]
        if expected is None or value is None or key in FREE_FORM:
            continue
        if isinstance(expected, bool) or isinstance(value, bool):
            if type(expected) is not type(value):
                problems.append(f"{where}: {type(value).__name__}, Stripe has {type(expected).__name__}")
        elif isinstance(expected, dict) and isinstance(value, dict):
            problems.extend(shape_problems(value, expected, where))
        elif not isinstance(value, type(expected)) and not (isinstance(expected, dict) and isinstance(value, str)):
            # An expandable field is an id string unless expanded; anything else must keep Stripe's type.
            problems.append(f"{where}: {type(value).__name__}, Stripe has {type(expected).__name__}")
    return problems


def assert_stripe_shape(obj, resource):
    data = obj.to_dict() if isinstance(obj, stripe.StripeObject) else obj
    assert data["object"] == FIXTURES[resource]["object"]
    example = dict(FIXTURES[resource])
    if resource == "event":
        example.pop("data")  # Stripe's example event carries a plan; ours carry our objects
        assert set(data["data"]) <= {"object", "previous_attributes"}
    assert shape_problems(data, example) == []


def line_item(amount=100_000, currency="sek", name="Booking 7"):
    return {"quantity": 1, "price_data": {"currency": currency, "unit_amount": amount, "product_data": {"name": name}}}


def onboarded_account(client, fake):
    account = client.v1.accounts.create({"type": "express", "country": "SE", "email": "frida@example.com",
                                         "capabilities": {"transfers": {"requested": True}}})  # fmt: skip
    fake.complete_onboarding(account.id)
    return account


def paid_checkout(client, fake, *, amount=100_000, transfer_group="booking:7", save_card=False):
    customer = client.v1.customers.create({"email": "client@example.com", "name": "Klara Client"})
    intent_data = {"transfer_group": transfer_group, "metadata": {"booking": "7"}}
    if save_card:
        intent_data["setup_future_usage"] = "off_session"
    session = client.v1.checkout.sessions.create(
        {
            "mode": "payment",
            "customer": customer.id,
            "client_reference_id": "booking:7",
            "line_items": [line_item(amount)],
            "metadata": {"booking": "7"},
            "payment_intent_data": intent_data,
            "success_url": "https://valund.example/paid?session={CHECKOUT_SESSION_ID}",
            "cancel_url": "https://valund.example/cancelled",
        }
    )
    fake.complete_checkout(session.id)
    session = client.v1.checkout.sessions.retrieve(session.id)
    intent = client.v1.payment_intents.retrieve(session.payment_intent)
    return customer, session, intent, client.v1.charges.retrieve(intent.latest_charge)


def api(fake, method, path, *, key=TEST_API_KEY, **kwargs):
    headers = kwargs.pop("headers", {})
    if key:
        headers["Authorization"] = f"Bearer {key}"
    return requests.request(method, fake.url + path, headers=headers, timeout=5, **kwargs)
