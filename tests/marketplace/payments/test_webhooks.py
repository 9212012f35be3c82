"""/stripe/webhook/: signed by Stripe or refused; each event stored, handled once whatever the
order and however often it comes; a failure answered 500 so Stripe retries."""

import itertools
import json
import time

import pytest

from marketplace.payments import selectors
from marketplace.payments.models import ConnectedAccount, LedgerTransaction, Payment, StripeWebhookEvent
from tests.fakes.stripe_fixture import WEBHOOK_SECRET
from tests.fakes.stripe_server import sign_payload

from .conftest import WEBHOOK_URL

EventStatus = StripeWebhookEvent.Status


@pytest.fixture
def checkout(stripe_mode, life):
    """A booking with a paid checkout whose events have not arrived yet."""
    booking = life.accepted()
    payment = stripe_mode.checkout(booking)
    events = stripe_mode.fake.complete_checkout(payment.checkout_session_id)
    return booking, payment, {event["type"]: event for event in events}


def post_raw(client, body: bytes, signature: str):
    return client.post(WEBHOOK_URL, data=body, content_type="application/json",
                       headers={"Stripe-Signature": signature})


def final_state(booking):
    payment = Payment.objects.get(escrow__booking=booking, kind=Payment.Kind.FUNDING)
    money = selectors.figures(booking)
    return (payment.status, payment.stripe_id, payment.stripe_charge_id, payment.amount, money.funded, money.held,
            LedgerTransaction.objects.filter(escrow__booking=booking).count())


@pytest.mark.parametrize("secret", ["whsec_someone_else", ""], ids=["wrong-secret", "unsigned"])
def test_an_event_with_a_bad_signature_is_refused_and_not_stored(stripe_mode, checkout, secret):
    booking, _payment, events = checkout
    body, signature = stripe_mode.fake.signed_event(events["payment_intent.succeeded"], secret or WEBHOOK_SECRET)

    response = post_raw(stripe_mode.client, body, signature if secret else "")

    assert response.status_code == 400
    assert not StripeWebhookEvent.objects.exists()
    assert selectors.figures(booking).funded == 0


def test_a_body_changed_after_signing_is_refused(stripe_mode, checkout):
    _booking, _payment, events = checkout
    body, signature = stripe_mode.fake.signed_event(events["payment_intent.succeeded"], WEBHOOK_SECRET)

    response = post_raw(stripe_mode.client, body.replace(b'"amount_received": ', b'"amount_received": 1'),
                        signature)

    assert response.status_code == 400 and not StripeWebhookEvent.objects.exists()


def test_a_replayed_signature_older_than_five_minutes_is_refused(stripe_mode, checkout):
    _booking, _payment, events = checkout

    response = stripe_mode.post(events["payment_intent.succeeded"], timestamp=int(time.time()) - 301)

    assert response.status_code == 400 and not StripeWebhookEvent.objects.exists()


# Stripe's library refuses only signatures older than the tolerance; one dated ahead is as stale.
# Half a minute past the edge: the whole seconds signed and a slow machine's request fit inside it.
@pytest.mark.parametrize("offset", [-330, -3600, 330, 600, 10**9], ids=["5min-ago", "1h-ago", "5min-ahead",
                                                                      "10min-ahead", "years-ahead"])
def test_a_signature_dated_outside_five_minutes_either_way_is_refused(stripe_mode, checkout, offset):
    booking, _payment, events = checkout

    response = stripe_mode.post(events["payment_intent.succeeded"], timestamp=int(time.time()) + offset)

    assert response.status_code == 400 and not StripeWebhookEvent.objects.exists()
    assert selectors.figures(booking).funded == 0


@pytest.mark.parametrize("offset", [-290, 0, 290], ids=["just-before", "now", "clock-a-little-ahead"])
def test_a_signature_dated_within_five_minutes_either_way_is_accepted(stripe_mode, checkout, offset):
    _booking, _payment, events = checkout

    response = stripe_mode.post(events["payment_intent.succeeded"], timestamp=int(time.time()) + offset)

    assert response.status_code == 200 and StripeWebhookEvent.objects.count() == 1


def event_with(inner: str) -> bytes:
    return ('{"id": "evt_hostile", "type": "payment_intent.succeeded", "data": {"object": ' + inner + "}}").encode()


