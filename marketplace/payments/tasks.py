"""Payment work in the background: carrying out transfers and refunds (retried while the
gateway does not answer), releases, and the daily automatic release. Tasks take ids and call
services; receivers.py enqueues them when the services say so."""

import logging

from django.conf import settings
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from marketplace.bookings.models import Booking
from marketplace.core.errors import DomainError

from . import selectors, services
from .gateways import GatewayUnavailable

logger = logging.getLogger(__name__)


@db_task(retries=8, retry_delay=60)
def execute_payment(payment_id: int):
    try:
        services.payment_execute(payment_id=payment_id)
    except GatewayUnavailable:
        logger.warning("Payment %s: the gateway did not answer; retrying with the same idempotency key", payment_id)
        raise


@db_task(retries=3, retry_delay=300)
def release_escrow(booking_id: int):
    booking = Booking.objects.get(pk=booking_id)
    try:
        services.escrow_release(booking=booking)
    except DomainError as exc:
        # Waiting for the freelancer's payout account, a top-up or a dispute: the booking page
        # says why, and the release is tried again when that changes or by the daily run.
        logger.info("Escrow of booking %s not released: %s", booking_id, exc.message)


def run_auto_release(now=None) -> dict:
    now = now or timezone.now()
    done = {"released": 0, "reminded": 0, "waiting": 0}
    release_deadline = now - timezone.timedelta(days=settings.ESCROW_AUTO_RELEASE_DAYS)
    for booking in selectors.due_for_release_reminder(now).filter(completed_at__gt=release_deadline).iterator():
        done["reminded"] += services.release_remind(booking=booking, now=now)
    for booking in selectors.due_for_auto_release(now).iterator():
        try:
            services.escrow_release(booking=booking)
        except DomainError as exc:
            logger.info("Escrow of booking %s not released automatically: %s", booking.pk, exc.message)
            done["waiting"] += 1
        else:
            done["released"] += 1
    return done


@db_periodic_task(crontab(hour="3", minute="30"))
def auto_release():
    """Daily: release escrow of bookings completed ESCROW_AUTO_RELEASE_DAYS ago without a
    dispute, and remind clients a few days before."""
    return run_auto_release()
