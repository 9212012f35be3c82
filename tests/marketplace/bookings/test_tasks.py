"""The bookings' clock (`tasks.run_clock`) with time moved forward: expiry, reminders, the start
on the start date, automatic approval of time and automatic completion, each once."""

import datetime
import logging

import pytest
from django.core import mail
from django.utils import timezone

from marketplace.bookings import rules, services, tasks
from marketplace.bookings.models import Booking, BookingApproval, TimeLog
from marketplace.notifications.models import Kind, Notification
from tests.marketplace.bookings.fixtures import fund_escrow

pytestmark = pytest.mark.django_db

Status = Booking.Status
Action = BookingApproval.Action
DAY = datetime.timedelta(days=1)
MINUTE = datetime.timedelta(minutes=1)
NOTHING = {"expired": 0, "expiry_reminders": 0, "started": 0, "start_reminders": 0, "time_approved": 0,
           "time_reminders": 0, "completed": 0}


@pytest.fixture
def clock(django_capture_on_commit_callbacks):
    """Run the clock at `now`, with the emails it queues after commit actually sent."""

    def run(now):
        with django_capture_on_commit_callbacks(execute=True):
            return tasks.run_clock(now=now)

    return run


def only(**counts) -> dict:
    return {**NOTHING, **counts}


@pytest.fixture
def later(make_booking, today):
    """A booking starting in ten days, so its request expires after the configured days;
    `funded` pays the escrow in, as the client must before an accepted booking can start."""

    def make(status=Status.PENDING, *, funded=False):
        booking = make_booking(status, start_date=today + 10 * DAY, end_date=today + 12 * DAY)
        if funded:
            fund_escrow(booking)
        return booking

    return make


@pytest.fixture
def submitted_log(in_progress, today):
    entry = services.timelog_create(actor=in_progress.freelancer, booking=in_progress, date=today - DAY,
                                    minutes=120, description="Welding")
    services.timelogs_submit(actor=in_progress.freelancer, booking=in_progress)
    entry.refresh_from_db()
    return entry


def kinds(recipient) -> list[str]:
    return sorted(Notification.objects.filter(recipient=recipient).values_list("kind", flat=True))


# --- Expiry ------------------------------------------------------------------------------------


def test_an_unanswered_request_expires_after_the_configured_days(later, clock, settings):
    assert settings.BOOKING_REQUEST_EXPIRY_DAYS == 5
    booking = later()

    assert clock(booking.expires_at - MINUTE)["expired"] == 0
    assert clock(booking.expires_at + MINUTE)["expired"] == 1

    booking.refresh_from_db()
    assert booking.status == Status.EXPIRED
    entry = booking.approvals.last()
    assert (entry.actor, entry.action, entry.from_status, entry.to_status) == (
        None, Action.EXPIRED, Status.PENDING, Status.EXPIRED)
    assert Notification.objects.filter(kind=Kind.BOOKING_EXPIRED).count() == 2
    assert sorted(m.to[0] for m in mail.outbox if "expired" in m.subject) == sorted(
        [booking.client.email, booking.freelancer.email])


def test_the_expiry_period_is_a_setting(later, clock, settings):
    settings.BOOKING_REQUEST_EXPIRY_DAYS = 1
    booking = later()

    assert clock(timezone.now() + DAY + MINUTE)["expired"] == 1
    assert Booking.objects.get(pk=booking.pk).status == Status.EXPIRED


def test_an_answered_request_does_not_expire(later, clock):
    accepted = later(Status.ACCEPTED)
    declined = later()
    services.booking_decline(actor=declined.freelancer, booking=declined, reason="Busy.")

    assert clock(accepted.expires_at + DAY)["expired"] == 0

    assert Booking.objects.get(pk=accepted.pk).status == Status.ACCEPTED
    assert Booking.objects.get(pk=declined.pk).status == Status.DECLINED


def test_the_freelancer_is_reminded_once_before_a_request_expires(later, clock):
    booking = later()

    assert clock(booking.expires_at - 2 * DAY)["expiry_reminders"] == 0
    assert clock(booking.expires_at - 20 * datetime.timedelta(hours=1))["expiry_reminders"] == 1
    assert clock(booking.expires_at - 10 * datetime.timedelta(hours=1))["expiry_reminders"] == 0

    reminders = Notification.objects.filter(kind=Kind.REMINDER_REQUEST_EXPIRING)
    assert [n.recipient for n in reminders] == [booking.freelancer]
    assert len([m for m in mail.outbox if m.subject.startswith("[Valund] Answer the request")]) == 1
    assert Booking.objects.get(pk=booking.pk).reminders_sent == ["expiring"]


def test_the_expiry_reminder_window_is_a_setting(later, clock, settings):
    settings.BOOKING_EXPIRY_REMINDER_DAYS_BEFORE = 3
    booking = later()

    assert clock(booking.expires_at - 2 * DAY)["expiry_reminders"] == 1


# --- The start ---------------------------------------------------------------------------------


