"""Hands what the services say after a commit to the task that does it, so the services never
import the tasks that call them."""

from django.dispatch import receiver

from .signals import export_requested
from .tasks import build_export


@receiver(export_requested)
def on_export_requested(sender, request_id, origin=None, **kwargs):
    build_export(request_id, origin)
