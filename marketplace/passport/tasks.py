"""Background work for the passport: emails and the daily expiry run. Tasks take ids."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from .models import CompetenceDocument, CompetenceReview


def _send(to: str, template: str, context: dict) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        passport_url = settings.SITE_URL + reverse("passport:index")
        context = {**context, "site_url": settings.SITE_URL, "passport_url": passport_url}
        subject = render_to_string(f"marketplace/passport/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"marketplace/passport/email/{template}.txt", context)
    send_mail(subject, body, None, [to])


@db_task(retries=3, retry_delay=60)
def send_decision_email(review_id: int) -> None:
    review = CompetenceReview.objects.select_related("document__owner__profile", "document__template").get(
        pk=review_id
    )
    document = review.document
    _send(document.owner.email, "decision", {"review": review, "document": document,
                                              "name": document.owner.profile.display_name})


@db_task(retries=3, retry_delay=60)
def send_expiry_reminder(document_id: int, days: int) -> None:
    document = CompetenceDocument.objects.select_related("owner__profile", "template").get(pk=document_id)
    _send(document.owner.email, "expiry_reminder", {"document": document, "days": days,
                                                     "name": document.owner.profile.display_name})


@db_periodic_task(crontab(hour="2", minute="15"))
def expire_and_remind() -> dict:
    """Daily: expire approved documents past their date, then send the reminders now due."""
    from . import services

    today = timezone.localdate()
    approved = CompetenceDocument.objects.filter(status=CompetenceDocument.Status.APPROVED, expiry_date__isnull=False)
    expired = sum(
        services.document_expire(document=document, today=today)
        for document in approved.filter(expiry_date__lt=today).only("pk").iterator()
    )
    horizon = today + timezone.timedelta(days=max(settings.PASSPORT_REMINDER_DAYS))
    reminded = sum(
        services.document_send_expiry_reminder(
            document=document, thresholds=settings.PASSPORT_REMINDER_DAYS, today=today
        )
        is not None
        for document in approved.filter(expiry_date__gte=today, expiry_date__lte=horizon).only("pk").iterator()
    )
    return {"expired": expired, "reminded": reminded}
