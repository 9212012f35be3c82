"""Notification emails, sent by the worker after the event's transaction committed."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from huey.contrib.djhuey import db_task

from marketplace.accounts.locale import addressed_to
from marketplace.core.http import absolute_url

from .services import notification_claim_email


@db_task(retries=3, retry_delay=60)
def send_notification_email(notification_id: int, origin: str | None = None) -> bool:
    """`origin`: the address of the request that caused the notification, for the email's
    links; SITE_URL when none did (a periodic job)."""
    notification = notification_claim_email(notification_id=notification_id)
    if notification is None:
        return False
    subject, body = notification.email_subject, notification.email_body
    if not body:
        subject, body = _title_and_link(notification, origin or settings.SITE_URL)
    headers = {}
    if notification.email_unsubscribe_url:
        # RFC 2369 and RFC 8058: mail programs show an "Unsubscribe" button that POSTs here.
        headers = {
            "List-Unsubscribe": f"<{notification.email_unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    EmailMessage(subject, body, None, [notification.recipient.email], headers=headers).send()
    return True


def _title_and_link(notification, origin: str) -> tuple[str, str]:
    with addressed_to(notification.recipient):
        context = {
            "notification": notification,
            "site_url": origin,
            "link": absolute_url(notification.url, origin=origin) if notification.url else "",
            "settings_url": absolute_url(reverse("notifications:settings"), origin=origin),
        }
        body = render_to_string("marketplace/notifications/email.txt", context)
    return f"[Valund] {notification.title}", body
