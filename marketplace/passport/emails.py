"""The passport's letters to a freelancer, the decision about a document and the reminder that
one expires, written here in the site's language and delivered by notifications: listed on the
site, and emailed when the member wants that kind by email."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from marketplace.notifications.models import Kind
from marketplace.notifications.services import notify

from .models import CompetenceDocument, CompetenceReview


def _letter(template: str, context: dict) -> tuple[str, str]:
    with translation.override(settings.LANGUAGE_CODE):
        passport_url = settings.SITE_URL + reverse("passport:index")
        context = {**context, "site_url": settings.SITE_URL, "passport_url": passport_url}
        subject = render_to_string(f"marketplace/passport/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"marketplace/passport/email/{template}.txt", context)
    return subject, body


def notify_decision(review: CompetenceReview) -> None:
    document = review.document
    subject, body = _letter(
        "decision", {"review": review, "document": document, "name": document.owner.profile.display_name}
    )
    notify(
        recipient=document.owner,
        kind=Kind.PASSPORT_DECISION,
        event_key=f"passport:review:{review.pk}",
        title=subject,
        body=review.comment,
        url=reverse("passport:index"),
        email_subject=subject,
        email_body=body,
    )


def notify_expiry(document: CompetenceDocument, days: int) -> None:
    subject, body = _letter(
        "expiry_reminder", {"document": document, "days": days, "name": document.owner.profile.display_name}
    )
    notify(
        recipient=document.owner,
        kind=Kind.PASSPORT_EXPIRING,
        event_key=f"passport:{document.pk}:expires:{document.expiry_date.isoformat()}:{days}",
        title=subject,
        url=reverse("passport:index"),
        email_subject=subject,
        email_body=body,
    )
