"""Writing notifications. Other apps call `notify()` inside their own transaction; the email
(if the member wants it) is queued only after that transaction commits, and sent at most once."""

from collections.abc import Callable

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.accounts.locale import addressed_to
from marketplace.core.errors import DomainError
from marketplace.core.http import request_origin

from .models import EMAIL_OFF_BY_DEFAULT, EmailPreference, Kind, Notification
from .signals import email_wanted

UNREAD_CACHE_SECONDS = 300


def unread_cache_key(user_id) -> str:
    return f"notifications:unread:{user_id}"


def _forget_unread(user_id) -> None:
    cache.delete(unread_cache_key(user_id))


def wants_email(*, user, kind: str) -> bool:
    choice = EmailPreference.objects.filter(user=user, kind=kind).values_list("email", flat=True).first()
    if choice is None:
        return kind not in EMAIL_OFF_BY_DEFAULT
    return choice


Text = str | Callable[[], str]


def notify(
    *, recipient, kind: str, event_key: str, title: Text, body: Text = "", url: str = "", email_subject: Text = "",
    email_body: Text = "", email_unsubscribe_url: str = "",
) -> Notification | None:
    """Notify `recipient` of an event once. Returns the new notification, or None when this
    event was already notified (a retry, a double submit). `email_subject` and `email_body`:
    the app's own email for the event, sent instead of the title and body with a link;
    `email_unsubscribe_url`: the address that stops such emails, offered by mail programs.

    The texts are stored as the recipient reads them, in their language and time zone
    (accounts.locale.addressed_to), whoever's request caused the event: pass each one that
    gettext, a date or an amount goes into as a function, `title=lambda: _("…") % {…}`, and it
    is called here in the recipient's terms. A plain string is stored as it is (members' own
    words: a message, a reason)."""
    if kind not in Kind.values:
        raise ValueError(f"Unknown notification kind {kind!r}")
    if not recipient.is_active:
        return None
    with addressed_to(recipient):
        title, body, email_subject, email_body = (
            text() if callable(text) else text for text in (title, body, email_subject, email_body)
        )
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient, kind=kind, event_key=event_key[:120], title=title[:200], body=body, url=url[:300],
                email_subject=email_subject[:200], email_body=email_body,
                email_unsubscribe_url=email_unsubscribe_url[:500],
            )
    except IntegrityError:
        return None
    transaction.on_commit(lambda: _forget_unread(recipient.pk))
    if wants_email(user=recipient, kind=kind):
        # The worker has no request: the address the member is using travels with the task.
        origin = request_origin.get()
        transaction.on_commit(
            lambda: email_wanted.send(sender=Notification, notification_id=notification.pk, origin=origin)
        )
    return notification


@transaction.atomic
def notification_mark_read(*, user, notification_id: int) -> Notification:
    notification = Notification.objects.select_for_update().filter(recipient=user, pk=notification_id).first()
    if notification is None:
        raise DomainError(_("That notification does not exist."), code="missing")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        transaction.on_commit(lambda: _forget_unread(user.pk))
    return notification


@transaction.atomic
def notifications_mark_all_read(*, user) -> int:
    count = Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
    transaction.on_commit(lambda: _forget_unread(user.pk))
    return count


@transaction.atomic
def email_preferences_update(*, user, email_kinds) -> None:
    """`email_kinds`: the kinds the member wants by email; every other kind becomes in-app only."""
    wanted = set(email_kinds)
    unknown = wanted - set(Kind.values)
    if unknown:
        raise DomainError(_("Unknown kind of notification."), code="kinds")
    for kind in Kind.values:
        EmailPreference.objects.update_or_create(user=user, kind=kind, defaults={"email": kind in wanted})


@transaction.atomic
def notification_claim_email(*, notification_id: int) -> Notification | None:
    """Mark a notification's email as sent, once: the task sends only when this returns it.
    A crash between claiming and sending loses that one email rather than sending it twice."""
    notification = (
        Notification.objects.select_for_update().select_related("recipient").filter(pk=notification_id).first()
    )
    if notification is None or notification.email_sent_at is not None:
        return None
    notification.email_sent_at = timezone.now()
    notification.save(update_fields=["email_sent_at"])
    return notification
