"""Time logs (services/timelogs.py): draft → submitted → approved | rejected, who may do what, and weekly
approval."""

import datetime

import pytest

from marketplace.bookings import services
from marketplace.bookings.models import Booking, BookingApproval, TimeLog
from marketplace.core.errors import DomainError, InvalidTransition, PermissionDenied
from marketplace.notifications.models import Kind, Notification

pytestmark = pytest.mark.django_db

LogStatus = TimeLog.Status
DAY = datetime.timedelta(days=1)
T = datetime.time


def statuses(*logs):
    return [TimeLog.objects.get(pk=entry.pk).status for entry in logs]


# --- Draft → submitted → approved | rejected --------------------------------------------------


def test_submitting_sends_drafts_to_the_client_once(log, in_progress):
    first, second = log(start=T(8), end=T(9)), log(start=T(9), end=T(10))

    assert services.timelogs_submit(actor=in_progress.freelancer, booking=in_progress) == 2

    assert statuses(first, second) == [LogStatus.SUBMITTED, LogStatus.SUBMITTED]
    told = Notification.objects.filter(recipient=in_progress.client, kind=Kind.TIME_SUBMITTED)
    assert told.count() == 1
    assert "submitted 2 hours on" in told.get().title  # hours as the booking page writes them
    with pytest.raises(DomainError) as refused:
        services.timelogs_submit(actor=in_progress.freelancer, booking=in_progress)
    assert refused.value.code == "empty"


def test_submitting_chosen_logs_leaves_the_others_in_draft(log, in_progress):
    first, second = log(start=T(8), end=T(9)), log(start=T(9), end=T(10))

    services.timelogs_submit(actor=in_progress.freelancer, booking=in_progress, log_ids=[second.pk])

    assert statuses(first, second) == [LogStatus.DRAFT, LogStatus.SUBMITTED]


def test_the_client_approves_submitted_time(submitted, in_progress):
    services.timelog_approve(actor=in_progress.client, log=submitted)

    submitted.refresh_from_db()
    assert (submitted.status, submitted.decided_by, submitted.auto_approved) == (
        LogStatus.APPROVED, in_progress.client, False)
    assert Notification.objects.filter(recipient=in_progress.freelancer, kind=Kind.TIME_APPROVED).count() == 1


def test_the_client_rejects_submitted_time_with_a_reason(submitted, in_progress):
    services.timelog_reject(actor=in_progress.client, log=submitted, reason="We agreed on 1 hour.")

    submitted.refresh_from_db()
    assert (submitted.status, submitted.rejection_reason) == (LogStatus.REJECTED, "We agreed on 1 hour.")
    told = Notification.objects.get(recipient=in_progress.freelancer, kind=Kind.TIME_REJECTED)
    assert told.body == "We agreed on 1 hour."


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_rejection_needs_a_reason(submitted, in_progress, reason):
    with pytest.raises(DomainError) as refused:
        services.timelog_reject(actor=in_progress.client, log=submitted, reason=reason)

    assert refused.value.code == "reason"
    assert statuses(submitted) == [LogStatus.SUBMITTED]


def test_a_rejected_log_is_edited_and_submitted_again(submitted, in_progress):
    services.timelog_reject(actor=in_progress.client, log=submitted, reason="We agreed on 1 hour.")

    services.timelog_update(actor=in_progress.freelancer, log=submitted, date=submitted.date, start_time=T(8),
                            end_time=T(9), description="Welding, corrected")
    services.timelogs_submit(actor=in_progress.freelancer, booking=in_progress)

    submitted.refresh_from_db()
    assert (submitted.status, submitted.minutes, submitted.rejection_reason) == (LogStatus.SUBMITTED, 60, "")
    services.timelog_approve(actor=in_progress.client, log=submitted)
    assert statuses(submitted) == [LogStatus.APPROVED]


def test_a_rejected_log_cannot_be_resubmitted_over_time_logged_since(submitted, log, in_progress):
    """Rejected time does not block its hours, so the freelancer may log them again; sending the
    old log back unchanged would then count the same hours twice."""
    services.timelog_reject(actor=in_progress.client, log=submitted, reason="Wrong booking.")
    again = log(start=T(9), end=T(11))

    with pytest.raises(DomainError) as refused:
        services.timelogs_submit(actor=in_progress.freelancer, booking=in_progress, log_ids=[submitted.pk])

    assert refused.value.code == "start_time"
    assert statuses(submitted, again) == [LogStatus.REJECTED, LogStatus.DRAFT]


