"""Payments under test: the real stripe library against the fake Stripe server (`stripe_mode`),
or the simulated gateway (no keys). `life` drives a booking through its lifecycle with the
bookings services; `stripe_mode` funds it through Checkout and delivers the fake's events to
our webhook, signed as Stripe signs them."""

import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from marketplace.bookings import services as bookings
from marketplace.bookings.models import Booking, TimeLog
from marketplace.payments import services as payments
from marketplace.payments.models import ConnectedAccount, Payment
from tests.fakes.stripe_fixture import WEBHOOK_SECRET
from tests.fakes.stripe_server import TEST_API_KEY

WEBHOOK_URL = "/stripe/webhook/"


@pytest.fixture(autouse=True)
def _empty_task_queue():
    """Huey runs tasks at once in tests, but a task that fails is scheduled for a retry in its
    in-memory storage: no test sees another's."""
    HUEY.flush()
    yield
    HUEY.flush()


@pytest.fixture
def simulated_mode(settings):
    settings.STRIPE_SECRET_KEY = ""
    settings.STRIPE_WEBHOOK_SECRET = ""


class Stripe:
    """Drives the fake the way Stripe and the client's browser would, and posts its events to
    the webhook view."""

    def __init__(self, fake, client, capture):
        self.fake = fake
        self.client = client
        self.capture = capture
        self.secret = WEBHOOK_SECRET

    def post(self, event, *, secret=WEBHOOK_SECRET, timestamp=None):
        body, signature = self.fake.signed_event(event, secret, timestamp)
        return self.client.post(WEBHOOK_URL, data=body, content_type="application/json",
                                headers={"Stripe-Signature": signature})

    def deliver(self, *events):
        """Post each event; on_commit work (releases, transfers) runs as after a real commit."""
        with self.capture(execute=True):
            responses = [self.post(event) for event in events]
        assert [r.status_code for r in responses] == [200] * len(responses), [r.content for r in responses]
        return responses

    def onboard(self, user, *, finish=True) -> ConnectedAccount:
        """The freelancer starts Stripe's onboarding from the payouts page; with `finish`,
        completes it and Stripe's account.updated arrives."""
        payments.payout_account_link(user=user, refresh_url="http://testserver/payouts/",
                                     return_url="http://testserver/payouts/?returned=1")
        account = ConnectedAccount.objects.get(user=user)
        if finish:
            self.deliver(self.fake.complete_onboarding(account.stripe_id))
            account.refresh_from_db()
        return account

    def checkout(self, booking) -> Payment:
        return payments.funding_start(actor=booking.client, booking=booking, success_url="http://testserver/ok",
                                      cancel_url="http://testserver/cancel")

    def fund(self, booking) -> Payment:
        """The client pays what is due through Checkout; every event Stripe sends arrives."""
        payment = self.checkout(booking)
        self.deliver(*self.fake.complete_checkout(payment.checkout_session_id))
        payment.refresh_from_db()
        return payment

    def charge_of(self, payment: Payment) -> dict:
        return self.fake.get(payment.stripe_charge_id)


@pytest.fixture
def stripe_on(settings, fake_stripe, fast_stripe_retries):
    """The Stripe gateway, pointed at the fake; webhooks signed with its secret. Returns the fake."""
    settings.STRIPE_SECRET_KEY = TEST_API_KEY
    settings.STRIPE_API_BASE = fake_stripe.url
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    return fake_stripe


def deliver(fake, event):
    """Post one of the fake's events to our webhook, signed as Stripe signs it; it must be taken."""
    body, signature = fake.signed_event(event, WEBHOOK_SECRET)
    response = Client().post(WEBHOOK_URL, data=body, content_type="application/json",
                             HTTP_STRIPE_SIGNATURE=signature)
    assert response.status_code == 200, response.content
    return response


