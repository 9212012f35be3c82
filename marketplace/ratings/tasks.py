"""Ratings' clock: reveal blind ratings whose window has closed, and remind parties to rate."""

import datetime

from django.conf import settings
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from marketplace.bookings.models import Booking
from marketplace.core.pagecache import batched_purges

from . import services
from .models import Rating


def run_clock(now=None) -> dict:
    now = now or timezone.now()
    window = datetime.timedelta(days=settings.RATING_WINDOW_DAYS)
    with batched_purges():  # each revealed rating's profile, purged together at the end
        revealed = sum(
            services.rating_reveal_due(rating=rating, now=now)
            for rating in Rating.objects.filter(revealed_at__isnull=True, booking__completed_at__lt=now - window)
            .only("pk").iterator()
        )
    reminder_from = now - window + datetime.timedelta(days=settings.RATING_REMINDER_DAYS_BEFORE)
    reminded = sum(
        services.remind_to_rate(booking=booking, now=now)
        for booking in Booking.objects.filter(status=Booking.Status.COMPLETED, completed_at__lte=reminder_from,
                                              completed_at__gt=now - window).iterator()
    )
    return {"revealed": revealed, "reminded": reminded}


@db_periodic_task(crontab(minute="20"))
def ratings_clock() -> dict:
    """Hourly."""
    return run_clock()