# Correctly signed (the secret leaked, or Stripe sent something odd) yet no event we can store:
# each must be refused with 400 before it reaches a parser's recursion limit or the database.
HOSTILE_EVENTS = {
    "nested-past-recursion-limit": event_with("[" * 100_000 + "]" * 100_000),
    "nested-objects": event_with('{"a": ' * 5_000 + "1" + "}" * 5_000),
    "nested-deeper-than-any-event": event_with("[" * 200 + "]" * 200),
    "nan": event_with('{"amount": NaN}'),
    "infinity": event_with('{"amount": -Infinity}'),
    "nul-in-a-string": event_with('{"id": "pi_\\u0000"}'),
    "nul-in-a-key": event_with('{"\\u0000": 1}'),
    "lone-surrogate": event_with('{"id": "pi_\\ud800"}'),
    "huge-number": event_with('{"amount": ' + "9" * 5_000 + "}"),
    "over-a-megabyte": event_with('{"id": "' + "x" * (1024 * 1024) + '"}'),
}


@pytest.mark.parametrize("body", HOSTILE_EVENTS.values(), ids=HOSTILE_EVENTS.keys())
def test_a_signed_event_no_parser_or_database_can_hold_is_answered_400(stripe_mode, body):
    response = post_raw(stripe_mode.client, body, sign_payload(body, WEBHOOK_SECRET))

    assert response.status_code == 400 and not StripeWebhookEvent.objects.exists()


@pytest.mark.parametrize("body", [b"not json", b"[1, 2]", b'{"type": "payment_intent.succeeded"}',
                                  b'{"id": "evt_1", "type": "payment_intent.succeeded"}', b"\xff\xfe"],
                         ids=["not-json", "not-an-object", "no-id", "no-data", "not-utf8"])
def test_a_malformed_body_correctly_signed_is_answered_400_without_crashing(stripe_mode, body):
    signature = sign_payload(body, WEBHOOK_SECRET) if body != b"\xff\xfe" else "t=1,v1=00"

    response = post_raw(stripe_mode.client, body, signature)

    assert response.status_code == 400 and not StripeWebhookEvent.objects.exists()


def test_an_event_type_we_do_not_handle_is_stored_as_ignored_and_answered_200(stripe_mode, checkout):
    _booking, _payment, events = checkout

    response = stripe_mode.post(events["charge.succeeded"])

    assert response.status_code == 200
    stored = StripeWebhookEvent.objects.get()
    assert (stored.stripe_id, stored.type, stored.status) == (events["charge.succeeded"]["id"], "charge.succeeded",
                                                              EventStatus.IGNORED)
    assert stored.payload["data"]["object"]["id"] == events["charge.succeeded"]["data"]["object"]["id"]


def test_every_event_delivered_three_times_is_handled_once(stripe_mode, checkout):
    booking, payment, events = checkout

    for _ in range(3):
        stripe_mode.deliver(*events.values())

    assert StripeWebhookEvent.objects.count() == len(events)
    assert set(StripeWebhookEvent.objects.values_list("attempts", flat=True)) == {1}
    assert LedgerTransaction.objects.filter(escrow__booking=booking).count() == 1
    payment.refresh_from_db()
    assert payment.status == Payment.Status.SUCCEEDED
    assert selectors.figures(booking).funded == payment.amount


ORDERS = list(itertools.permutations(["checkout.session.completed", "payment_intent.succeeded", "charge.succeeded"]))


@pytest.mark.parametrize("order", ORDERS, ids=["→".join(t.split(".")[0] for t in order) for order in ORDERS])
def test_events_in_any_order_end_in_the_same_state(stripe_mode, checkout, order):
    booking, payment, events = checkout

    stripe_mode.deliver(*(events[event_type] for event_type in order))

    charge = stripe_mode.fake.objects("charge")[0]
    assert final_state(booking) == (Payment.Status.SUCCEEDED, charge["payment_intent"], charge["id"],
                                    payment.amount, payment.amount, payment.amount, 1)


