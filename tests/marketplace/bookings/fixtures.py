"""Booking fixtures for every test (registered in tests/conftest.py): requests made through the
services, bookings moved to a state, and escrow funded through the simulated gateway; and the
helpers the bookings' tests share."""

import datetime

import pytest
from django.utils import timezone

from marketplace.accounts.models import User
from marketplace.bookings import services
from marketplace.bookings.models import Booking, BookingApproval
from marketplace.notifications.models import Notification
from marketplace.payments import services as payments


def fund_escrow(booking):
    """Pay what is due into the booking's escrow through the simulated gateway, as a client
    pressing Pay on the simulated checkout page does."""
    payment = payments.funding_start(actor=booking.client, booking=booking, success_url="http://testserver/ok",
                                     cancel_url="http://testserver/cancel")
    return payments.simulated_checkout_pay(actor=booking.client, checkout_id=payment.checkout_session_id)


def state(booking) -> tuple:
    """Everything a refused action must leave as it was."""
    fresh = Booking.objects.get(pk=booking.pk)
    return (fresh.status, fresh.answered_at, fresh.started_at, fresh.done_at, fresh.completed_at,
            fresh.closed_reason, BookingApproval.objects.filter(booking=booking).count(), Notification.objects.count())


def other_freelancer(make_member, **fields):
    return make_member(User.Role.FREELANCER, hourly_rate=50000, **fields)


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def request_booking(client_user, freelancer, today):
    """Request a booking through the service, with sensible defaults you can override."""

    def make(*, client=None, freelancer_user=None, **overrides):
        fields = {
            "title": "Weld the stair railing",
            "description": "Stainless railing, two floors.",
            "start_date": today,
            "end_date": today + datetime.timedelta(days=4),
            "expected_hours": "16",
        }
        fields.update(overrides)
        return services.booking_request(client=client or client_user, freelancer=freelancer_user or freelancer,
                                        **fields)

    return make


@pytest.fixture
def make_booking(request_booking):
    """A booking moved through the services to `status` (pending, accepted, in_progress)."""

    def make(status=Booking.Status.PENDING, **overrides):
        booking = request_booking(**overrides)
        if status in (Booking.Status.ACCEPTED, Booking.Status.IN_PROGRESS):
            booking = services.booking_accept(actor=booking.freelancer, booking=booking)
        if status == Booking.Status.IN_PROGRESS:
            fund_escrow(booking)
            booking = services.booking_start(actor=booking.freelancer, booking=booking)
        booking.refresh_from_db()
        return booking

    return make


@pytest.fixture
def in_progress(make_booking, today):
    """A booking in progress whose dates started three days ago, so past days can be logged."""
    booking = make_booking(Booking.Status.IN_PROGRESS)
    Booking.objects.filter(pk=booking.pk).update(start_date=today - datetime.timedelta(days=3))
    booking.refresh_from_db()
    return booking


@pytest.fixture
def stranger(make_member):
    return make_member(User.Role.CLIENT, name="Someone Else AB")