def test_both_parties_are_reminded_once_the_day_before_the_start(later, clock, today):
    booking = later(Status.ACCEPTED)
    day_before = timezone.now() + (booking.start_date - today - DAY)

    assert clock(day_before - DAY)["start_reminders"] == 0
    assert clock(day_before)["start_reminders"] == 1
    assert clock(day_before + datetime.timedelta(hours=1))["start_reminders"] == 0

    tomorrow = Notification.objects.filter(kind=Kind.REMINDER_BOOKING_TOMORROW)
    assert sorted(n.recipient_id for n in tomorrow) == sorted([booking.client_id, booking.freelancer_id])
    assert len([m for m in mail.outbox if "starts tomorrow" in m.subject]) == 2


def test_a_pending_request_gets_no_start_reminder(make_booking, clock, today, settings):
    settings.BOOKING_REQUEST_EXPIRY_DAYS = 30
    make_booking(start_date=today + 2 * DAY, end_date=today + 3 * DAY)

    assert clock(timezone.now() + DAY)["start_reminders"] == 0


def test_an_accepted_booking_starts_on_its_start_date(later, clock, today):
    booking = later(Status.ACCEPTED, funded=True)
    start_day = timezone.now() + (booking.start_date - today)

    assert clock(start_day - DAY)["started"] == 0
    assert clock(start_day)["started"] == 1

    booking.refresh_from_db()
    assert booking.status == Status.IN_PROGRESS
    entry = booking.approvals.last()
    assert (entry.actor, entry.action) == (None, Action.STARTED)
    assert kinds(booking.client).count(Kind.BOOKING_STARTED) == 1


def test_a_start_check_that_objects_keeps_the_booking_waiting_and_is_logged(later, clock, today, caplog):
    booking = later(Status.ACCEPTED, funded=True)
    start_day = timezone.now() + (booking.start_date - today)

    def escrow_not_funded(candidate):
        return "The escrow is not funded yet."

    rules.START_CHECKS.append(escrow_not_funded)
    try:
        with caplog.at_level(logging.INFO, logger="marketplace.bookings.tasks"):
            done = clock(start_day)
    finally:
        rules.START_CHECKS.remove(escrow_not_funded)

    assert done["started"] == 0
    booking.refresh_from_db()
    assert booking.status == Status.ACCEPTED
    assert not booking.approvals.filter(action=Action.STARTED).exists()
    assert any("cannot start yet" in record.getMessage() and "escrow" in record.getMessage()
               for record in caplog.records)
    assert clock(start_day)["started"] == 1


def test_an_unfunded_booking_waits_on_its_start_date(later, clock, today):
    booking = later(Status.ACCEPTED)
    start_day = timezone.now() + (booking.start_date - today)

    assert clock(start_day)["started"] == 0

    assert Booking.objects.get(pk=booking.pk).status == Status.ACCEPTED


def test_one_booking_that_cannot_start_does_not_stop_the_others(later, clock, today):
    blocked, ready = later(Status.ACCEPTED, funded=True), later(Status.ACCEPTED, funded=True)
    start_day = timezone.now() + (blocked.start_date - today)

    def block_one(candidate):
        return "Blocked." if candidate.pk == blocked.pk else None

    rules.START_CHECKS.append(block_one)
    try:
        assert clock(start_day)["started"] == 1
    finally:
        rules.START_CHECKS.remove(block_one)

    assert Booking.objects.get(pk=ready.pk).status == Status.IN_PROGRESS
    assert Booking.objects.get(pk=blocked.pk).status == Status.ACCEPTED


# --- Time waiting for the client ---------------------------------------------------------------


def test_submitted_time_is_approved_automatically_after_the_configured_days(submitted_log, clock, settings):
    assert settings.TIMELOG_AUTO_APPROVE_DAYS == 7
    deadline = submitted_log.submitted_at + 7 * DAY

    assert clock(deadline - MINUTE)["time_approved"] == 0
    assert clock(deadline + MINUTE)["time_approved"] == 1

    submitted_log.refresh_from_db()
    assert (submitted_log.status, submitted_log.auto_approved, submitted_log.decided_by) == (
        TimeLog.Status.APPROVED, True, None)
    approved = Notification.objects.get(kind=Kind.TIME_APPROVED)
    assert approved.recipient == submitted_log.freelancer
    assert "automatically" in approved.body


def test_the_client_is_reminded_once_before_time_is_approved_automatically(submitted_log, clock):
    client = submitted_log.booking.client
    reminder_due = submitted_log.submitted_at + 5 * DAY

    assert clock(reminder_due - MINUTE)["time_reminders"] == 0
    assert clock(reminder_due + MINUTE) == only(time_reminders=1)
    assert clock(reminder_due + DAY)["time_reminders"] == 0

    assert kinds(client).count(Kind.REMINDER_TIME_WAITING) == 1
    assert len([m for m in mail.outbox if "wait for your approval" in m.subject]) == 1


