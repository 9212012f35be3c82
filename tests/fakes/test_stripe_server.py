"""Contract tests of the fake Stripe's server: authentication, parameter errors, unknown ids and paths, idempotency,
failure injection and the library's retries.

Through the real ``stripe`` library wherever the library can speak.
"""

import threading
import time

import pytest
import stripe

from .stripe_checks import api, onboarded_account
from .stripe_fixture import make_stripe_client

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
