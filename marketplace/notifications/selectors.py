"""Reads for the notification list and the header's unread count."""

from django.core.cache import cache
from django.core.paginator import Paginator

from .models import EMAIL_OFF_BY_DEFAULT, EmailPreference, Kind, Notification
from .services import UNREAD_CACHE_SECONDS, unread_cache_key

PAGE_SIZE = 25


def unread_count(*, user) -> int:
    key = unread_cache_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
        cache.set(key, count, UNREAD_CACHE_SECONDS)
    return count


def notifications_of(*, user):
    """A member's notifications, newest first, with what a list shows of each."""
    return Notification.objects.filter(recipient=user).only("id", "kind", "title", "body", "url", "created_at",
                                                            "read_at")


def notification_page(*, user, page: str | int | None):
    return Paginator(notifications_of(user=user), PAGE_SIZE).get_page(page)


def email_choices(*, user) -> list[tuple[str, str, bool]]:
    """(kind, label, wants email) for every kind, in the order of the settings page."""
    chosen = dict(EmailPreference.objects.filter(user=user).values_list("kind", "email"))
    return [(kind, label, chosen.get(kind, kind not in EMAIL_OFF_BY_DEFAULT)) for kind, label in Kind.choices]
