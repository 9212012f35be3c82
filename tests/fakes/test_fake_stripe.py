"""Contract tests of the fake Stripe server, through the real ``stripe`` library wherever the library can speak.

Shapes are checked against Stripe's own example objects (``stripe_fixtures.json``): every key, recursively, and the
JSON type of every value Stripe's example gives a value for.
"""

import json
import threading
import time
from pathlib import Path

import pytest
import requests
import stripe

from .stripe_fixture import WEBHOOK_SECRET, make_stripe_client
from .stripe_server import API_VERSION, TEST_API_KEY, event_payload, sign_payload
from .stripe_wire import parse_form

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


def test_the_shape_check_notices_missing_keys_and_wrong_types():
    charge = json.loads(json.dumps(FIXTURES["charge"]))
    del charge["payment_method_details"]["card"]["last4"]
    charge["amount"] = "100"
    assert shape_problems(charge, FIXTURES["charge"]) == [
        "amount: str, Stripe has int",
        "missing payment_method_details.card.last4",
    ]


# -- wire format -----------------------------------------------------------------------------------------------


def test_form_bodies_with_brackets_become_nested_dicts_and_lists():
    pairs = [
        ("a[b][c]", "1"),
        ("expand[]", "x"),
        ("expand[]", "y"),
        ("line_items[0][price_data][unit_amount]", "500"),
        ("line_items[0][quantity]", "2"),
        ("line_items[1][quantity]", "1"),
        ("metadata[booking]", "7"),
    ]
    assert parse_form(pairs) == {
        "a": {"b": {"c": "1"}},
        "expand": ["x", "y"],
        "line_items": [{"price_data": {"unit_amount": "500"}, "quantity": "2"}, {"quantity": "1"}],
        "metadata": {"booking": "7"},
    }


def test_every_response_has_a_request_id_and_errors_have_stripes_shape(fake_stripe):
    ok = api(fake_stripe, "POST", "/v1/customers", data={"email": "a@example.com"})
    assert ok.status_code == 200 and ok.headers["Request-Id"].startswith("req_")
    missing = api(fake_stripe, "POST", "/v1/payment_intents", data={"currency": "sek"})
    assert missing.status_code == 400 and missing.headers["Request-Id"].startswith("req_")
    assert missing.json() == {
        "error": {
            "type": "invalid_request_error",
            "code": "parameter_missing",
            "message": "Missing required param: amount.",
            "param": "amount",
            "doc_url": "https://stripe.com/docs/error-codes/parameter_missing",
        }
    }
    unknown = api(fake_stripe, "GET", "/v1/nonsense")
    assert unknown.status_code == 404 and unknown.json()["error"]["type"] == "invalid_request_error"
    assert unknown.headers["Request-Id"].startswith("req_")


def test_json_bodies_are_refused_like_stripe_does(fake_stripe):
    response = api(fake_stripe, "POST", "/v1/customers", json={"email": "a@example.com"})
    assert response.status_code == 400
    assert "Content-Type" in response.json()["error"]["message"]


def test_fake_speaks_the_installed_librarys_api_version(fake_stripe, stripe_client):
    stripe_client.v1.customers.create({"email": "a@example.com"})
    assert stripe.api_version == API_VERSION
    assert fake_stripe.requests[-1].stripe_version == API_VERSION
    assert fake_stripe.events[-1]["api_version"] == API_VERSION


# -- authentication and errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize("key", [None, "sk_live_0123456789abcdef", "pk_test_0123456789abcdef"])
def test_requests_without_a_secret_test_key_are_refused(fake_stripe, key):
    response = api(fake_stripe, "GET", "/v1/customers", key=key)
    assert response.status_code == 401
    assert set(response.json()["error"]) >= {"type", "code", "message", "param"}
    assert fake_stripe.objects("customer") == []


def test_a_wrong_key_raises_authentication_error(fake_stripe):
    client = make_stripe_client(fake_stripe, api_key="sk_live_not_for_tests")
    with pytest.raises(stripe.AuthenticationError):
        client.v1.customers.create({"email": "a@example.com"})


