"""Emails about form submissions (form_page.py), sent by the worker after the submission was stored."""

import datetime

from django.core.mail import EmailMessage
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from huey.contrib.djhuey import db_task
from wagtail.contrib.forms.models import FormSubmission


@db_task(retries=3, retry_delay=60)
def send_form_notification(submission_id: int) -> bool:
    """Tell the page's addresses of one submission: each field's label and answer, with Reply-To
    the sender's address when the form asked for one."""
    submission = FormSubmission.objects.select_related("page").filter(pk=submission_id).first()
    if submission is None:
        return False
    page = submission.page.specific
    recipients = [address.strip() for address in page.to_address.split(",") if address.strip()]
    if not recipients:
        return False
    data = submission.get_data()
    lines, reply_to = [], []
    with translation.override(page.locale.language_code):
        for field in page.get_form_fields():
            value = data.get(field.clean_name, "")
            if isinstance(value, list):
                value = ", ".join(value)
            elif isinstance(value, datetime.datetime):
                value = date_format(value, "SHORT_DATETIME_FORMAT")
            elif isinstance(value, datetime.date):
                value = date_format(value, "SHORT_DATE_FORMAT")
            if field.field_type == "email" and value and not reply_to:
                reply_to = [value]
            lines.append(f"{field.label}: {value}")
        subject = page.subject or _("New submission: %(title)s") % {"title": page.title}
    EmailMessage(subject, "\n".join(lines), page.from_address or None, recipients, reply_to=reply_to).send()
    return True
