"""The passport's letters to a freelancer, the decision about a document and the reminder that
one expires, written here in the freelancer's language and time zone and delivered by notifications: listed on the
site, and emailed when the member wants that kind by email."""

from django.template.loader import render_to_string
from django.urls import reverse

from marketplace.accounts.locale import addressed_to
from marketplace.core.http import absolute_url, site_origin
from marketplace.notifications.models import Kind
from marketplace.notifications.services import notify

from .models import CompetenceDocument, CompetenceReview


def _send(document: CompetenceDocument, *, kind: str, event_key: str, template: str, context: dict, body: str = ""):
    with addressed_to(document.owner):
        context = {
            **context, "document": document, "name": document.owner.profile.display_name,
            "site_url": site_origin(), "passport_url": absolute_url(reverse("passport:index")),
        }
        subject = render_to_string(f"marketplace/passport/email/{template}_subject.txt", context).strip()
        letter = render_to_string(f"marketplace/passport/email/{template}.txt", context)
    notify(
        recipient=document.owner, kind=kind, event_key=event_key, title=subject, body=body,
        url=reverse("passport:index"), email_subject=subject, email_body=letter,
    )


def notify_decision(review: CompetenceReview) -> None:
    _send(review.document, kind=Kind.PASSPORT_DECISION, event_key=f"passport:review:{review.pk}",
          template="decision", context={"review": review}, body=review.comment)


def notify_expiry(document: CompetenceDocument, days: int) -> None:
    _send(document, kind=Kind.PASSPORT_EXPIRING,
          event_key=f"passport:{document.pk}:expires:{document.expiry_date.isoformat()}:{days}",
          template="expiry_reminder", context={"days": days})
