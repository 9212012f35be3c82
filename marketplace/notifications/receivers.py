"""Hands what the services say after a commit to the task that does it, so the services never
import the tasks that call them."""

from django.dispatch import receiver

from .signals import email_wanted
from .tasks import send_notification_email


@receiver(email_wanted)
def on_email_wanted(sender, notification_id, origin=None, **kwargs):
    send_notification_email(notification_id, origin)