def test_the_approval_periods_are_settings(submitted_log, clock, settings):
    settings.TIMELOG_AUTO_APPROVE_DAYS = 3
    settings.TIMELOG_REMINDER_DAYS_BEFORE = 1
    sent = submitted_log.submitted_at

    assert clock(sent + 2 * DAY + MINUTE) == only(time_reminders=1)
    assert clock(sent + 3 * DAY + MINUTE) == only(time_approved=1)


def test_time_the_client_already_decided_is_left_alone(submitted_log, clock):
    booking = submitted_log.booking
    services.timelog_reject(actor=booking.client, log=submitted_log, reason="Not agreed.")

    assert clock(submitted_log.submitted_at + 30 * DAY) == NOTHING

    assert TimeLog.objects.get(pk=submitted_log.pk).status == TimeLog.Status.REJECTED


# --- Completion --------------------------------------------------------------------------------


@pytest.fixture
def marked_done(in_progress):
    services.booking_mark_done(actor=in_progress.freelancer, booking=in_progress)
    in_progress.refresh_from_db()
    return in_progress


def test_work_marked_done_completes_after_the_review_period(marked_done, clock, settings):
    assert settings.BOOKING_COMPLETION_REVIEW_DAYS == 7
    deadline = marked_done.done_at + 7 * DAY

    assert clock(deadline - MINUTE)["completed"] == 0
    assert clock(deadline + MINUTE) == only(completed=1)

    marked_done.refresh_from_db()
    assert marked_done.status == Status.COMPLETED
    entry = marked_done.approvals.last()
    assert (entry.actor, entry.action, entry.from_status, entry.to_status) == (
        None, Action.AUTO_COMPLETED, Status.IN_PROGRESS, Status.COMPLETED)
    assert Notification.objects.filter(kind=Kind.BOOKING_COMPLETED).count() == 2


def test_the_review_period_is_a_setting(marked_done, clock, settings):
    settings.BOOKING_COMPLETION_REVIEW_DAYS = 2

    assert clock(marked_done.done_at + 2 * DAY + MINUTE)["completed"] == 1


def test_work_not_marked_done_never_completes_by_itself(in_progress, clock):
    assert clock(timezone.now() + 365 * DAY)["completed"] == 0

    assert Booking.objects.get(pk=in_progress.pk).status == Status.IN_PROGRESS


def test_no_automatic_completion_while_time_waits_for_approval(submitted_log, clock, settings):
    settings.TIMELOG_AUTO_APPROVE_DAYS = 30
    booking = submitted_log.booking
    services.booking_mark_done(actor=booking.freelancer, booking=booking)
    booking.refresh_from_db()

    assert clock(booking.done_at + 8 * DAY)["completed"] == 0
    assert Booking.objects.get(pk=booking.pk).status == Status.IN_PROGRESS

    services.timelog_approve(actor=booking.client, log=submitted_log)
    assert clock(booking.done_at + 8 * DAY)["completed"] == 1


def test_time_approved_automatically_lets_the_booking_complete_in_the_same_run(submitted_log, clock):
    booking = submitted_log.booking
    services.booking_mark_done(actor=booking.freelancer, booking=booking)

    assert clock(timezone.now() + 8 * DAY) == only(time_approved=1, completed=1, time_reminders=0)


def test_a_disputed_booking_is_not_completed(marked_done, clock):
    services.booking_dispute(actor=marked_done.client, booking=marked_done, reason="The railing wobbles.")

    assert clock(marked_done.done_at + 30 * DAY)["completed"] == 0

    assert Booking.objects.get(pk=marked_done.pk).status == Status.DISPUTED


# --- Running twice -----------------------------------------------------------------------------


def test_running_the_clock_twice_changes_nothing_the_second_time(make_booking, later, submitted_log, clock,
                                                                 today, settings):
    settings.BOOKING_REQUEST_EXPIRY_DAYS = 1
    settings.TIMELOG_AUTO_APPROVE_DAYS = 3
    expiring = later()
    starting = make_booking(Status.ACCEPTED, start_date=today + 2 * DAY, end_date=today + 3 * DAY)
    fund_escrow(starting)
    starts_next_day = make_booking(Status.ACCEPTED, start_date=today + 3 * DAY, end_date=today + 4 * DAY)
    done = make_booking(Status.IN_PROGRESS)
    services.booking_mark_done(actor=done.freelancer, booking=done)
    at = timezone.now() + 2 * DAY + MINUTE

    first = clock(at)
    notifications, emails, timeline = Notification.objects.count(), len(mail.outbox), BookingApproval.objects.count()
    second = clock(at)

    assert first == only(expired=1, started=1, start_reminders=1, time_reminders=1)
    assert second == NOTHING
    assert (Notification.objects.count(), len(mail.outbox), BookingApproval.objects.count()) == (
        notifications, emails, timeline)
    assert Booking.objects.get(pk=expiring.pk).status == Status.EXPIRED
    assert Booking.objects.get(pk=starting.pk).status == Status.IN_PROGRESS
    assert Booking.objects.get(pk=starts_next_day.pk).reminders_sent == ["starts_tomorrow"]