@pytest.fixture
def funded_by_checkout(stripe_on, make_booking, django_capture_on_commit_callbacks):
    """An accepted booking its client paid into through the fake's Checkout, every event
    delivered: (booking, funding payment)."""
    booking = make_booking(Booking.Status.ACCEPTED)
    payment = payments.funding_start(actor=booking.client, booking=booking, success_url="http://testserver/ok",
                                     cancel_url="http://testserver/no")
    with django_capture_on_commit_callbacks(execute=True):
        for event in stripe_on.complete_checkout(payment.checkout_session_id):
            deliver(stripe_on, event)
    payment.refresh_from_db()
    assert payment.status == "succeeded" and payment.stripe_charge_id.startswith("ch_")
    return booking, payment


@pytest.fixture
def released_by_stripe(funded_by_checkout, stripe_on, django_capture_on_commit_callbacks):
    """funded_by_checkout, then the freelancer onboarded, 10 h approved and confirmed: one
    charge, one transfer, one refund."""
    booking, payment = funded_by_checkout
    payments.payout_account_link(user=booking.freelancer, refresh_url="http://testserver/",
                                 return_url="http://testserver/")
    deliver(stripe_on, stripe_on.complete_onboarding(booking.freelancer.payout_account.stripe_id))
    booking = bookings.booking_start(actor=booking.freelancer, booking=booking)
    TimeLog.objects.create(booking=booking, freelancer=booking.freelancer, date=booking.start_date, minutes=600,
                           description="Welding", status=TimeLog.Status.APPROVED)
    bookings.booking_mark_done(actor=booking.freelancer, booking=booking)
    with django_capture_on_commit_callbacks(execute=True):
        bookings.booking_confirm(actor=booking.client, booking=booking)
    payment.refresh_from_db()
    return booking, payment


@pytest.fixture
def stripe_mode(db, stripe_on, client, django_capture_on_commit_callbacks):
    """stripe_on, driven the way Stripe and the client's browser would."""
    return Stripe(stripe_on, client, django_capture_on_commit_callbacks)


class Life:
    """A booking's lifecycle through the bookings services."""

    def __init__(self, request_booking, capture):
        self.request_booking = request_booking
        self.capture = capture

    def accepted(self, **overrides) -> Booking:
        booking = self.request_booking(**overrides)
        return bookings.booking_accept(actor=booking.freelancer, booking=booking)

    def start(self, booking) -> Booking:
        """Work starts; the dates are then moved three days back so past days can be logged."""
        bookings.booking_start(actor=booking.freelancer, booking=booking)
        Booking.objects.filter(pk=booking.pk).update(start_date=timezone.localdate() - datetime.timedelta(days=3))
        booking.refresh_from_db()
        return booking

    def approve_time(self, booking, minutes: int) -> TimeLog:
        log = bookings.timelog_create(actor=booking.freelancer, booking=booking, date=booking.start_date,
                                      minutes=minutes, description="Welding")
        bookings.timelogs_submit(actor=booking.freelancer, booking=booking, log_ids=[log.pk])
        return bookings.timelog_approve(actor=booking.client, log=TimeLog.objects.get(pk=log.pk))

    def mark_done(self, booking) -> Booking:
        return bookings.booking_mark_done(actor=booking.freelancer, booking=Booking.objects.get(pk=booking.pk))

    def confirm(self, booking) -> Booking:
        """The client confirms the completion; the release that follows runs after commit."""
        self.mark_done(booking)
        with self.capture(execute=True):
            bookings.booking_confirm(actor=booking.client, booking=Booking.objects.get(pk=booking.pk))
        booking.refresh_from_db()
        return booking

    def auto_complete(self, booking, *, days_ago: float = 0) -> Booking:
        """The review period ran out without an answer (no release follows by itself);
        completed_at is then set `days_ago` back."""
        self.mark_done(booking)
        booking.refresh_from_db()
        later = booking.done_at + datetime.timedelta(days=settings.BOOKING_COMPLETION_REVIEW_DAYS, minutes=1)
        with self.capture(execute=True):
            assert bookings.booking_auto_complete(booking=booking, now=later)
        Booking.objects.filter(pk=booking.pk).update(
            completed_at=timezone.now() - datetime.timedelta(days=days_ago))
        booking.refresh_from_db()
        return booking


@pytest.fixture
def life(request_booking, django_capture_on_commit_callbacks):
    return Life(request_booking, django_capture_on_commit_callbacks)
