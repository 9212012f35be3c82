"""Time logged on a booking in progress: the freelancer writes drafts and submits them, the
client approves or rejects each log or a whole week, and time left unanswered is approved
automatically. One freelancer's logs are written one at a time (their user row is the lock), so
no day holds more than 24 hours or two overlapping logs."""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.accounts.models import User
from marketplace.core import dates
from marketplace.core.errors import DomainError, InvalidTransition, PermissionDenied
from marketplace.core.money import format_number
from marketplace.core.text import clean_text
from marketplace.notifications.models import Kind

from ..models import Booking, BookingApproval, TimeLog
from ..rules import require_client, require_freelancer
from .transition import lock, name, record, tell

Status = Booking.Status
Action = BookingApproval.Action
LogStatus = TimeLog.Status


def _minutes_between(start: datetime.time, end: datetime.time) -> int:
    return (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)


def _trim(value: datetime.time | None) -> datetime.time | None:
    """Time logs count whole minutes: seconds a client sent are dropped before anything else."""
    return value.replace(second=0, microsecond=0) if value is not None else None


def _validate_log(*, booking, freelancer_id, date, start_time, end_time, minutes, exclude_pk=None) -> int:
    """The rules every time log follows (start and end already trimmed); returns its minutes."""
    now = timezone.localtime()
    if (start_time is None) != (end_time is None):
        raise DomainError(_("Enter both the start and the end time, or only a duration."), code="end_time")
    if start_time is not None:
        start_time, end_time = start_time.replace(second=0, microsecond=0), end_time.replace(second=0, microsecond=0)
        if end_time <= start_time:
            raise DomainError(_("The end time must be after the start time."), code="end_time")
        computed = _minutes_between(start_time, end_time)
        if minutes and minutes != computed:
            raise DomainError(_("The duration does not match the times (%(minutes)s minutes). Leave it empty to "
                                "use the times.") % {"minutes": computed}, code="minutes")
        minutes = computed
    if not minutes or minutes <= 0:
        raise DomainError(_("Enter a duration of more than zero minutes."), code="minutes")
    if minutes > 24 * 60:
        raise DomainError(_("A day has 24 hours."), code="minutes")
    if date > now.date() or (date == now.date() and end_time is not None and end_time > now.time()):
        raise DomainError(_("You cannot log time in the future."), code="date")
    if not booking.start_date <= date <= booking.end_date:
        raise DomainError(_("Log time between the booking's dates, %(start)s to %(end)s.")
                          % {"start": dates.day(booking.start_date), "end": dates.day(booking.end_date)},
                          code="date")
    if date == now.date() and end_time is None and minutes > now.hour * 60 + now.minute:
        raise DomainError(_("Only %(minutes)s minutes of today have passed: log the rest when it is done.")
                          % {"minutes": now.hour * 60 + now.minute}, code="minutes")
    same_day = TimeLog.objects.filter(freelancer_id=freelancer_id, date=date).exclude(status=LogStatus.REJECTED)
    if exclude_pk is not None:
        same_day = same_day.exclude(pk=exclude_pk)
    logged = same_day.aggregate(total=Sum("minutes"))["total"] or 0
    if logged + minutes > 24 * 60:
        hours = (Decimal(logged + minutes) / 60).quantize(Decimal("0.01"))
        raise DomainError(_("That would make %(hours)s hours on %(date)s, more than a day has.")
                          % {"hours": hours, "date": dates.day(date)}, code="minutes")
    if start_time is not None:
        clash = same_day.filter(start_time__lt=end_time, end_time__gt=start_time).select_related("booking").first()
        if clash is not None:
            raise DomainError(
                _("This overlaps time you already logged on %(date)s from %(start)s to %(end)s (%(title)s).")
                % {"date": dates.day(date), "start": clash.start_time.strftime("%H:%M"),
                   "end": clash.end_time.strftime("%H:%M"), "title": clash.booking.title},
                code="start_time",
            )
    return minutes


def _lock_freelancer(user_id) -> None:
    """Time logs of one freelancer are written one at a time, so two tabs cannot both slip past
    the overlap and 24-hour checks."""
    User.objects.select_for_update().filter(pk=user_id).values_list("pk", flat=True).first()