@pytest.mark.parametrize("only", ["checkout.session.completed", "payment_intent.succeeded"])
def test_either_success_event_alone_funds_the_escrow(stripe_mode, checkout, only):
    booking, payment, events = checkout

    stripe_mode.deliver(events[only])

    charge = stripe_mode.fake.objects("charge")[0]
    assert final_state(booking) == (Payment.Status.SUCCEEDED, charge["payment_intent"], charge["id"],
                                    payment.amount, payment.amount, payment.amount, 1)


def test_a_failed_handler_answers_500_and_a_redelivery_succeeds(stripe_mode, checkout):
    booking, payment, events = checkout
    # The handler asks Stripe for the session's charge; Stripe is down and says not to retry.
    stripe_mode.fake.fail_next(1, 500, method="GET", path="/v1/checkout/sessions/*", should_retry=False)

    response = stripe_mode.post(events["checkout.session.completed"])

    assert response.status_code == 500
    stored = StripeWebhookEvent.objects.get()
    assert stored.status == EventStatus.FAILED and stored.attempts == 1 and stored.error
    assert selectors.figures(booking).funded == 0

    stripe_mode.deliver(events["checkout.session.completed"])

    stored.refresh_from_db()
    assert (stored.status, stored.attempts, stored.error) == (EventStatus.PROCESSED, 2, "")
    assert selectors.figures(booking).funded == payment.amount
    assert LedgerTransaction.objects.count() == 1


def test_a_failed_payment_marks_the_funding_failed_and_moves_no_money(stripe_mode, life):
    booking = life.accepted()
    payment = stripe_mode.checkout(booking)

    events = stripe_mode.fake.complete_checkout(payment.checkout_session_id, outcome="failed")
    stripe_mode.deliver(*events)

    payment.refresh_from_db()
    assert payment.status == Payment.Status.FAILED and payment.failure_message
    assert not LedgerTransaction.objects.exists()
    assert selectors.figures(booking).due == booking.estimate


def test_account_updated_from_the_connected_account_lets_a_waiting_release_go(stripe_mode, life):
    fake = stripe_mode.fake
    booking = life.accepted(pricing="fixed", fixed_price=200_000)
    account = stripe_mode.onboard(booking.freelancer, finish=False)
    assert not account.ready
    stripe_mode.fund(booking)
    life.start(booking)
    life.confirm(booking)
    assert fake.objects("transfer") == []
    assert any("setting up payouts" in reason for reason in selectors.release_blockers(booking))

    event = fake.complete_onboarding(account.stripe_id)
    assert event["account"] == account.stripe_id
    stripe_mode.deliver(event)

    account.refresh_from_db()
    assert (account.details_submitted, account.charges_enabled, account.payouts_enabled) == (True, True, True)
    stored = StripeWebhookEvent.objects.get(stripe_id=event["id"])
    assert (stored.account, stored.status) == (account.stripe_id, EventStatus.PROCESSED)
    transfer, = fake.objects("transfer")
    assert (transfer["destination"], transfer["amount"]) == (account.stripe_id, 200_000 - 20_000)


def test_account_updated_for_an_account_we_do_not_know_is_harmless(stripe_mode, freelancer):
    stripe_mode.onboard(freelancer, finish=False)
    ConnectedAccount.objects.all().delete()
    event = stripe_mode.fake.complete_onboarding(stripe_mode.fake.objects("account")[0]["id"])

    stripe_mode.deliver(event)

    assert StripeWebhookEvent.objects.get().status == EventStatus.PROCESSED


def test_without_a_webhook_secret_the_endpoint_does_not_exist(stripe_mode, checkout, settings):
    settings.STRIPE_WEBHOOK_SECRET = ""
    _booking, _payment, events = checkout

    response = stripe_mode.post(events["payment_intent.succeeded"])

    assert response.status_code == 404 and not StripeWebhookEvent.objects.exists()


def test_the_webhook_answers_only_post(stripe_mode):
    assert stripe_mode.client.get(WEBHOOK_URL).status_code == 405


def test_the_stored_payload_is_the_event_as_signed(stripe_mode, checkout):
    _booking, _payment, events = checkout
    event = events["payment_intent.succeeded"]

    stripe_mode.deliver(event)

    assert StripeWebhookEvent.objects.get().payload == json.loads(stripe_mode.fake.signed_event(event, "x")[0])
