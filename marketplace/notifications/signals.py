"""What the notification services tell the background work, sent after commit. receivers.py
hands each to its task, so the services never import the tasks that call them."""

from django.dispatch import Signal

# notification_id: a notification was written whose recipient wants it by email; origin: the
# address of the request that caused it, for the email's links (None outside a request).
email_wanted = Signal()
