"""The passport's letters in the freelancer's own language and formats (issue 21), whichever
language the task or request that sent them was running in."""

import datetime

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import ngettext

from marketplace.accounts import services as account_services
from marketplace.core import dates
from marketplace.passport import services
from marketplace.passport.models import CompetenceDocument
from tests.marketplace.passport.documents import TODAY, bring_to

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "running_in"), [("sv", "en"), ("en", "sv")])
def test_the_expiry_reminder_is_in_the_freelancer_s_language(freelancer, staff_reviewer, language, running_in,
                                                             django_capture_on_commit_callbacks):
    account_services.user_set_language(actor=freelancer, user=freelancer, language=language)
    document = bring_to(CompetenceDocument.Status.APPROVED, freelancer, staff_reviewer)
    expiry = TODAY + datetime.timedelta(days=45)
    CompetenceDocument.objects.filter(pk=document.pk).update(expiry_date=expiry)
    mail.outbox.clear()

    with translation.override(running_in), django_capture_on_commit_callbacks(execute=True):
        assert services.document_send_expiry_reminder(document=document, thresholds=[30],
                                                      today=expiry - datetime.timedelta(days=30)) == 30

    [letter] = mail.outbox
    with translation.override(language):
        expected_date = dates.day(expiry)
        expected_subject = ngettext("%(title)s expires in %(days)s day", "%(title)s expires in %(days)s days",
                                    30) % {"title": document.title, "days": 30}
    with translation.override(running_in):
        other_date = dates.day(expiry)
    assert expected_date != other_date
    assert expected_date in letter.body and other_date not in letter.body
    assert letter.subject == expected_subject