@pytest.mark.parametrize(
    ("call", "param"),
    [
        (lambda c: c.v1.payment_intents.create({"currency": "sek"}), "amount"),
        (lambda c: c.v1.payment_intents.create({"amount": 1000}), "currency"),
        (lambda c: c.v1.transfers.create({"amount": 1000, "currency": "sek"}), "destination"),
        (lambda c: c.v1.accounts.create({"email": "a@example.com"}), "type"),
        (lambda c: c.v1.account_links.create({"type": "account_onboarding"}), "account"),
        (lambda c: c.v1.refunds.create({"amount": 100}), "charge"),
        (lambda c: c.v1.checkout.sessions.create({"mode": "payment"}), "line_items"),
        (
            lambda c: c.v1.checkout.sessions.create(
                {"mode": "payment", "line_items": [{"quantity": 1, "price_data": {"currency": "sek"}}]}
            ),
            "line_items[0][price_data][unit_amount]",
        ),
        (lambda c: c.v1.payment_intents.create({"amount": "ten", "currency": "sek"}), "amount"),
        (lambda c: c.v1.customers.create({"emial": "a@example.com"}), "emial"),
        (lambda c: c.v1.payment_intents.create({"amount": 100, "currency": "sek"}), "amount"),
        (lambda c: c.v1.transfers.create({"amount": 1, "currency": "sek", "destination": "acct_nope"}), "destination"),
        (lambda c: c.v1.payment_intents.create({"amount": 1000, "currency": "sek", "customer": "cus_x"}), "customer"),
    ],
    ids=[
        "pi-amount",
        "pi-currency",
        "transfer-destination",
        "account-type",
        "link-account",
        "refund-target",
        "checkout-line-items",
        "checkout-unit-amount",
        "not-an-integer",
        "unknown-parameter",
        "below-minimum-charge",
        "no-such-destination",
        "no-such-customer",
    ],
)
def test_bad_parameters_raise_invalid_request_error_naming_the_param(fake_stripe, stripe_client, call, param):
    with pytest.raises(stripe.InvalidRequestError) as raised:
        call(stripe_client)
    assert raised.value.http_status == 400
    assert raised.value.param == param
    assert fake_stripe.requests[-1].status == 400


def test_an_unknown_id_is_a_404_resource_missing(stripe_client):
    with pytest.raises(stripe.InvalidRequestError) as raised:
        stripe_client.v1.payment_intents.retrieve("pi_doesnotexist")
    assert (raised.value.http_status, raised.value.code, raised.value.param) == (404, "resource_missing", "id")


def test_an_unknown_path_is_a_404_invalid_request_error(fake_stripe):
    response = api(fake_stripe, "POST", "/v1/payouts", data={"amount": "100"})
    assert response.status_code == 404
    assert response.json()["error"]["message"].startswith("Unrecognized request URL (POST: /v1/payouts)")


# -- accounts and onboarding -----------------------------------------------------------------------------------


def test_express_account_starts_without_onboarding(fake_stripe, stripe_client):
    account = stripe_client.v1.accounts.create(
        {"type": "express", "country": "SE", "email": "frida@example.com", "metadata": {"member": "3"},
         "capabilities": {"transfers": {"requested": True}}}
    )  # fmt: skip
    assert_stripe_shape(account, "account")
    assert account.id.startswith("acct_")
    assert (account.type, account.email, account.default_currency) == ("express", "frida@example.com", "sek")
    assert (account.details_submitted, account.charges_enabled, account.payouts_enabled) == (False, False, False)
    assert account.capabilities.to_dict() == {"transfers": "inactive"}
    assert account.metadata.to_dict() == {"member": "3"}
    assert_stripe_shape(stripe_client.v1.accounts.retrieve(account.id), "account")


