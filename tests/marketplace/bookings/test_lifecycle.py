"""Work on an accepted booking (services/lifecycle.py): the start, marking done, completion and
disputes, beyond what the transition matrix in test_transition.py covers."""

import datetime

import pytest

from marketplace.bookings import services
from marketplace.bookings.models import Booking
from marketplace.core.errors import DomainError, InvalidTransition
from marketplace.notifications.models import Kind, Notification
from tests.marketplace.bookings.fixtures import fund_escrow, state

pytestmark = pytest.mark.django_db

Status = Booking.Status
DAY = datetime.timedelta(days=1)


def test_start_is_refused_before_the_start_date(make_booking, today):
    booking = make_booking(Status.ACCEPTED, start_date=today + DAY, end_date=today + 2 * DAY)
    fund_escrow(booking)
    before = state(booking)

    with pytest.raises(DomainError) as refused:
        services.booking_start(actor=booking.freelancer, booking=booking)

    assert refused.value.code == "start"
    assert state(booking) == before
    booking = services.booking_start(actor=booking.freelancer, booking=booking, today=today + DAY)
    assert booking.status == Status.IN_PROGRESS


def test_mark_done_is_refused_while_time_is_in_draft(in_progress, today):
    services.timelog_create(actor=in_progress.freelancer, booking=in_progress, date=today - DAY, minutes=60,
                            description="Measuring")
    before = state(in_progress)

    with pytest.raises(DomainError) as refused:
        services.booking_mark_done(actor=in_progress.freelancer, booking=in_progress)

    assert refused.value.code == "drafts"
    assert state(in_progress) == before


def test_confirm_is_refused_while_time_waits_for_approval(in_progress, today):
    services.timelog_create(actor=in_progress.freelancer, booking=in_progress, date=today - DAY, minutes=60,
                            description="Measuring")
    services.timelogs_submit(actor=in_progress.freelancer, booking=in_progress)
    services.booking_mark_done(actor=in_progress.freelancer, booking=in_progress)
    before = state(in_progress)

    with pytest.raises(DomainError) as refused:
        services.booking_confirm(actor=in_progress.client, booking=in_progress)

    assert refused.value.code == "time"
    assert state(in_progress) == before


def test_confirm_after_the_time_is_settled_completes_for_both(in_progress, today):
    log = services.timelog_create(actor=in_progress.freelancer, booking=in_progress, date=today - DAY, minutes=60,
                                  description="Measuring")
    services.timelogs_submit(actor=in_progress.freelancer, booking=in_progress)
    services.booking_mark_done(actor=in_progress.freelancer, booking=in_progress)
    services.timelog_approve(actor=in_progress.client, log=log)

    services.booking_confirm(actor=in_progress.client, booking=in_progress)

    in_progress.refresh_from_db()
    assert in_progress.status == Status.COMPLETED and in_progress.completed_at is not None
    assert set(Notification.objects.filter(kind=Kind.BOOKING_COMPLETED).values_list("recipient", flat=True)) == {
        in_progress.client_id, in_progress.freelancer_id}


def test_marking_done_twice_is_refused(reach):
    booking = reach("done")
    before = state(booking)

    with pytest.raises(InvalidTransition) as refused:
        services.booking_mark_done(actor=booking.freelancer, booking=booking)

    assert refused.value.code == "done"
    assert state(booking) == before


def test_confirming_a_completed_booking_says_it_is_completed(reach):
    booking = reach("completed")

    with pytest.raises(InvalidTransition) as refused:
        services.booking_confirm(actor=booking.client, booking=booking)

    assert "Completed" in refused.value.message


def test_confirming_before_the_work_is_marked_done_is_refused(reach):
    booking = reach("in_progress")
    before = state(booking)

    with pytest.raises(InvalidTransition) as refused:
        services.booking_confirm(actor=booking.client, booking=booking)

    assert refused.value.code == "not_done"
    assert state(booking) == before


def test_the_freelancer_may_dispute_too(reach):
    booking = reach("completed")

    services.booking_dispute(actor=booking.freelancer, booking=booking, reason="The client will not pay.")

    booking.refresh_from_db()
    assert booking.status == Status.DISPUTED
    assert Notification.objects.filter(recipient=booking.client, kind=Kind.BOOKING_DISPUTED).count() == 1


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_dispute_needs_a_reason(reach, reason):
    booking = reach("in_progress")
    before = state(booking)

    with pytest.raises(DomainError) as refused:
        services.booking_dispute(actor=booking.client, booking=booking, reason=reason)

    assert refused.value.code == "reason"
    assert state(booking) == before
