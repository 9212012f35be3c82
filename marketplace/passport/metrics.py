"""The passport's business gauges for /metrics (see marketplace.core.metrics)."""

from django.db.models import Count, Min
from django.utils import timezone

from marketplace.core.metrics import gauge

from .models import CompetenceDocument


def _waiting():
    # One indexed query (passport_doc_queue_idx) for both gauges.
    return CompetenceDocument.objects.waiting_for_review().aggregate(n=Count("id"), oldest=Min("submitted_at"))


@gauge("valund_passport_documents_waiting", "Passport documents waiting for a reviewer.")
def documents_waiting():
    return _waiting()["n"]


@gauge("valund_passport_oldest_wait_seconds", "How long the oldest waiting passport document has waited.")
def oldest_wait_seconds():
    oldest = _waiting()["oldest"]
    return (timezone.now() - oldest).total_seconds() if oldest else 0
