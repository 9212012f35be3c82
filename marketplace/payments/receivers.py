"""Payments follow the booking lifecycle through bookings.signals.booking_changed, gate the
start of work on the escrow, and hand what the services signal to the tasks."""

from marketplace.bookings import services as booking_services
from marketplace.bookings import steps as booking_steps
from marketplace.bookings.signals import booking_changed

from . import selectors, services, steps, tasks
from .signals import payment_allocated, release_wanted


def _booking_changed(sender, *, booking, action, from_status, to_status, actor, **kwargs):
    services.on_booking_changed(booking=booking, action=action, to_status=to_status)


def _execute_payment(sender, *, payment_id, **kwargs):
    tasks.execute_payment(payment_id)


def _release_escrow(sender, *, booking_id, **kwargs):
    tasks.release_escrow(booking_id)


def connect() -> None:
    booking_changed.connect(_booking_changed, dispatch_uid="payments.booking_changed")
    payment_allocated.connect(_execute_payment, dispatch_uid="payments.execute_payment")
    release_wanted.connect(_release_escrow, dispatch_uid="payments.release_escrow")
    # A booking cannot start until its escrow holds the estimate.
    if selectors.escrow_start_check not in booking_services.START_CHECKS:
        booking_services.START_CHECKS.append(selectors.escrow_start_check)
    # While the escrow waits for the estimate, paying it is the booking page's next step.
    if steps.booking_step not in booking_steps.NEXT_STEPS:
        booking_steps.NEXT_STEPS.append(steps.booking_step)
    # Once the escrow has paid out, a dispute is no longer offered; the page says why.
    if selectors.withheld_actions not in booking_steps.WITHHELD:
        booking_steps.WITHHELD.append(selectors.withheld_actions)