def test_two_rejected_logs_over_the_same_hours_cannot_both_come_back(log, in_progress):
    first = log(start=T(8), end=T(10))
    services.timelogs_submit(actor=in_progress.freelancer, booking=in_progress)
    services.timelog_reject(actor=in_progress.client, log=first, reason="Wrong booking.")
    second = log(start=T(8), end=T(10))
    services.timelogs_submit(actor=in_progress.freelancer, booking=in_progress, log_ids=[second.pk])
    services.timelog_reject(actor=in_progress.client, log=second, reason="Still wrong.")

    with pytest.raises(DomainError):
        services.timelogs_submit(actor=in_progress.freelancer, booking=in_progress)

    assert statuses(first, second) == [LogStatus.REJECTED, LogStatus.REJECTED]


def test_a_draft_can_be_edited_and_deleted(log, in_progress):
    entry = log(minutes=60)

    services.timelog_update(actor=in_progress.freelancer, log=entry, date=entry.date, minutes=45,
                            description="Shorter")
    entry.refresh_from_db()
    assert (entry.minutes, entry.description) == (45, "Shorter")

    services.timelog_delete(actor=in_progress.freelancer, log=entry)
    assert not TimeLog.objects.exists()


def test_editing_a_log_is_validated_like_a_new_one(log, in_progress):
    log(start=T(8), end=T(10))
    entry = log(start=T(10), end=T(11))

    with pytest.raises(DomainError):
        services.timelog_update(actor=in_progress.freelancer, log=entry, date=entry.date, start_time=T(9),
                                end_time=T(11), description="Overlapping")

    entry.refresh_from_db()
    assert (entry.start_time, entry.end_time) == (T(10), T(11))


def test_editing_a_log_does_not_clash_with_itself(log, in_progress):
    entry = log(start=T(8), end=T(10))

    services.timelog_update(actor=in_progress.freelancer, log=entry, date=entry.date, start_time=T(8, 30),
                            end_time=T(10), description="Started later")

    assert TimeLog.objects.get(pk=entry.pk).minutes == 90


@pytest.mark.parametrize("decision", ["submitted", "approved"])
def test_submitted_and_approved_time_is_locked(submitted, in_progress, decision):
    if decision == "approved":
        services.timelog_approve(actor=in_progress.client, log=submitted)

    with pytest.raises(InvalidTransition) as refused_edit:
        services.timelog_update(actor=in_progress.freelancer, log=submitted, date=submitted.date, minutes=30,
                                description="Changed after the fact")
    with pytest.raises(InvalidTransition) as refused_delete:
        services.timelog_delete(actor=in_progress.freelancer, log=submitted)

    assert refused_edit.value.code == refused_delete.value.code == "locked"
    submitted.refresh_from_db()
    assert (submitted.status, submitted.minutes, submitted.description) == (decision, 120, "Welding")


def test_approved_time_cannot_be_decided_again(submitted, in_progress):
    services.timelog_approve(actor=in_progress.client, log=submitted)

    with pytest.raises(InvalidTransition):
        services.timelog_reject(actor=in_progress.client, log=submitted, reason="Changed my mind.")
    with pytest.raises(InvalidTransition):
        services.timelog_approve(actor=in_progress.client, log=submitted)

    assert statuses(submitted) == [LogStatus.APPROVED]


def test_a_draft_cannot_be_approved(log, in_progress):
    entry = log(minutes=60)

    with pytest.raises(InvalidTransition):
        services.timelog_approve(actor=in_progress.client, log=entry)

    assert statuses(entry) == [LogStatus.DRAFT]


def test_a_freelancer_cannot_approve_their_own_time(submitted, in_progress):
    with pytest.raises(PermissionDenied):
        services.timelog_approve(actor=in_progress.freelancer, log=submitted)
    with pytest.raises(PermissionDenied):
        services.timelog_reject(actor=in_progress.freelancer, log=submitted, reason="Oops")

    assert statuses(submitted) == [LogStatus.SUBMITTED]
    assert not Notification.objects.filter(kind__in=[Kind.TIME_APPROVED, Kind.TIME_REJECTED]).exists()