def test_onboarding_through_the_account_link_enables_the_account(fake_stripe, stripe_client):
    account = stripe_client.v1.accounts.create({"type": "express", "capabilities": {"transfers": {"requested": True}}})
    link = stripe_client.v1.account_links.create(
        {"account": account.id, "type": "account_onboarding", "refresh_url": "https://valund.example/again",
         "return_url": "https://valund.example/back"}
    )  # fmt: skip
    assert_stripe_shape(link, "account_link")
    assert link.url == f"{fake_stripe.url}/_fake/onboarding/{account.id}"
    assert requests.get(link.url, timeout=5).status_code == 200
    finished = requests.post(link.url, allow_redirects=False, timeout=5)
    assert (finished.status_code, finished.headers["Location"]) == (303, "https://valund.example/back")

    account = stripe_client.v1.accounts.retrieve(account.id)
    assert (account.details_submitted, account.charges_enabled, account.payouts_enabled) == (True, True, True)
    assert account.capabilities.to_dict() == {"transfers": "active"}
    [event] = fake_stripe.events_of_type("account.updated")
    assert event["account"] == account.id
    assert event["data"]["previous_attributes"]["payouts_enabled"] is False
    assert_stripe_shape(event, "event")


# -- customers, checkout, payment intents ----------------------------------------------------------------------


def test_customer_create_and_retrieve(fake_stripe, stripe_client):
    customer = stripe_client.v1.customers.create(
        {"email": "klara@example.com", "name": "Klara", "metadata": {"u": "9"}}
    )
    assert_stripe_shape(customer, "customer")
    assert customer.id.startswith("cus_") and customer.email == "klara@example.com"
    assert stripe_client.v1.customers.retrieve(customer.id).metadata.to_dict() == {"u": "9"}
    assert [e["type"] for e in fake_stripe.events] == ["customer.created"]


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


# -- idempotency -----------------------------------------------------------------------------------------------


def test_the_same_key_and_parameters_replay_the_stored_response(fake_stripe, stripe_client):
    account = onboarded_account(stripe_client, fake_stripe)
    params = {"amount": 1_000, "currency": "sek", "destination": account.id, "transfer_group": "booking:1"}
    options = {"idempotency_key": "booking:1:release:1"}
    first = stripe_client.v1.transfers.create(params, options=options)
    again = stripe_client.v1.transfers.create(params, options=options)
    assert again.id == first.id
    assert again.last_response.headers["Idempotent-Replayed"] == "true"
    assert len(fake_stripe.objects("transfer")) == 1
    assert len(fake_stripe.events_of_type("transfer.created")) == 1
    recorded = fake_stripe.requests_to("POST", "/v1/transfers")
    assert [(r.idempotency_key, r.replayed) for r in recorded] == [
        ("booking:1:release:1", False), ("booking:1:release:1", True)
    ]  # fmt: skip
    assert recorded[0].params == {**params, "amount": "1000"}


def test_the_same_key_with_other_parameters_is_an_idempotency_error(fake_stripe, stripe_client):
    options = {"idempotency_key": "booking:1:fund:1"}
    stripe_client.v1.customers.create({"email": "a@example.com"}, options=options)
    with pytest.raises(stripe.IdempotencyError):
        stripe_client.v1.customers.create({"email": "b@example.com"}, options=options)
    assert len(fake_stripe.objects("customer")) == 1


def test_a_card_decline_is_replayed_under_its_key_but_a_parameter_error_is_not(fake_stripe, stripe_client):
    options = {"idempotency_key": "booking:2:fund:1"}
    params = {"amount": 5_000, "currency": "sek", "payment_method": "pm_card_chargeDeclined", "confirm": True}
    for _ in range(2):
        with pytest.raises(stripe.CardError):
            stripe_client.v1.payment_intents.create(params, options=options)
    assert len(fake_stripe.objects("payment_intent")) == 1
    assert [r.replayed for r in fake_stripe.requests_to("POST", "/v1/payment_intents")] == [False, True]

    bad = {"idempotency_key": "booking:3:fund:1"}
    with pytest.raises(stripe.InvalidRequestError):
        stripe_client.v1.payment_intents.create({"amount": 5_000}, options=bad)
    intent = stripe_client.v1.payment_intents.create({"amount": 5_000, "currency": "sek"}, options=bad)
    assert intent.status == "requires_payment_method"


