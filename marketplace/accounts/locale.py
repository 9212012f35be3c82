"""Writing to a member in their own language and time zone, wherever no request of theirs set
them: notifications, emails, receipts and calendar files made by another member's request or by
a Huey task."""

from contextlib import contextmanager

from django.utils import timezone, translation

from .selectors import language_for, time_zone_for


@contextmanager
def addressed_to(user):
    """Inside, gettext, the date and number formats and the current time zone are `user`'s
    (accounts.selectors.language_for and time_zone_for); the caller's come back after."""
    with translation.override(language_for(user)), timezone.override(time_zone_for(user)):
        yield
