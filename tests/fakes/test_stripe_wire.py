"""Contract tests of the fake Stripe's wire format: form bodies, request ids and error shapes, the API version,
webhook signatures.

Through the real ``stripe`` library wherever the library can speak.
"""

import json
import time

import pytest
import stripe

from .stripe_checks import (
    FIXTURES,
    api,
    paid_checkout,
    shape_problems,
)
from .stripe_fixture import WEBHOOK_SECRET
from .stripe_server import API_VERSION, event_payload, sign_payload
from .stripe_server.wire import parse_form


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