def test_keys_are_scoped_to_the_connected_account(fake_stripe, stripe_client):
    account = onboarded_account(stripe_client, fake_stripe)
    options = {"idempotency_key": "same"}
    platform = stripe_client.v1.customers.create({"email": "a@example.com"}, options=options)
    connected = stripe_client.v1.customers.create(
        {"email": "a@example.com"}, options={**options, "stripe_account": account.id}
    )
    assert platform.id != connected.id


def test_concurrent_requests_with_one_key_create_one_object(fake_stripe, stripe_client):
    account = onboarded_account(stripe_client, fake_stripe)
    params = {"amount": 1_000, "currency": "sek", "destination": account.id}
    ids, errors = [], []

    def release():
        try:
            client = make_stripe_client(fake_stripe)
            ids.append(client.v1.transfers.create(params, options={"idempotency_key": "booking:9:release:1"}).id)
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=release) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and len(set(ids)) == 1
    assert len(fake_stripe.objects("transfer")) == 1


# -- failure injection and the library's retries ---------------------------------------------------------------


def test_a_500_before_processing_is_retried_by_the_library(fake_stripe, stripe_client, fast_stripe_retries):
    account = onboarded_account(stripe_client, fake_stripe)
    fake_stripe.fail_next(2, status=500, method="POST", path="/v1/transfers")
    transfer = stripe_client.v1.transfers.create(
        {"amount": 1_000, "currency": "sek", "destination": account.id}, options={"idempotency_key": "k1"}
    )
    recorded = fake_stripe.requests_to("POST", "/v1/transfers")
    assert [(r.status, r.idempotency_key) for r in recorded] == [(500, "k1"), (500, "k1"), (200, "k1")]
    assert [t["id"] for t in fake_stripe.objects("transfer")] == [transfer.id]


@pytest.mark.parametrize("drop_connection", [False, True], ids=["500", "dropped-connection"])
def test_work_done_before_a_failure_is_replayed_on_retry_not_redone(
    fake_stripe, stripe_client, fast_stripe_retries, drop_connection
):
    account = onboarded_account(stripe_client, fake_stripe)
    fake_stripe.fail_after_processing(1, drop_connection=drop_connection, path="/v1/transfers")
    transfer = stripe_client.v1.transfers.create({"amount": 1_000, "currency": "sek", "destination": account.id})
    recorded = fake_stripe.requests_to("POST", "/v1/transfers")
    assert [(r.status, r.replayed) for r in recorded] == [(None if drop_connection else 500, False), (200, True)]
    assert recorded[0].idempotency_key == recorded[1].idempotency_key  # the library's own key, reused on retry
    assert [t["id"] for t in fake_stripe.objects("transfer")] == [transfer.id]
    assert len(fake_stripe.events_of_type("transfer.created")) == 1


def test_without_retries_the_failure_reaches_the_caller_and_the_key_gets_the_result(fake_stripe):
    client = make_stripe_client(fake_stripe, max_network_retries=0)
    fake_stripe.fail_after_processing(1)
    params = {"amount": 5_000, "currency": "sek", "payment_method": "pm_card_visa", "confirm": True}
    with pytest.raises(stripe.APIError):
        client.v1.payment_intents.create(params, options={"idempotency_key": "booking:4:fund:1"})
    intent = client.v1.payment_intents.create(params, options={"idempotency_key": "booking:4:fund:1"})
    assert intent.status == "succeeded"
    assert len(fake_stripe.objects("payment_intent")) == 1 and len(fake_stripe.objects("charge")) == 1


def test_stripe_should_retry_false_stops_the_librarys_retries(fake_stripe, stripe_client, fast_stripe_retries):
    fake_stripe.fail_next(1, status=500, should_retry=False)
    with pytest.raises(stripe.APIError):
        stripe_client.v1.customers.create({"email": "a@example.com"})
    assert [r.status for r in fake_stripe.requests] == [500]


