"""Reminders sent once each: a request about to expire, a booking starting tomorrow, and time
that will soon be approved without the client's answer."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.core import dates
from marketplace.core.money import format_number
from marketplace.notifications.models import Kind

from ..models import Booking, TimeLog
from .transition import lock, tell

Status = Booking.Status
LogStatus = TimeLog.Status


@transaction.atomic
def booking_remind(*, booking: Booking, reminder: str) -> bool:
    """Send one named reminder once: "expiring" (to the freelancer, a request about to expire) or
    "starts_tomorrow" (to both parties)."""
    booking = lock(booking)
    if reminder in booking.reminders_sent:
        return False
    if reminder == "expiring":
        if booking.status != Status.PENDING:
            return False
        tell(booking.freelancer_id, booking, kind=Kind.REMINDER_REQUEST_EXPIRING, event="reminder:expiring",
             title=lambda: _("Answer the request “%(title)s” before %(when)s")
             % {"title": booking.title, "when": dates.day_time(booking.expires_at)},
             body=lambda: _("Requests without an answer expire, and the client has to look for someone else."))
    elif reminder == "starts_tomorrow":
        if booking.status != Status.ACCEPTED:
            return False
        for recipient in (booking.client_id, booking.freelancer_id):
            tell(recipient, booking, kind=Kind.REMINDER_BOOKING_TOMORROW, event="reminder:starts_tomorrow",
                 title=lambda: _("“%(title)s” starts tomorrow") % {"title": booking.title})
    else:
        raise ValueError(reminder)
    booking.reminders_sent = [*booking.reminders_sent, reminder]
    booking.save(update_fields=["reminders_sent", "updated_at"])
    return True


@transaction.atomic
def timelogs_remind_client(*, booking: Booking, now: datetime.datetime | None = None) -> int:
    """Tell the client once about submitted time that will be approved automatically soon."""
    now = now or timezone.now()
    booking = lock(booking)
    due = now - datetime.timedelta(days=settings.TIMELOG_AUTO_APPROVE_DAYS - settings.TIMELOG_REMINDER_DAYS_BEFORE)
    logs = list(booking.time_logs.select_for_update().filter(status=LogStatus.SUBMITTED, reminded_at__isnull=True,
                                                             submitted_at__lte=due))
    if not logs or booking.status != Status.IN_PROGRESS:
        return 0
    for log in logs:
        log.reminded_at = now
    TimeLog.objects.bulk_update(logs, ["reminded_at"])
    hours = (Decimal(sum(log.minutes for log in logs)) / 60).quantize(Decimal("0.01"))
    tell(booking.client_id, booking, kind=Kind.REMINDER_TIME_WAITING,
         event=f"reminder:time:{min(log.pk for log in logs)}:{now.timestamp():.0f}",
         title=lambda: _("%(hours)s hours on “%(title)s” wait for your approval")
         % {"hours": format_number(hours), "title": booking.title},
         body=lambda: _("Without an answer they are approved automatically within %(days)s days.")
         % {"days": settings.TIMELOG_REMINDER_DAYS_BEFORE})
    return len(logs)