@transaction.atomic
def timelog_create(
    *, actor: User, booking: Booking, date: datetime.date, description: str, minutes: int | None = None,
    start_time: datetime.time | None = None, end_time: datetime.time | None = None,
) -> TimeLog:
    booking = Booking.objects.get(pk=booking.pk)
    require_freelancer(actor, booking)
    if booking.status != Status.IN_PROGRESS:
        raise InvalidTransition(_("Time can be logged only while the booking is in progress."), code="status")
    if booking.done_at is not None:
        raise InvalidTransition(_("You marked this work as done, so no more time can be logged on it."),
                                code="done")
    description = clean_text(description, limit=500, field="description")
    _lock_freelancer(actor.pk)
    start_time, end_time = _trim(start_time), _trim(end_time)
    minutes = _validate_log(booking=booking, freelancer_id=actor.pk, date=date, start_time=start_time,
                            end_time=end_time, minutes=minutes)
    return TimeLog.objects.create(booking=booking, freelancer=actor, date=date, start_time=start_time,
                                  end_time=end_time, minutes=minutes, description=description)


def _lock_log(log: TimeLog) -> TimeLog:
    return TimeLog.objects.select_for_update().select_related("booking").get(pk=log.pk)


@transaction.atomic
def timelog_update(
    *, actor: User, log: TimeLog, date: datetime.date, description: str, minutes: int | None = None,
    start_time: datetime.time | None = None, end_time: datetime.time | None = None,
) -> TimeLog:
    """Drafts and rejected logs can be changed; submitted and approved ones cannot."""
    _lock_freelancer(actor.pk)
    log = _lock_log(log)
    if actor.pk != log.freelancer_id:
        raise PermissionDenied(_("Only the freelancer who logged this time can change it."))
    if log.status not in TimeLog.EDITABLE:
        raise InvalidTransition(_("This time is “%(status)s” and can no longer be changed.")
                                % {"status": LogStatus(log.status).label}, code="locked")
    if log.booking.status != Status.IN_PROGRESS:
        raise InvalidTransition(_("Time can be changed only while the booking is in progress."), code="status")
    log.description = clean_text(description, limit=500, field="description")
    start_time, end_time = _trim(start_time), _trim(end_time)
    log.minutes = _validate_log(booking=log.booking, freelancer_id=actor.pk, date=date, start_time=start_time,
                                end_time=end_time, minutes=minutes, exclude_pk=log.pk)
    log.date, log.start_time, log.end_time = date, start_time, end_time
    log.save()
    return log


@transaction.atomic
def timelog_delete(*, actor: User, log: TimeLog) -> None:
    log = _lock_log(log)
    if actor.pk != log.freelancer_id:
        raise PermissionDenied(_("Only the freelancer who logged this time can delete it."))
    if log.status not in TimeLog.EDITABLE:
        raise InvalidTransition(_("Submitted and approved time cannot be deleted."), code="locked")
    log.delete()


@transaction.atomic
def timelogs_submit(*, actor: User, booking: Booking, log_ids: Iterable[int] | None = None) -> int:
    """Send drafts (and corrected rejected logs) to the client for approval; all of them, or the
    given ones. Returns how many were submitted; the client hears of it once per submission."""
    booking = lock(booking)
    require_freelancer(actor, booking)
    if booking.status != Status.IN_PROGRESS:
        raise InvalidTransition(_("Time can be submitted only while the booking is in progress."), code="status")
    _lock_freelancer(actor.pk)  # before the logs, in the same order as timelog_update
    logs = booking.time_logs.select_for_update().filter(status__in=TimeLog.EDITABLE)
    if log_ids is not None:
        logs = logs.filter(pk__in=list(log_ids))
    logs = list(logs)
    if not logs:
        raise DomainError(_("There is no time to submit."), code="empty")
    for log in logs:
        if log.status == LogStatus.REJECTED:
            # Rejected time stops counting, so its hours may have been logged again since.
            _validate_log(booking=booking, freelancer_id=actor.pk, date=log.date, start_time=log.start_time,
                          end_time=log.end_time, minutes=log.minutes, exclude_pk=log.pk)
            TimeLog.objects.filter(pk=log.pk).update(status=LogStatus.SUBMITTED)  # counts for the next one
    now = timezone.now()
    for log in logs:
        log.status, log.submitted_at, log.rejection_reason, log.reminded_at = LogStatus.SUBMITTED, now, "", None
    TimeLog.objects.bulk_update(logs, ["status", "submitted_at", "rejection_reason", "reminded_at", "updated_at"])
    minutes = sum(log.minutes for log in logs)
    tell(booking.client_id, booking, kind=Kind.TIME_SUBMITTED, event=f"time_submitted:{min(log.pk for log in logs)}"
         f":{now.timestamp():.0f}",
         title=lambda: _("%(name)s submitted %(hours)s hours on “%(title)s”")
         % {"name": name(actor.pk), "hours": format_number((Decimal(minutes) / 60).quantize(Decimal("0.01"))),
            "title": booking.title},
         body=lambda: _("Approve or reject it within %(days)s days; after that it is approved automatically.")
         % {"days": settings.TIMELOG_AUTO_APPROVE_DAYS})
    return len(logs)