def test_a_409_conflict_is_retried(fake_stripe, stripe_client, fast_stripe_retries):
    fake_stripe.fail_next(1, status=409)
    stripe_client.v1.customers.create({"email": "a@example.com"})
    assert [r.status for r in fake_stripe.requests] == [409, 200]


def test_a_dropped_connection_before_processing_is_retried(fake_stripe, stripe_client, fast_stripe_retries):
    fake_stripe.fail_next(1, drop_connection=True)
    stripe_client.v1.customers.create({"email": "a@example.com"})
    assert [r.status for r in fake_stripe.requests] == [None, 200]
    assert len(fake_stripe.objects("customer")) == 1


def test_retries_really_wait_as_the_library_says(fake_stripe, stripe_client):
    fake_stripe.fail_next(1)
    started = time.monotonic()
    stripe_client.v1.customers.create({"email": "a@example.com"})
    assert time.monotonic() - started >= stripe.HTTPClient.INITIAL_DELAY


def test_reset_forgets_everything(fake_stripe, stripe_client):
    stripe_client.v1.customers.create({"email": "a@example.com"}, options={"idempotency_key": "k"})
    fake_stripe.fail_next(5)
    fake_stripe.reset()
    assert (fake_stripe.requests, fake_stripe.events, fake_stripe.objects("customer")) == ([], [], [])
    stripe_client.v1.customers.create({"email": "b@example.com"}, options={"idempotency_key": "k"})
    assert fake_stripe.requests[-1].status == 200


# -- webhooks --------------------------------------------------------------------------------------------------


def test_signed_events_pass_the_librarys_verification(fake_stripe, stripe_client):
    paid_checkout(stripe_client, fake_stripe)
    event = fake_stripe.events_of_type("checkout.session.completed")[0]
    payload, header = fake_stripe.signed_event(event, WEBHOOK_SECRET)
    constructed = stripe.Webhook.construct_event(payload, header, WEBHOOK_SECRET)
    assert (constructed.id, constructed.type) == (event["id"], "checkout.session.completed")
    assert constructed.data.object.id == event["data"]["object"]["id"]


def test_the_signature_is_stripes_scheme():
    payload = event_payload({"id": "evt_1", "object": "event"})
    header = sign_payload(payload, WEBHOOK_SECRET, timestamp=1_700_000_000)
    assert header == stripe.WebhookSignature.generate_signature_header(payload.decode(), WEBHOOK_SECRET, 1_700_000_000)


@pytest.mark.parametrize("attack", ["tampered", "wrong-secret", "old-timestamp", "no-signature"])
def test_the_library_rejects_bad_signatures(fake_stripe, stripe_client, attack):
    stripe_client.v1.customers.create({"email": "a@example.com"})
    payload = event_payload(fake_stripe.events[-1])
    header = sign_payload(payload, WEBHOOK_SECRET)
    if attack == "tampered":
        payload = payload.replace(b"a@example.com", b"attacker@example.com")
    elif attack == "wrong-secret":
        header = sign_payload(payload, "whsec_attacker")
    elif attack == "old-timestamp":
        header = sign_payload(payload, WEBHOOK_SECRET, timestamp=int(time.time()) - 301)
    else:
        header = header.split(",")[0]
    with pytest.raises(stripe.SignatureVerificationError):
        stripe.Webhook.construct_event(payload, header, WEBHOOK_SECRET)


def test_detaching_a_payment_method_unlinks_it_once(fake_stripe, stripe_client):
    customer = stripe_client.v1.customers.create(params={"email": "c@example.com"})
    method = fake_stripe.add_payment_method(customer.id)
    detached = stripe_client.v1.payment_methods.detach(method["id"])
    assert detached.id == method["id"] and detached.customer is None
    assert fake_stripe.events_of_type("payment_method.detached")
    with pytest.raises(stripe.InvalidRequestError) as refused:
        stripe_client.v1.payment_methods.detach(method["id"])
    assert refused.value.code == "payment_method_unexpected_state"
