"""Payments follow the booking lifecycle through bookings.signals.booking_changed."""

from marketplace.bookings.signals import booking_changed


def _booking_changed(sender, *, booking, action, from_status, to_status, actor, **kwargs):
    from .services import on_booking_changed

    on_booking_changed(booking=booking, action=action, to_status=to_status, actor=actor)


def connect() -> None:
    booking_changed.connect(_booking_changed, dispatch_uid="payments.booking_changed")
