"""Races that only PostgreSQL's row locks can show: twenty release requests for one booking at
the same moment, and Stripe delivering one event several times at once. Each request runs in its
own thread and connection, released together by a barrier; on_commit work runs on real commits."""

import threading

import pytest
from django.db import connection
from django.test import Client

from marketplace.accounts.models import User
from marketplace.core.errors import DomainError
from marketplace.payments import selectors, services
from marketplace.payments.models import LedgerTransaction, Payment, StripeWebhookEvent

from .conftest import WEBHOOK_URL

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def race(count, action):
    """Run `action` in `count` threads at the same moment; return what each returned (or the
    code of the DomainError that refused it)."""
    barrier = threading.Barrier(count)
    outcomes: dict[int, object] = {}

    def run(index):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = action()
        except DomainError as exc:
            outcomes[index] = exc.code
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return [outcomes.get(index, "hung") for index in range(count)]


@pytest.fixture
def completed(stripe_mode, life, make_member):
    """Created inside the test (transactional tests start from empty tables): a funded hourly
    booking with approved time, completed by the review period (no release yet)."""
    booking = life.accepted(client=make_member(User.Role.CLIENT, name="Nordbygg AB"),
                            freelancer_user=make_member(User.Role.FREELANCER, name="Astrid", hourly_rate=65000,
                                                        currency="SEK"))
    stripe_mode.onboard(booking.freelancer)
    stripe_mode.fund(booking)
    life.start(booking)
    life.approve_time(booking, 90)
    return life.auto_complete(booking)


def test_twenty_simultaneous_releases_make_exactly_one_transfer(stripe_mode, completed):
    fake = stripe_mode.fake

    outcomes = race(20, lambda: len(services.escrow_release(booking=completed, actor=completed.client)))

    assert all(isinstance(outcome, int) for outcome in outcomes), outcomes  # none hung, none refused
    assert len(fake.objects("transfer")) == 1 and len(fake.objects("refund")) == 1
    assert len(fake.requests_to("POST", "/v1/transfers")) == 1
    transfer = fake.objects("transfer")[0]
    assert transfer["amount"] == 97_500 - 9_750
    assert Payment.objects.filter(kind=Payment.Kind.TRANSFER).count() == 1
    kinds = sorted(LedgerTransaction.objects.filter(escrow__booking=completed).values_list("kind", flat=True))
    assert kinds == ["funding", "payout", "refund", "refund_paid", "release"]
    money = selectors.figures(completed)
    assert (money.held, money.released, money.refunded, money.fees) == (0, 97_500, 1_040_000 - 97_500, 9_750)


def test_one_event_delivered_many_times_at_once_is_handled_once(stripe_mode, life, make_member):
    booking = life.accepted(client=make_member(User.Role.CLIENT, name="Nordbygg AB"),
                            freelancer_user=make_member(User.Role.FREELANCER, name="Astrid", hourly_rate=65000,
                                                        currency="SEK"))
    payment = stripe_mode.checkout(booking)
    events = stripe_mode.fake.complete_checkout(payment.checkout_session_id)
    succeeded, = (event for event in events if event["type"] == "payment_intent.succeeded")
    body, signature = stripe_mode.fake.signed_event(succeeded, stripe_mode.secret)

    statuses = race(10, lambda: Client().post(WEBHOOK_URL, data=body, content_type="application/json",
                                              headers={"Stripe-Signature": signature}).status_code)

    assert statuses == [200] * 10
    stored = StripeWebhookEvent.objects.get()
    assert (stored.status, stored.attempts) == (StripeWebhookEvent.Status.PROCESSED, 1)
    assert LedgerTransaction.objects.filter(kind=LedgerTransaction.Kind.FUNDING).count() == 1
    assert selectors.figures(booking).held == booking.estimate
