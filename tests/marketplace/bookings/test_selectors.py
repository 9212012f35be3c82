"""Reads for the booking pages (selectors.py): the documents a request suggests, the weekly
timesheet, and the running totals with money rounded once on the sum."""

import datetime
from decimal import Decimal

import pytest

from marketplace.bookings import selectors, services
from marketplace.bookings.models import Booking
from marketplace.core.money import minor_for_minutes
from marketplace.passport.models import CompetenceTemplate

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
T = datetime.time


def test_suggested_documents_follow_the_chosen_skills(hot_work, skills):
    CompetenceTemplate.objects.create(name="Retired type", slug="retired", is_active=False).skills.set(
        [skills["welding"]])

    assert selectors.suggested_documents([skills["welding"]]) == [hot_work]
    assert selectors.suggested_documents([skills["python"]]) == []


# --- The timesheet ----------------------------------------------------------------------------


def test_the_timesheet_totals_a_week_without_rejected_time(log, in_progress, week):
    kept, rejected = log(date=week, minutes=60), log(date=week + DAY, minutes=600)
    services.timelogs_submit(actor=in_progress.freelancer, booking=in_progress)
    services.timelog_reject(actor=in_progress.client, log=rejected, reason="No.")

    sheet = selectors.timesheet(booking=in_progress, week_start=week)

    assert [day.date for day in sheet.days] == [week + n * DAY for n in range(7)]
    assert (sheet.minutes, sheet.hours, sheet.submitted) == (60, 1, 1)
    assert sheet.days[0].logs == [kept]


# --- Totals and money --------------------------------------------------------------------------


def test_three_logs_of_twenty_minutes_at_650_sek_are_650_sek(log, in_progress):
    logs = [log(start=T(8 + n), end=T(8 + n, 20)) for n in range(3)]
    services.timelogs_submit(actor=in_progress.freelancer, booking=in_progress)
    for entry in logs:
        services.timelog_approve(actor=in_progress.client, log=entry)

    totals = selectors.totals(booking=in_progress)

    assert in_progress.hourly_rate == 65000
    assert (totals.approved_hours, totals.approved_amount) == (1, 65000)
    # Rounding each log first would have charged one öre too much.
    assert sum(minor_for_minutes(entry.minutes, 65000) for entry in logs) == 65001


def test_totals_keep_approved_submitted_and_draft_apart(log, in_progress):
    approved, rejected = log(start=T(8), end=T(9)), log(start=T(10), end=T(20))
    log(start=T(9), end=T(9, 30))  # stays submitted
    services.timelogs_submit(actor=in_progress.freelancer, booking=in_progress)
    services.timelog_approve(actor=in_progress.client, log=approved)
    services.timelog_reject(actor=in_progress.client, log=rejected, reason="No.")
    log(start=T(21), end=T(21, 7))

    totals = selectors.totals(booking=in_progress)

    assert (totals.approved_hours, totals.submitted_hours, totals.draft_hours) == (
        Decimal("1"), Decimal("0.5"), Decimal("0.12"))
    assert (totals.approved_amount, totals.pending_amount) == (65000, 32500)


def test_a_fixed_price_booking_has_no_hourly_amounts(make_booking, today):
    booking = make_booking(Booking.Status.IN_PROGRESS, pricing=Booking.Pricing.FIXED, fixed_price=500000)
    Booking.objects.filter(pk=booking.pk).update(start_date=today - datetime.timedelta(days=1))  # any hour
    booking.refresh_from_db()
    services.timelog_create(actor=booking.freelancer, booking=booking, date=today - datetime.timedelta(days=1),
                            minutes=1, description="x")

    totals = selectors.totals(booking=booking)

    assert (totals.approved_amount, totals.pending_amount) == (None, None)


@pytest.mark.parametrize(
    ("minutes", "rate", "expected"),
    [
        (60, 65000, 65000),
        (20, 65000, 21667),  # 21 666.67 rounds up
        (1, 30, 1),  # exactly half a minor unit rounds up
        (1, 29, 0),  # just under half rounds down
        (0, 65000, 0),
        (90, 12345, 18518),  # 18 517.5 rounds up
        (1, 99_999_999, 1_666_667),  # 1 666 666.65: exact integer arithmetic, no float drift
        (525_600, 99_999_999, 875_999_991_240),  # a year of minutes at an absurd rate, still exact
    ],
)
def test_minor_for_minutes_rounds_half_up_without_floats(minutes, rate, expected):
    assert minor_for_minutes(minutes, rate) == expected


@pytest.mark.parametrize(("minutes", "rate"), [(-1, 100), (60, -1)])
def test_minor_for_minutes_refuses_negatives(minutes, rate):
    with pytest.raises(ValueError):
        minor_for_minutes(minutes, rate)
