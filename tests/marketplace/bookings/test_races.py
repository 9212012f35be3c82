"""Races that only a real database with row locks can show: two requests at the same moment,
each in its own thread and connection, released together by a barrier."""

import datetime
import threading

import pytest
from django.db import connection

from marketplace.bookings import services
from marketplace.bookings.models import Booking, BookingApproval, TimeLog
from marketplace.core.errors import DomainError
from marketplace.notifications.models import Kind, Notification

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

Status = Booking.Status
T = datetime.time


def race(*actions):
    """Run each action in its own thread at the same moment; return what each one did: "won", or
    the code of the DomainError that refused it."""
    barrier = threading.Barrier(len(actions))
    outcomes: dict[int, str] = {}

    def run(index, action):
        try:
            barrier.wait(timeout=10)
            action()
            outcomes[index] = "won"
        except DomainError as exc:
            outcomes[index] = exc.code
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, action)) for index, action in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return [outcomes.get(index, "hung") for index in range(len(actions))]


@pytest.mark.parametrize("attempt", range(3))
def test_an_accept_racing_a_cancel_exactly_one_wins(request_booking, attempt):
    booking = request_booking()  # starts today, so a cancel after an accept is refused too

    accept, cancel = race(
        lambda: services.booking_accept(actor=booking.freelancer, booking=Booking.objects.get(pk=booking.pk)),
        lambda: services.booking_cancel(actor=booking.client, booking=Booking.objects.get(pk=booking.pk),
                                        reason="Found someone else."),
    )

    assert sorted([accept, cancel]) in (["started", "won"], ["transition", "won"])
    booking.refresh_from_db()
    decisions = BookingApproval.objects.filter(booking=booking).exclude(action=BookingApproval.Action.REQUESTED)
    assert decisions.count() == 1
    if accept == "won":
        assert cancel == "started"
        assert booking.status == Status.ACCEPTED and booking.answered_at is not None
        assert (decisions.get().action, decisions.get().from_status) == (BookingApproval.Action.ACCEPTED,
                                                                        Status.PENDING)
        assert Notification.objects.filter(kind=Kind.BOOKING_ACCEPTED).count() == 1
        assert not Notification.objects.filter(kind=Kind.BOOKING_CANCELLED).exists()
    else:
        assert accept == "transition"
        assert booking.status == Status.CANCELLED and booking.answered_at is None
        assert (decisions.get().action, decisions.get().from_status) == (BookingApproval.Action.CANCELLED,
                                                                        Status.PENDING)
        assert Notification.objects.filter(kind=Kind.BOOKING_CANCELLED).count() == 1
        assert not Notification.objects.filter(kind=Kind.BOOKING_ACCEPTED).exists()


@pytest.fixture
def started(make_booking, today):
    booking = make_booking(Status.IN_PROGRESS)
    Booking.objects.filter(pk=booking.pk).update(start_date=today - datetime.timedelta(days=3))
    booking.refresh_from_db()
    return booking


def create(booking, **fields):
    return lambda: services.timelog_create(actor=booking.freelancer, booking=booking, description="Welding",
                                           date=booking.start_date, **fields)


def test_two_tabs_logging_overlapping_time_at_once_exactly_one_succeeds(started):
    outcomes = race(create(started, start_time=T(8), end_time=T(10)),
                    create(started, start_time=T(9), end_time=T(11)))

    assert sorted(outcomes) == ["start_time", "won"]
    assert TimeLog.objects.count() == 1


def test_two_tabs_filling_the_same_day_at_once_cannot_pass_24_hours(started):
    outcomes = race(create(started, minutes=13 * 60), create(started, minutes=13 * 60))

    assert sorted(outcomes) == ["minutes", "won"]
    assert TimeLog.objects.get().minutes == 13 * 60
