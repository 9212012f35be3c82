"""The timesheet's weeks (issue 21): Monday to Sunday, headed by the ISO 8601 week number as
each language writes it ("Week 48", "v. 48"), while the address keeps the machine's 2026-W48."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from marketplace.accounts import services as account_services
from marketplace.bookings import selectors


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "heading", "monday", "hours"), [
    ("en", "Week {}", "Mon ", "Welding · 7.5 h"),
    ("sv", "v. {}", "mån ", "Welding · 7,5\xa0tim"),
])
def test_the_timesheet_heads_its_week_with_the_iso_week_number(in_progress, week, log, logged_in, language, heading,
                                                                 monday, hours):
    log(date=week, minutes=450)
    client = in_progress.client
    account_services.user_set_language(actor=client, user=client, language=language)
    browser = logged_in(client)
    label = week.strftime("%G-W%V")
    response = browser.get(f"{reverse('bookings:timesheet', args=[in_progress.pk])}?week={label}", follow=True)
    page = response.content.decode()
    number = week.isocalendar().week
    assert f"<h1>{heading.format(number)}</h1>" in page
    assert f"<th scope=\"row\">{monday}" in page
    assert label not in page.split("<h1>")[1].split("</h1>")[0]
    assert hours in page


def test_the_week_label_of_the_timesheet_stays_machine_readable():
    """The ?week= parameter and the approval form keep ISO 8601 (2026-W48) in every language."""
    week = selectors.Week(start=datetime.date(2026, 11, 23), days=[], minutes=0, submitted=0)
    with translation.override("sv"):
        assert week.label == "2026-W48"
