"""Contract tests of the fake Stripe's Checkout Sessions and the fake checkout page.

Through the real ``stripe`` library wherever the library can speak.
"""

import requests

from .stripe_checks import assert_stripe_shape, line_item


def test_checkout_session_is_open_until_the_customer_pays(fake_stripe, stripe_client):
    customer = stripe_client.v1.customers.create({"email": "klara@example.com"})
    session = stripe_client.v1.checkout.sessions.create(
        {
            "mode": "payment",
            "customer": customer.id,
            "client_reference_id": "booking:7",
            "line_items": [line_item(60_000), line_item(40_000, currency="SEK")],
            "metadata": {"booking": "7"},
            "payment_intent_data": {"transfer_group": "booking:7", "metadata": {"booking": "7"},
                                    "setup_future_usage": "off_session"},
            "success_url": "https://valund.example/paid?session={CHECKOUT_SESSION_ID}",
            "cancel_url": "https://valund.example/cancelled",
        }
    )  # fmt: skip
    assert_stripe_shape(session, "checkout.session")
    assert session.id.startswith("cs_test_")
    assert (session.status, session.payment_status, session.payment_intent) == ("open", "unpaid", None)
    assert (session.amount_total, session.currency, session.client_reference_id) == (100_000, "sek", "booking:7")
    assert session.url == f"{fake_stripe.url}/_fake/checkout/{session.id}"

    events = fake_stripe.complete_checkout(session.id)
    assert [e["type"] for e in events] == [
        "payment_intent.created",
        "payment_method.attached",
        "charge.succeeded",
        "payment_intent.succeeded",
        "checkout.session.completed",
    ]
    session = stripe_client.v1.checkout.sessions.retrieve(session.id, {"expand": ["payment_intent.latest_charge"]})
    assert (session.status, session.payment_status) == ("complete", "paid")
    intent = session.payment_intent
    assert_stripe_shape(intent, "payment_intent")
    assert (intent.status, intent.amount, intent.amount_received, intent.customer) == (
        "succeeded", 100_000, 100_000, customer.id
    )  # fmt: skip
    assert (intent.transfer_group, intent.metadata.to_dict()) == ("booking:7", {"booking": "7"})
    charge = intent.latest_charge
    assert_stripe_shape(charge, "charge")
    assert (charge.status, charge.paid, charge.captured, charge.amount, charge.currency) == (
        "succeeded", True, True, 100_000, "sek"
    )  # fmt: skip
    assert (charge.payment_intent, charge.transfer_group) == (intent.id, "booking:7")
    assert events[-1]["data"]["object"]["payment_intent"] == intent.id

    [card] = stripe_client.v1.payment_methods.list({"customer": customer.id, "type": "card"}).data
    assert_stripe_shape(card, "payment_method")
    assert (card.id, card.customer, card.type) == (intent.payment_method, customer.id, "card")
    line_items = stripe_client.v1.checkout.sessions.line_items.list(session.id)
    assert [item.amount_total for item in line_items.data] == [60_000, 40_000]


def test_declined_checkout_leaves_the_session_open(fake_stripe, stripe_client):
    session = stripe_client.v1.checkout.sessions.create({"mode": "payment", "line_items": [line_item()]})
    events = fake_stripe.complete_checkout(session.id, outcome="failed")
    assert [e["type"] for e in events] == ["payment_intent.created", "charge.failed", "payment_intent.payment_failed"]
    session = stripe_client.v1.checkout.sessions.retrieve(session.id)
    assert (session.status, session.payment_status) == ("open", "unpaid")
    intent = stripe_client.v1.payment_intents.retrieve(session.payment_intent)
    assert intent.status == "requires_payment_method"
    assert intent.last_payment_error.code == "card_declined"


def test_expired_checkout(fake_stripe, stripe_client):
    session = stripe_client.v1.checkout.sessions.create({"mode": "payment", "line_items": [line_item()]})
    [event] = fake_stripe.complete_checkout(session.id, outcome="expired")
    assert event["type"] == "checkout.session.expired"
    assert stripe_client.v1.checkout.sessions.retrieve(session.id).status == "expired"


def test_the_fake_checkout_page_pays_and_redirects_to_success_url(fake_stripe, stripe_client):
    session = stripe_client.v1.checkout.sessions.create(
        {
            "mode": "payment",
            "line_items": [line_item()],
            "success_url": "https://valund.example/ok?s={CHECKOUT_SESSION_ID}",
        }
    )
    assert "1000.00 SEK" in requests.get(session.url, timeout=5).text
    paid = requests.post(session.url, data={"outcome": "paid"}, allow_redirects=False, timeout=5)
    assert (paid.status_code, paid.headers["Location"]) == (303, f"https://valund.example/ok?s={session.id}")
    assert stripe_client.v1.checkout.sessions.retrieve(session.id).payment_status == "paid"
