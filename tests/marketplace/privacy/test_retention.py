"""Retention: the daily task removes exactly what is past its time (settings.RETENTION_DAYS),
folding search analytics into the daily summary first, and deletes export files whose link
has expired."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import Page

from marketplace.core.storage import private_storage
from marketplace.notifications.models import Notification
from marketplace.payments.models import StripeWebhookEvent
from marketplace.privacy import services, tasks
from marketplace.privacy.models import DataRequest
from marketplace.search.models import PopularSearch, SearchAnalytics

NOW = timezone.make_aware(datetime.datetime(2026, 6, 15, 12, 0))
MINUTE = datetime.timedelta(minutes=1)


@pytest.fixture(autouse=True)
def periods(settings):
    settings.RETENTION_DAYS = {"search_analytics": 10, "webhook_payloads": 5, "notifications": 30,
                               "form_submissions": 60}
    settings.PRIVACY_EXPORT_HOURS = 72


def _age(days):
    return NOW - datetime.timedelta(days=days)


def test_search_analytics_past_their_time_are_summarised_then_deleted(db):
    outside = SearchAnalytics.objects.create(query="welder malmö", result_count=0, created_at=_age(10) - MINUTE)
    inside = SearchAnalytics.objects.create(query="welder malmö", result_count=2, created_at=_age(10) + MINUTE)

    assert services.retention_run(now=NOW)["search_analytics"] == 1
    assert list(SearchAnalytics.objects.values_list("pk", flat=True)) == [inside.pk]
    day = timezone.localtime(outside.created_at).date()
    summary = PopularSearch.objects.get(period=PopularSearch.Period.DAY, period_start=day, query="welder malmö")
    # The summary is of the whole day, the search still inside the period included.
    assert (summary.search_count, summary.zero_result_count) == (2, 1)


def test_a_day_already_summarised_is_not_summarised_again(db):
    old = SearchAnalytics.objects.create(query="carpenter", result_count=4, created_at=_age(20))
    day = timezone.localtime(old.created_at).date()
    PopularSearch.objects.create(period=PopularSearch.Period.DAY, period_start=day, query="carpenter",
                                 search_count=7, zero_result_count=0, click_count=3)
    services.retention_run(now=NOW)
    assert not SearchAnalytics.objects.exists()
    assert PopularSearch.objects.get(period=PopularSearch.Period.DAY, period_start=day).search_count == 7


def _event(name, age, status=StripeWebhookEvent.Status.PROCESSED):
    event = StripeWebhookEvent.objects.create(stripe_id=name, type="payment_intent.succeeded", payload={"id": name},
                                              status=status)
    StripeWebhookEvent.objects.filter(pk=event.pk).update(created_at=age)
    return name


def test_handled_webhook_events_past_their_time_are_deleted_and_failed_ones_kept(db):
    _event("evt_outside", _age(5) - MINUTE)
    kept = [_event("evt_inside", _age(5) + MINUTE),
            _event("evt_failed_old", _age(50), status=StripeWebhookEvent.Status.FAILED)]
    assert services.retention_run(now=NOW)["webhook_payloads"] == 1
    assert sorted(StripeWebhookEvent.objects.values_list("stripe_id", flat=True)) == sorted(kept)


def test_notifications_past_their_time_are_deleted(freelancer):
    def note(key, age):
        made = Notification.objects.create(recipient=freelancer, kind="message", event_key=key, title=key)
        Notification.objects.filter(pk=made.pk).update(created_at=age)
        return made.pk

    note("outside", _age(30) - MINUTE)
    inside = note("inside", _age(30) + MINUTE)
    assert services.retention_run(now=NOW)["notifications"] == 1
    assert list(Notification.objects.values_list("pk", flat=True)) == [inside]


def test_export_files_are_deleted_once_their_link_expired(freelancer, django_capture_on_commit_callbacks):
    def export(expires_at):
        name = private_storage().save("exports/test.zip", ContentFile(b"PK"))
        return DataRequest.objects.create(kind=DataRequest.Kind.EXPORT, member=freelancer, requested_by=freelancer,
                                          status=DataRequest.Status.READY, file=name, expires_at=expires_at)

    expired, valid = export(NOW - MINUTE), export(NOW + MINUTE)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.retention_run(now=NOW)["export_files"] == 1
    expired.refresh_from_db()
    valid.refresh_from_db()
    assert (expired.status, expired.file) == (DataRequest.Status.EXPIRED, "")
    assert not private_storage().exists(expired.file or "exports/none") and private_storage().exists(valid.file)
    assert valid.status == DataRequest.Status.READY


def test_a_period_of_zero_keeps_that_kind(settings, freelancer):
    settings.RETENTION_DAYS = {"notifications": 0}
    made = Notification.objects.create(recipient=freelancer, kind="message", event_key="k", title="t")
    Notification.objects.filter(pk=made.pk).update(created_at=_age(5000))
    assert "notifications" not in services.retention_run(now=NOW)
    assert Notification.objects.filter(pk=made.pk).exists()


def test_the_daily_task_runs_the_retention(db):
    SearchAnalytics.objects.create(query="x", result_count=1, created_at=timezone.now() - datetime.timedelta(days=11))
    assert tasks.apply_retention.call_local()["search_analytics"] == 1


def test_form_submissions_past_their_time_are_deleted(db):
    """Visitors' contact and partner enquiries (names, addresses) are kept 60 days here."""
    page = Page.objects.get(depth=1)
    old = FormSubmission.objects.create(page=page, form_data={"email": "old@example.com"})
    recent = FormSubmission.objects.create(page=page, form_data={"email": "new@example.com"})
    FormSubmission.objects.filter(pk=old.pk).update(submit_time=_age(60) - MINUTE)
    FormSubmission.objects.filter(pk=recent.pk).update(submit_time=_age(60) + MINUTE)

    assert services.retention_run(now=NOW)["form_submissions"] == 1
    assert list(FormSubmission.objects.values_list("pk", flat=True)) == [recent.pk]
