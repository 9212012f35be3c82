"""The answers to a booking request (services/requests.py): accept, decline, cancel and expiry beyond what the
transition matrix in test_transition.py covers."""

import datetime

import pytest
from django.utils import timezone

from marketplace.bookings import services
from marketplace.bookings.models import Booking
from marketplace.core.errors import DomainError, InvalidTransition
from marketplace.notifications.models import Kind, Notification
from tests.marketplace.bookings.fixtures import state

pytestmark = pytest.mark.django_db

Status = Booking.Status
DAY = datetime.timedelta(days=1)


# --- Answers: accept, decline, cancel, expiry -------------------------------------------------


def test_accept_is_refused_after_the_request_expired(reach):
    booking = reach("pending")
    Booking.objects.filter(pk=booking.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    before = state(booking)

    with pytest.raises(InvalidTransition) as refused:
        services.booking_accept(actor=booking.freelancer, booking=booking)

    assert refused.value.code == "expired"
    assert state(booking) == before


def test_accepting_tells_the_client_once(reach):
    booking = reach("pending")

    services.booking_accept(actor=booking.freelancer, booking=booking, comment="See you Monday.")

    booking.refresh_from_db()
    assert booking.answered_at is not None
    accepted = Notification.objects.get(recipient=booking.client, kind=Kind.BOOKING_ACCEPTED)
    assert accepted.body == "See you Monday."


@pytest.mark.parametrize("reason", ["", "  "])
def test_a_decline_needs_a_reason(reach, reason):
    booking = reach("pending")
    before = state(booking)

    with pytest.raises(DomainError):
        services.booking_decline(actor=booking.freelancer, booking=booking, reason=reason)

    assert state(booking) == before


def test_an_accepted_booking_can_be_cancelled_before_its_start_date(make_booking, today):
    booking = make_booking(Status.ACCEPTED, start_date=today + DAY, end_date=today + 3 * DAY)

    services.booking_cancel(actor=booking.client, booking=booking, reason="Project postponed.")

    booking.refresh_from_db()
    assert (booking.status, booking.closed_reason) == (Status.CANCELLED, "Project postponed.")
    assert Notification.objects.filter(recipient=booking.freelancer, kind=Kind.BOOKING_CANCELLED).count() == 1


@pytest.mark.parametrize("days_since_start", [0, 1])
def test_an_accepted_booking_cannot_be_cancelled_on_or_after_its_start_date(make_booking, today, days_since_start):
    booking = make_booking(Status.ACCEPTED, start_date=today, end_date=today + 3 * DAY)
    Booking.objects.filter(pk=booking.pk).update(start_date=today - days_since_start * DAY)
    before = state(booking)

    with pytest.raises(InvalidTransition) as refused:
        services.booking_cancel(actor=booking.client, booking=booking)

    assert refused.value.code == "started"
    assert state(booking) == before


def test_expiry_leaves_an_answered_request_alone(reach):
    for name in ("accepted", "declined", "cancelled"):
        booking = reach(name)
        before = state(booking)

        assert services.booking_expire(booking=booking, now=booking.expires_at + DAY) is False
        assert state(booking) == before


def test_a_request_does_not_expire_before_its_time(reach):
    booking = reach("pending")

    assert services.booking_expire(booking=booking, now=booking.expires_at - datetime.timedelta(seconds=1)) is False
    assert Booking.objects.get(pk=booking.pk).status == Status.PENDING
