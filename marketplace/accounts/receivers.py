from django.db.models.signals import post_save
from django.dispatch import receiver

from . import services
from .models import User


@receiver(post_save, sender=User)
def on_user_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        services.member_ensure_profile(user=instance)
