"""Background work for the passport: the daily expiry run. Tasks take ids and call services."""

from django.conf import settings
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from marketplace.core.pagecache import batched_purges

from . import services
from .models import CompetenceDocument


@db_periodic_task(crontab(hour="2", minute="15"))
def expire_and_remind() -> dict:
    """Daily: expire approved documents past their date, then send the reminders now due."""
    today = timezone.localdate()
    approved = CompetenceDocument.objects.filter(status=CompetenceDocument.Status.APPROVED, expiry_date__isnull=False)
    with batched_purges():  # each expired document's profile, purged together at the end
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
