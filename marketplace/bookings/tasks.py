"""The bookings' clock: one periodic task that expires, starts, approves, completes and
reminds, each row in its own transaction through the services, so one failure stops nothing else
and a rerun changes nothing that already happened."""

import logging

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from marketplace.core.errors import DomainError

from . import selectors, services

logger = logging.getLogger(__name__)


def run_clock(now=None) -> dict:
    now = now or timezone.now()
    today = timezone.localdate(now)
    done = {"expired": 0, "expiry_reminders": 0, "started": 0, "start_reminders": 0, "time_approved": 0,
            "time_reminders": 0, "completed": 0}
    for booking in selectors.due_for_expiry(now).only("pk").iterator():
        done["expired"] += services.booking_expire(booking=booking, now=now)
    for booking in selectors.due_for_expiry_reminder(now).only("pk").iterator():
        done["expiry_reminders"] += services.booking_remind(booking=booking, reminder="expiring")
    for booking in selectors.starting_tomorrow(today).only("pk").iterator():
        done["start_reminders"] += services.booking_remind(booking=booking, reminder="starts_tomorrow")
    for booking in selectors.due_for_start(today).only("pk").iterator():
        try:
            services.booking_start(booking=booking, today=today)
        except DomainError as exc:  # waiting for a document or the escrow: the booking page says why
            logger.info("Booking %s cannot start yet: %s", booking.pk, exc.message)
        else:
            done["started"] += 1
    for log in selectors.logs_due_for_auto_approval(now).select_related("booking").iterator():
        done["time_approved"] += services.timelog_auto_approve(log=log, now=now)
    for booking in selectors.bookings_with_time_to_remind(now).only("pk").iterator():
        done["time_reminders"] += services.timelogs_remind_client(booking=booking, now=now)
    for booking in selectors.due_for_auto_completion(now).only("pk").iterator():
        done["completed"] += services.booking_auto_complete(booking=booking, now=now)
    return done


@db_periodic_task(crontab(minute="*/15"))
def booking_clock() -> dict:
    """Every quarter of an hour, so expiry and reminders are never more than 15 minutes late."""
    return run_clock()