def test_a_third_member_can_do_nothing_with_the_time(submitted, log, in_progress, stranger):
    draft = log(start=T(12), end=T(13))
    attempts = [
        lambda: services.timelog_approve(actor=stranger, log=submitted),
        lambda: services.timelog_reject(actor=stranger, log=submitted, reason="No"),
        lambda: services.timelog_update(actor=stranger, log=draft, date=draft.date, minutes=1, description="x"),
        lambda: services.timelog_delete(actor=stranger, log=draft),
        lambda: services.timelogs_submit(actor=stranger, booking=in_progress),
        lambda: services.timesheet_approve_week(actor=stranger, booking=in_progress,
                                                week_start=submitted.week_start),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()

    assert statuses(submitted, draft) == [LogStatus.SUBMITTED, LogStatus.DRAFT]
    assert TimeLog.objects.get(pk=draft.pk).minutes == 60


def test_the_client_cannot_edit_the_freelancers_time(log, in_progress):
    draft = log(minutes=60)

    with pytest.raises(PermissionDenied):
        services.timelog_update(actor=in_progress.client, log=draft, date=draft.date, minutes=600, description="x")
    with pytest.raises(PermissionDenied):
        services.timelog_delete(actor=in_progress.client, log=draft)

    assert TimeLog.objects.get(pk=draft.pk).minutes == 60


# --- Weekly approval ---------------------------------------------------------------------------


def test_approving_a_week_approves_only_that_weeks_submitted_time(log, in_progress, week):
    monday, sunday = log(date=week, minutes=60), log(date=week + 6 * DAY, minutes=120)
    before, after = log(date=week - DAY, minutes=30), log(date=week + 7 * DAY, minutes=30)
    services.timelogs_submit(actor=in_progress.freelancer, booking=in_progress)
    draft = log(date=week + 2 * DAY, minutes=45)

    assert services.timesheet_approve_week(actor=in_progress.client, booking=in_progress, week_start=week) == 2

    assert statuses(monday, sunday, draft, before, after) == [
        LogStatus.APPROVED, LogStatus.APPROVED, LogStatus.DRAFT, LogStatus.SUBMITTED, LogStatus.SUBMITTED]
    entry = BookingApproval.objects.filter(booking=in_progress).last()
    assert (entry.actor, entry.action, entry.from_status, entry.to_status) == (
        in_progress.client, BookingApproval.Action.WEEK_APPROVED, Booking.Status.IN_PROGRESS,
        Booking.Status.IN_PROGRESS)
    assert entry.comment == f"Week {week.strftime('%G-W%V')}: 2 logs, 3.00 hours"


def test_a_week_must_start_on_a_monday(log, in_progress, week):
    entry = log(date=week + DAY, minutes=60)
    services.timelogs_submit(actor=in_progress.freelancer, booking=in_progress)

    with pytest.raises(DomainError) as refused:
        services.timesheet_approve_week(actor=in_progress.client, booking=in_progress, week_start=week + DAY)

    assert refused.value.code == "week"
    assert statuses(entry) == [LogStatus.SUBMITTED]


def test_a_week_with_nothing_submitted_cannot_be_approved(log, in_progress, week):
    log(date=week, minutes=60)  # a draft only
    approvals = BookingApproval.objects.count()

    with pytest.raises(DomainError) as refused:
        services.timesheet_approve_week(actor=in_progress.client, booking=in_progress, week_start=week)

    assert refused.value.code == "empty"
    assert BookingApproval.objects.count() == approvals


def test_the_freelancer_cannot_approve_their_own_week(log, in_progress, week):
    entry = log(date=week, minutes=60)
    services.timelogs_submit(actor=in_progress.freelancer, booking=in_progress)

    with pytest.raises(PermissionDenied):
        services.timesheet_approve_week(actor=in_progress.freelancer, booking=in_progress, week_start=week)

    assert statuses(entry) == [LogStatus.SUBMITTED]
