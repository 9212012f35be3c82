from allauth.account.signals import email_changed, email_confirmed
from django.dispatch import receiver

from . import services


@receiver(email_confirmed)
def on_email_confirmed(request, email_address, **kwargs):
    services.user_sync_email_verified(user=email_address.user)


@receiver(email_changed)
def on_email_changed(request, user, from_email_address, to_email_address, **kwargs):
    services.user_sync_email_verified(user=user)
