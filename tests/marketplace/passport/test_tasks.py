"""The passport's daily task (marketplace/passport/tasks.py): documents past their date expire, and reminders
go out before expiry, each once."""

import datetime

import pytest
from django.core import mail

from marketplace.passport import services, tasks
from marketplace.passport.models import CompetenceAuditLog, CompetenceDocument
from tests.marketplace.passport.documents import TODAY, bring_to

pytestmark = pytest.mark.django_db

Status = CompetenceDocument.Status
Action = CompetenceAuditLog.Action


def test_daily_task_expires_documents_past_their_date_once(freelancer, staff_reviewer):
    past = bring_to(Status.APPROVED, freelancer, staff_reviewer)
    current = bring_to(Status.APPROVED, freelancer, staff_reviewer)
    CompetenceDocument.objects.filter(pk=past.pk).update(expiry_date=TODAY - datetime.timedelta(days=1))

    first = tasks.expire_and_remind.call_local()
    second = tasks.expire_and_remind.call_local()

    past.refresh_from_db()
    current.refresh_from_db()
    assert (past.status, current.status) == (Status.EXPIRED, Status.APPROVED)
    assert (first["expired"], second["expired"]) == (1, 0)
    entry = CompetenceAuditLog.objects.filter(document=past).last()
    assert (entry.action, entry.actor, entry.from_status, entry.to_status) == (Action.EXPIRED, None, "approved",
                                                                              "expired")


def test_reminders_go_out_30_and_7_days_before_expiry_each_once(freelancer, staff_reviewer,
                                                                django_capture_on_commit_callbacks):
    document = bring_to(Status.APPROVED, freelancer, staff_reviewer)
    expiry = TODAY + datetime.timedelta(days=45)
    CompetenceDocument.objects.filter(pk=document.pk).update(expiry_date=expiry)
    thresholds = [30, 7]
    mail.outbox.clear()

    def run_on(day):
        with django_capture_on_commit_callbacks(execute=True):
            return services.document_send_expiry_reminder(document=document, thresholds=thresholds, today=day)

    sent = [run_on(expiry - datetime.timedelta(days=days_left)) for days_left in (31, 30, 29, 8, 7, 7, 3, 0)]

    assert sent == [None, 30, None, None, 7, None, None, None]
    assert [m.subject for m in mail.outbox] == ["Heta arbeten expires in 30 days", "Heta arbeten expires in 7 days"]
    assert CompetenceAuditLog.objects.filter(document=document, action=Action.REMINDER_SENT).count() == 2


def test_a_document_approved_close_to_expiry_gets_one_reminder_not_two(freelancer, staff_reviewer,
                                                                       django_capture_on_commit_callbacks):
    document = bring_to(Status.APPROVED, freelancer, staff_reviewer)
    CompetenceDocument.objects.filter(pk=document.pk).update(expiry_date=TODAY + datetime.timedelta(days=5))
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        first = tasks.expire_and_remind.call_local()
    with django_capture_on_commit_callbacks(execute=True):
        second = tasks.expire_and_remind.call_local()

    assert (first["reminded"], second["reminded"]) == (1, 0)
    assert len(mail.outbox) == 1 and "expires in 7 days" in mail.outbox[0].subject


def test_the_daily_tasks_reminder_links_to_site_url(freelancer, staff_reviewer, settings,
                                                    django_capture_on_commit_callbacks):
    """No request caused the reminder, so its links name the site's configured address."""
    settings.SITE_URL = "https://valund.example"
    document = bring_to(Status.APPROVED, freelancer, staff_reviewer)
    CompetenceDocument.objects.filter(pk=document.pk).update(expiry_date=TODAY + datetime.timedelta(days=7))
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        tasks.expire_and_remind.call_local()

    assert "https://valund.example/passport/" in mail.outbox[0].body