def _decide_logs(booking, logs, *, actor, approve: bool, reason: str = "", auto: bool = False) -> int:
    now = timezone.now()
    for log in logs:
        log.status = LogStatus.APPROVED if approve else LogStatus.REJECTED
        log.decided_at, log.decided_by, log.auto_approved = now, actor, auto
        log.rejection_reason = "" if approve else reason
    TimeLog.objects.bulk_update(logs, ["status", "decided_at", "decided_by", "auto_approved", "rejection_reason",
                                       "updated_at"])
    if logs:
        minutes = sum(log.minutes for log in logs)
        hours = (Decimal(minutes) / 60).quantize(Decimal("0.01"))
        first = min(log.pk for log in logs)
        if approve:
            tell(booking.freelancer_id, booking, kind=Kind.TIME_APPROVED,
                 event=f"time_approved:{first}:{now.timestamp():.0f}",
                 title=lambda: _("%(hours)s hours approved on “%(title)s”")
                 % {"hours": format_number(hours), "title": booking.title},
                 body=lambda: _("Approved automatically: the client did not answer in time.") if auto else "")
        else:
            tell(booking.freelancer_id, booking, kind=Kind.TIME_REJECTED,
                 event=f"time_rejected:{first}:{now.timestamp():.0f}",
                 title=lambda: _("%(hours)s hours rejected on “%(title)s”")
                 % {"hours": format_number(hours), "title": booking.title},
                 body=reason)
    return len(logs)


def _client_decision_allowed(booking, actor) -> None:
    require_client(actor, booking)
    if booking.status != Status.IN_PROGRESS:
        raise InvalidTransition(_("Time can be approved only while the booking is in progress."), code="status")


@transaction.atomic
def timelog_approve(*, actor: User, log: TimeLog) -> TimeLog:
    booking = lock(log.booking)
    _client_decision_allowed(booking, actor)
    log = _lock_log(log)
    if log.status != LogStatus.SUBMITTED:
        raise InvalidTransition(_("Only submitted time can be approved (this is “%(status)s”).")
                                % {"status": LogStatus(log.status).label}, code="transition")
    _decide_logs(booking, [log], actor=actor, approve=True)
    return log


@transaction.atomic
def timelog_reject(*, actor: User, log: TimeLog, reason: str) -> TimeLog:
    booking = lock(log.booking)
    _client_decision_allowed(booking, actor)
    reason = clean_text(reason, limit=2000, field="reason")
    log = _lock_log(log)
    if log.status != LogStatus.SUBMITTED:
        raise InvalidTransition(_("Only submitted time can be rejected (this is “%(status)s”).")
                                % {"status": LogStatus(log.status).label}, code="transition")
    _decide_logs(booking, [log], actor=actor, approve=False, reason=reason)
    return log


@transaction.atomic
def timesheet_approve_week(*, actor: User, booking: Booking, week_start: datetime.date) -> int:
    """Approve every submitted log of the week Monday `week_start` to Sunday at once."""
    booking = lock(booking)
    _client_decision_allowed(booking, actor)
    if week_start.weekday() != 0:
        raise DomainError(_("A week starts on a Monday."), code="week")
    week_end = week_start + datetime.timedelta(days=6)
    logs = list(booking.time_logs.select_for_update().filter(status=LogStatus.SUBMITTED,
                                                             date__range=(week_start, week_end)))
    if not logs:
        raise DomainError(_("No time is waiting for approval in that week."), code="empty")
    count = _decide_logs(booking, logs, actor=actor, approve=True)
    hours = (Decimal(sum(log.minutes for log in logs)) / 60).quantize(Decimal("0.01"))
    record(booking, action=Action.WEEK_APPROVED, actor=actor, from_status=booking.status, to_status=booking.status,
           comment=_("Week %(week)s: %(count)s logs, %(hours)s hours")
           % {"week": week_start.strftime("%G-W%V"), "count": count, "hours": hours})
    return count


@transaction.atomic
def timelog_auto_approve(*, log: TimeLog, now: datetime.datetime | None = None) -> bool:
    """The periodic task: submitted time the client left alone for TIMELOG_AUTO_APPROVE_DAYS."""
    now = now or timezone.now()
    booking = lock(log.booking)
    log = _lock_log(log)
    deadline = now - datetime.timedelta(days=settings.TIMELOG_AUTO_APPROVE_DAYS)
    if log.status != LogStatus.SUBMITTED or log.submitted_at > deadline or booking.status != Status.IN_PROGRESS:
        return False
    _decide_logs(booking, [log], actor=None, approve=True, auto=True)
    return True
