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


def notifications_of(*, user, unread: bool | None = None, kind: str | None = None, since=None):
    """A member's notifications, newest first, with what a list shows of each; the API's filters
    narrow it: `unread` True (not read yet) or False (read), one `kind`, created `since` a moment."""
    queryset = Notification.objects.filter(recipient=user).only("id", "kind", "title", "body", "url", "created_at",
                                                                "read_at")
    if unread is not None:
        queryset = queryset.filter(read_at__isnull=unread)
    if kind:
        queryset = queryset.filter(kind=kind)
    if since is not None:
        queryset = queryset.filter(created_at__gte=since)
    return queryset


def notification_page(*, user, page: str | int | None):
    return Paginator(notifications_of(user=user), PAGE_SIZE).get_page(page)


def email_choices(*, user) -> list[tuple[str, str, bool]]:
    """(kind, label, wants email) for every kind, in the order of the settings page."""
    chosen = dict(EmailPreference.objects.filter(user=user).values_list("kind", "email"))
    return [(kind, label, chosen.get(kind, kind not in EMAIL_OFF_BY_DEFAULT)) for kind, label in Kind.choices]
