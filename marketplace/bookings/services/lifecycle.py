"""Work on an accepted booking: it starts, the freelancer marks it done, the client confirms (or
the review period runs out), and either party may dispute it. Other apps hold a start back
through rules.START_CHECKS."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.accounts.models import User
from marketplace.core.errors import DomainError, InvalidTransition
from marketplace.core.text import clean_text
from marketplace.notifications.models import Kind

from ..models import Booking, BookingApproval, TimeLog
from ..rules import require_client, require_freelancer, require_party, start_blockers
from .transition import Transition, name, other_party

Status = Booking.Status
Action = BookingApproval.Action
LogStatus = TimeLog.Status


@transaction.atomic
def booking_start(*, booking: Booking, actor: User | None = None, today: datetime.date | None = None) -> Booking:
    """Work begins: by the freelancer, or by the periodic task on the start date. Refused until
    the start date and while any start check (documents, and the escrow once payments exist)
    objects."""
    step = Transition(booking, actor=actor, may_act=require_freelancer if actor is not None else None)
    booking = step.move(Status.IN_PROGRESS)
    blockers = start_blockers(booking, today=today)
    if blockers:
        raise DomainError(" ".join(blockers), code="start")
    booking.started_at = timezone.now()
    return step.finish(Action.STARTED, fields=["started_at"], tell_to=[booking.client_id],
                       kind=Kind.BOOKING_STARTED, event="started",
                       title=lambda: _("Work started on “%(title)s”") % {"title": booking.title})


def _unsettled_time(booking) -> dict:
    counts = {LogStatus.DRAFT: 0, LogStatus.SUBMITTED: 0}
    for status in booking.time_logs.filter(status__in=counts).values_list("status", flat=True):
        counts[status] += 1
    return counts


@transaction.atomic
def booking_mark_done(*, actor: User, booking: Booking) -> Booking:
    """The freelancer says the work is finished; the client confirms or the review period runs."""
    step = Transition(booking, actor=actor, may_act=require_freelancer)
    booking = step.booking
    if booking.status != Status.IN_PROGRESS:
        raise InvalidTransition(_("Only work in progress can be marked as done."), code="transition")
    if booking.done_at is not None:
        raise InvalidTransition(_("You already marked this work as done."), code="done")
    if _unsettled_time(booking)[LogStatus.DRAFT]:
        raise DomainError(_("Submit or delete your draft time logs first."), code="drafts")
    booking.done_at = timezone.now()
    return step.finish(
        Action.MARKED_DONE, fields=["done_at"], tell_to=[booking.client_id], kind=Kind.BOOKING_DONE, event="done",
        title=lambda: _("%(name)s marked “%(title)s” as done") % {"name": name(actor.pk), "title": booking.title},
        body=lambda: _("Confirm the completion, or open a dispute if something is wrong. Without an answer the "
               "booking completes by itself in %(days)s days.") % {"days": settings.BOOKING_COMPLETION_REVIEW_DAYS},
    )


def _complete(step: Transition, *, action) -> Booking:
    booking = step.move(Status.COMPLETED)
    if booking.done_at is None:
        raise InvalidTransition(_("The freelancer has not marked this work as done yet."), code="not_done")
    waiting = _unsettled_time(booking)
    if waiting[LogStatus.SUBMITTED] or waiting[LogStatus.DRAFT]:
        raise DomainError(_("Some time is still waiting for approval: approve or reject it first."), code="time")
    booking.completed_at = timezone.now()
    return step.finish(action, fields=["completed_at"], tell_to=[booking.client_id, booking.freelancer_id],
                       kind=Kind.BOOKING_COMPLETED, event="completed",
                       title=lambda: _("“%(title)s” is completed") % {"title": booking.title})


@transaction.atomic
def booking_confirm(*, actor: User, booking: Booking) -> Booking:
    return _complete(Transition(booking, actor=actor, may_act=require_client), action=Action.CONFIRMED)


@transaction.atomic
def booking_auto_complete(*, booking: Booking, now: datetime.datetime | None = None) -> bool:
    """The periodic task: work marked done that the client neither confirmed nor disputed
    within BOOKING_COMPLETION_REVIEW_DAYS. Waits while time is still waiting for approval."""
    now = now or timezone.now()
    step = Transition(booking)
    booking = step.booking
    deadline = now - datetime.timedelta(days=settings.BOOKING_COMPLETION_REVIEW_DAYS)
    if booking.status != Status.IN_PROGRESS or booking.done_at is None or booking.done_at > deadline:
        return False
    if any(_unsettled_time(booking).values()):
        return False
    _complete(step, action=Action.AUTO_COMPLETED)
    return True


@transaction.atomic
def booking_dispute(*, actor: User, booking: Booking, reason: str) -> Booking:
    """Either party disputes work in progress or completed; staff take it from there. Reached only
    through payments' dispute page (payments.dispute_open), which keeps the reason and evidence."""
    step = Transition(booking, actor=actor, may_act=require_party)
    booking = step.booking
    reason = clean_text(reason, limit=5000, field="reason")
    window = datetime.timedelta(days=settings.BOOKING_DISPUTE_WINDOW_DAYS)
    if booking.status == Status.COMPLETED and booking.completed_at and booking.completed_at + window < timezone.now():
        raise InvalidTransition(_("Completed bookings can be disputed for %(days)s days; contact Valund support.")
                                % {"days": settings.BOOKING_DISPUTE_WINDOW_DAYS}, code="window")
    step.move(Status.DISPUTED)
    booking.closed_reason = reason
    return step.finish(
        Action.DISPUTED, fields=["closed_reason"], comment=reason, tell_to=[other_party(booking, actor.pk)],
        kind=Kind.BOOKING_DISPUTED, event="disputed", body=reason,
        title=lambda: _("%(name)s disputed “%(title)s”") % {"name": name(actor.pk), "title": booking.title},
    )
