"""Every change to a booking, its time logs, files and messages, one module per flow:
requests (the request and the answers to it), lifecycle (start, done, completion, dispute),
timelogs, reminders, files and messages, each transition through transition.Transition.

Each transition locks the booking row, checks who may act and from which state, writes its
timeline entry (BookingApproval) in the same transaction, tells the other party, and refuses
anything else with a message the user can act on. Other apps attach to the lifecycle through
`START_CHECKS` (rules.py: a booking cannot start while one of them objects; payments adds "the
escrow is funded") and the `booking_changed` signal. The names below are the public ones: callers
write `from marketplace.bookings import services` and `services.booking_accept(...)`."""

from ..rules import START_CHECKS
from .files import MAX_ATTACHMENTS, attachment_add
from .lifecycle import booking_auto_complete, booking_confirm, booking_dispute, booking_mark_done, booking_start
from .messages import MAX_MESSAGE_LENGTH, message_send
from .reminders import booking_remind, timelogs_remind_client
from .requests import (
    MAX_BOOKING_DAYS,
    MAX_DAYS_AHEAD,
    MAX_FIXED_PRICE,
    booking_accept,
    booking_cancel,
    booking_decline,
    booking_expire,
    booking_request,
)
from .timelogs import (
    timelog_approve,
    timelog_auto_approve,
    timelog_create,
    timelog_delete,
    timelog_reject,
    timelog_update,
    timelogs_submit,
    timesheet_approve_week,
)

__all__ = [
    "MAX_ATTACHMENTS", "MAX_BOOKING_DAYS", "MAX_DAYS_AHEAD", "MAX_FIXED_PRICE", "MAX_MESSAGE_LENGTH", "START_CHECKS",
    "attachment_add", "booking_accept", "booking_auto_complete", "booking_cancel", "booking_confirm",
    "booking_decline", "booking_dispute", "booking_expire", "booking_mark_done", "booking_remind",
    "booking_request", "booking_start", "message_send", "timelog_approve", "timelog_auto_approve",
    "timelog_create", "timelog_delete", "timelog_reject", "timelog_update", "timelogs_remind_client",
    "timelogs_submit", "timesheet_approve_week",
]
