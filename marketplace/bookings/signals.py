"""Hooks for the apps that build on bookings (payments, ratings).

`booking_changed` is sent inside the transaction of every booking transition, after the row is
saved and its timeline entry written, so a receiver's own writes commit or roll back with it.
Arguments: booking, action (BookingApproval.Action), from_status, to_status, actor (None when
Valund acted on its own)."""

from django.dispatch import Signal

booking_changed = Signal()
