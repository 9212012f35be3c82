"""Time logs (services/timelogs.py): what a log must be to be accepted, and who may log time when."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from marketplace.bookings import services
from marketplace.bookings.models import Booking, TimeLog
from marketplace.core import dates
from marketplace.core.errors import DomainError, InvalidTransition, PermissionDenied

pytestmark = pytest.mark.django_db

LogStatus = TimeLog.Status
DAY = datetime.timedelta(days=1)
T = datetime.time


def second_booking(make_booking, today):
    """Another booking of the same freelancer, in progress over the same days."""
    booking = make_booking(Booking.Status.IN_PROGRESS, title="Repair the gate")
    Booking.objects.filter(pk=booking.pk).update(start_date=today - 3 * DAY)
    booking.refresh_from_db()
    return booking


# --- Validation --------------------------------------------------------------------------------


def test_a_log_with_times_gets_its_minutes_from_them(log):
    entry = log(start=T(8, 15), end=T(11, 45))

    assert (entry.minutes, entry.status, entry.hours) == (210, LogStatus.DRAFT, Decimal("3.50"))


def test_a_log_may_give_only_a_duration(log):
    entry = log(minutes=90)

    assert (entry.minutes, entry.start_time, entry.end_time) == (90, None, None)


@pytest.mark.parametrize("minutes", [0, -30, None])
def test_the_duration_must_be_positive(log, minutes):
    with pytest.raises(DomainError) as refused:
        log(minutes=minutes)

    assert refused.value.code == "minutes"
    assert not TimeLog.objects.exists()


@pytest.mark.parametrize(("start", "end"), [(T(8), None), (None, T(10))])
def test_both_times_or_only_a_duration(log, start, end):
    with pytest.raises(DomainError) as refused:
        log(start=start, end=end, minutes=60)

    assert refused.value.code == "end_time"
    assert not TimeLog.objects.exists()


@pytest.mark.parametrize("end", [T(8), T(7, 59)])
def test_the_end_must_be_after_the_start(log, end):
    with pytest.raises(DomainError) as refused:
        log(start=T(8), end=end)

    assert refused.value.code == "end_time"


def test_a_duration_that_does_not_match_the_times_is_refused(log):
    with pytest.raises(DomainError) as refused:
        log(start=T(8), end=T(10), minutes=90)

    assert refused.value.code == "minutes"
    assert "120 minutes" in refused.value.message
    assert log(start=T(8), end=T(10), minutes=120).minutes == 120


def test_more_than_a_day_in_one_log_is_refused(log):
    with pytest.raises(DomainError) as refused:
        log(minutes=24 * 60 + 1)

    assert refused.value.code == "minutes"


def test_an_overlap_with_another_log_is_refused_with_what_it_clashes_with(log):
    log(start=T(8), end=T(10))

    with pytest.raises(DomainError) as refused:
        log(start=T(9), end=T(11))

    assert refused.value.code == "start_time"
    assert "08:00" in refused.value.message and "10:00" in refused.value.message
    assert TimeLog.objects.count() == 1


def test_back_to_back_logs_do_not_overlap(log):
    log(start=T(8), end=T(10))

    assert log(start=T(10), end=T(12)).minutes == 120


def test_an_overlap_across_two_bookings_is_refused(log, make_booking, today):
    other = second_booking(make_booking, today)
    log(start=T(8), end=T(12))

    with pytest.raises(DomainError) as refused:
        log(booking=other, start=T(11), end=T(13))

    assert refused.value.code == "start_time"
    assert "Weld the stair railing" in refused.value.message
    assert not other.time_logs.exists()


def test_a_rejected_log_does_not_block_its_time(log, submitted, in_progress):
    services.timelog_reject(actor=in_progress.client, log=submitted, reason="Wrong day.")

    replacement = log(start=T(8), end=T(10))

    assert replacement.status == LogStatus.DRAFT


def test_at_most_24_hours_a_day_in_total(log):
    log(minutes=20 * 60)

    with pytest.raises(DomainError) as refused:
        log(minutes=4 * 60 + 1)

    assert refused.value.code == "minutes"
    assert "24.02 hours" in refused.value.message
    assert log(minutes=4 * 60).minutes == 240


def test_at_most_24_hours_a_day_across_bookings(log, make_booking, today):
    other = second_booking(make_booking, today)
    log(minutes=20 * 60)

    with pytest.raises(DomainError):
        log(booking=other, minutes=5 * 60)


def test_rejected_time_does_not_count_towards_the_day(log, in_progress):
    long_day = log(minutes=20 * 60)
    services.timelogs_submit(actor=in_progress.freelancer, booking=in_progress)
    services.timelog_reject(actor=in_progress.client, log=long_day, reason="Not 20 hours.")

    assert log(minutes=8 * 60).minutes == 480


def test_time_before_the_booking_starts_is_refused(log, in_progress):
    with pytest.raises(DomainError) as refused:
        log(date=in_progress.start_date - DAY, minutes=60)

    assert refused.value.code == "date"
    assert dates.day(in_progress.start_date) in refused.value.message


def test_time_after_the_booking_ends_is_refused(log, in_progress, today):
    Booking.objects.filter(pk=in_progress.pk).update(end_date=today - DAY)
    in_progress.refresh_from_db()

    with pytest.raises(DomainError) as refused:
        log(date=today, minutes=60)

    assert refused.value.code == "date"


def test_time_on_a_future_day_is_refused(log, today):
    with pytest.raises(DomainError) as refused:
        log(date=today + DAY, minutes=60)

    assert refused.value.code == "date"
    assert not TimeLog.objects.exists()


def test_time_later_today_is_refused(log, today):
    now = timezone.localtime()
    soon = now + datetime.timedelta(minutes=2)
    if soon.date() != now.date():
        pytest.skip("too close to midnight to log time later today")

    with pytest.raises(DomainError) as refused:
        log(date=today, start=now.time().replace(second=0, microsecond=0), end=soon.time().replace(second=0,
                                                                                                   microsecond=0))

    assert refused.value.code == "date"


def test_time_earlier_today_is_allowed(log, today):
    now = timezone.localtime()
    if now.time() < T(0, 2):
        pytest.skip("too close to midnight to log time earlier today")
    end = (now - datetime.timedelta(minutes=1)).time().replace(second=0, microsecond=0)

    assert log(date=today, start=T(0), end=end).date == today


def test_only_the_bookings_freelancer_logs_time(log, in_progress, stranger):
    for intruder in (in_progress.client, stranger):
        with pytest.raises(PermissionDenied):
            log(actor=intruder, minutes=60)

    assert not TimeLog.objects.exists()


@pytest.mark.parametrize("status", [Booking.Status.PENDING, Booking.Status.ACCEPTED])
def test_time_is_logged_only_while_the_booking_is_in_progress(make_booking, status, today):
    booking = make_booking(status)

    with pytest.raises(InvalidTransition):
        services.timelog_create(actor=booking.freelancer, booking=booking, date=today, minutes=1,
                                description="Too early")
