"""What the payment services tell the background work, sent after commit. receivers.py hands
each to its task, so the services never import the tasks that call them."""

from django.dispatch import Signal

# payment_id: a transfer, refund or reversal was allocated and waits to be carried out at the gateway.
payment_allocated = Signal()
# booking_id: the escrow of a completed booking may be released now.
release_wanted = Signal()
