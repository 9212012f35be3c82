"""Retention: what is past its time (settings.RETENTION_DAYS, docs/privacy.md) is removed, on a
schedule (tasks.py)."""

import datetime

from django.conf import settings
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission

from marketplace.notifications.models import Notification
from marketplace.payments.models import StripeWebhookEvent
from marketplace.search.models import PopularSearch, SearchAnalytics
from marketplace.search.services import popular_searches_aggregate

from .export import exports_expire


def _cutoff(kind: str, now) -> datetime.datetime | None:
    days = settings.RETENTION_DAYS.get(kind, 0)
    return now - datetime.timedelta(days=days) if days else None


def retention_run(*, now: datetime.datetime | None = None) -> dict:
    """Remove what is past its time (docs/privacy.md, settings.RETENTION_DAYS): search analytics
    older than their period are first folded into the daily summary, then deleted; processed
    webhook events, notifications and form pages' submissions are deleted; export files past their link's life are
    deleted and their request marked expired."""
    now = now or timezone.now()
    done = {}
    cutoff = _cutoff("search_analytics", now)
    if cutoff:
        old = SearchAnalytics.objects.filter(created_at__lt=cutoff)
        days = sorted({timezone.localtime(at).date() for at in old.values_list("created_at", flat=True)})
        summarised = set(PopularSearch.objects.filter(period=PopularSearch.Period.DAY, period_start__in=days)
                         .values_list("period_start", flat=True))
        for day in days:
            if day not in summarised:
                popular_searches_aggregate(day=day)
        done["search_analytics"] = old.delete()[0]
    cutoff = _cutoff("webhook_payloads", now)
    if cutoff:
        finished = [StripeWebhookEvent.Status.PROCESSED, StripeWebhookEvent.Status.IGNORED]
        done["webhook_payloads"] = StripeWebhookEvent.objects.filter(
            created_at__lt=cutoff, status__in=finished).delete()[0]
    cutoff = _cutoff("notifications", now)
    if cutoff:
        done["notifications"] = Notification.objects.filter(created_at__lt=cutoff).delete()[0]
    cutoff = _cutoff("form_submissions", now)
    if cutoff:
        done["form_submissions"] = FormSubmission.objects.filter(submit_time__lt=cutoff).delete()[0]
    done["export_files"] = exports_expire(now=now)
    return done
