"""Formats per language (issue 21): Swedish and English dates, times, numbers, money and hours
through the real template filters; ISO week numbers on the timesheet; the member's own time
zone on their pages; and what Valund sends a member (notifications, their emails) written in the
member's language and time zone, whoever's request or which task caused it. The timesheet's weeks:
tests/marketplace/bookings/test_timesheet_weeks.py."""

import datetime
import zoneinfo
from decimal import Decimal

import pytest
from django import forms
from django.core import mail
from django.template import Context, Template
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import get_format
from django.utils.translation import gettext

from marketplace.accounts import services as account_services
from marketplace.accounts.locale import addressed_to
from marketplace.accounts.models import User
from marketplace.core import dates
from marketplace.core.errors import DomainError
from marketplace.core.money import format_money
from marketplace.notifications.models import Kind, Notification
from tests.marketplace.accounts.test_profile import valid_data as valid_profile

DAY = datetime.date(2026, 11, 26)
# 13:30 UTC is 14:30 in Stockholm in winter.
MOMENT = datetime.datetime(2026, 11, 26, 13, 30, tzinfo=datetime.UTC)
NBSP = "\xa0"


def render(source: str, language: str, **context) -> str:
    with translation.override(language):
        return Template("{% load valund %}" + source).render(Context(context))


# --- Dates and times ---------------------------------------------------------------------------


@override_settings(TIME_ZONE="Europe/Stockholm")
@pytest.mark.parametrize(("source", "english", "swedish"), [
    ("{{ day|day }}", "26 Nov 2026", "26 nov. 2026"),
    ("{{ moment|day_time }}", "26 Nov 2026, 14:30", "26 nov. 2026 14:30"),
    ("{{ day|month }}", "Nov 2026", "nov. 2026"),
    ("{{ day|weekday }}", "Thu 26 Nov", "tors 26 nov."),
    ("{{ day|short_day }}", "26 Nov 2026", "2026-11-26"),
    ("{{ day|day_range:end }}", "26 Nov 2026 – 29 Nov 2026", "26 nov. 2026 – 29 nov. 2026"),
    ("{{ day|iso_week }}", "Week 48", "v. 48"),
    ('{{ moment|time:"TIME_FORMAT" }}', "14:30", "14:30"),
    ('{{ day|time_tag }}', '<time datetime="2026-11-26">26 Nov 2026</time>',
     '<time datetime="2026-11-26">26 nov. 2026</time>'),
])
def test_dates_in_each_language(source, english, swedish):
    context = {"day": DAY, "end": datetime.date(2026, 11, 29), "moment": MOMENT}
    assert render(source, "en", **context) == english
    assert render(source, "sv", **context) == swedish


@pytest.mark.parametrize(("month", "swedish"), [
    (1, "3 jan. 2026"), (3, "3 mars 2026"), (5, "3 maj 2026"), (6, "3 juni 2026"), (7, "3 juli 2026"),
    (9, "3 sep. 2026"),
])
def test_swedish_months_are_abbreviated_as_swedish_writes_them(month, swedish):
    """A full stop only where letters were left out: "maj", "juni" and "mars" are whole words."""
    assert render("{{ day|day }}", "sv", day=datetime.date(2026, month, 3)) == swedish


def test_an_escaped_n_in_a_format_stays_a_letter():
    with translation.override("sv"):
        assert dates._with_month_abbreviation(r"j N \N Y", DAY) == r"j \n\o\v\. \N Y"


def test_weeks_start_on_monday_and_forms_read_iso_dates_first_in_swedish():
    with translation.override("sv"):
        assert get_format("FIRST_DAY_OF_WEEK") == 1
        assert get_format("DATE_INPUT_FORMATS")[0] == "%Y-%m-%d"
        field = forms.DateField()
        assert field.clean("2026-11-26") == DAY
        assert field.clean("26.11.2026") == DAY
        with pytest.raises(forms.ValidationError):
            field.clean("11/26/2026")  # American month first is not Swedish
    with translation.override("en"):
        assert forms.DateField().clean("2026-11-26") == DAY


def test_iso_weeks_cross_the_new_year_as_iso_8601_counts_them():
    with translation.override("en"):
        assert dates.iso_week(datetime.date(2026, 12, 31)) == "Week 53"
        assert dates.iso_week(datetime.date(2027, 1, 4)) == "Week 1"
    with translation.override("sv"):
        assert dates.iso_week(datetime.date(2027, 1, 3)) == "v. 53"


# --- Numbers, money and hours ------------------------------------------------------------------


@pytest.mark.parametrize(("source", "english", "swedish"), [
    ("{{ 125000|money:'SEK' }}", "1,250 SEK", f"1{NBSP}250{NBSP}kr"),
    ("{{ 125050|money:'SEK' }}", "1,250.50 SEK", f"1{NBSP}250,50{NBSP}kr"),
    ("{{ 9500|money:'EUR' }}", "€95", f"95{NBSP}€"),
    ("{{ 125000|rate:'SEK' }}", "1,250 SEK per hour", f"1{NBSP}250{NBSP}kr/tim"),
    ("{{ 9500|rate:'EUR' }}", "€95 per hour", f"95{NBSP}€/tim"),
    ("{{ nothing|money:'SEK' }}{{ nothing|rate:'SEK' }}", "", ""),
    ("{{ hours|hours }}", "7.5", "7,5"),
    ("{{ whole|hours }}", "16", "16"),
    ("{{ hours|hours_short }}", "7.5 h", f"7,5{NBSP}tim"),
    ("{{ score|number:1 }}", "4.8", "4,8"),
    ("{{ score|floatformat:1 }}", "4.8", "4,8"),  # the reviews' score, localised by Django
    ("{{ big|number }}", "1,234,567.5", f"1{NBSP}234{NBSP}567,5"),
])
def test_numbers_money_and_hours_in_each_language(source, english, swedish):
    context = {"hours": Decimal("7.50"), "whole": Decimal("16.00"), "score": 4.84, "big": Decimal("1234567.50"),
               "nothing": None}
    assert render(source, "en", **context) == english
    assert render(source, "sv", **context) == swedish


# --- Time zones --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_member_s_pages_show_times_in_their_own_time_zone(notify_to, logged_in, client_user):
    notify_to(client_user)
    browser = logged_in(client_user)
    page = browser.get(reverse("notifications:index"), follow=True).content.decode()
    assert "+01:00\">" in page or "+02:00\">" in page  # Stockholm, winter or summer

    account_services.user_set_time_zone(actor=client_user, user=client_user, time_zone="Asia/Tokyo")
    page = browser.get(reverse("notifications:index"), follow=True).content.decode()
    assert "+09:00\">" in page
    assert timezone.get_current_timezone_name() != "Asia/Tokyo"  # the request's zone ended with it


@pytest.mark.django_db
def test_only_known_time_zones_and_only_one_s_own(client_user, freelancer):
    with pytest.raises(DomainError):
        account_services.user_set_time_zone(actor=client_user, user=client_user, time_zone="Mars/Olympus_Mons")
    with pytest.raises(Exception, match="own account"):
        account_services.user_set_time_zone(actor=freelancer, user=client_user, time_zone="Europe/Oslo")
    account_services.user_set_time_zone(actor=client_user, user=client_user, time_zone="Europe/Oslo")
    client_user.refresh_from_db()
    assert client_user.time_zone == "Europe/Oslo"


@pytest.mark.django_db
def test_the_profile_form_saves_the_time_zone(freelancer, logged_in):
    browser = logged_in(freelancer)
    url = reverse("accounts:profile_edit")
    form = browser.get(url, follow=True).context["form"]
    assert ("Europe/Helsinki", "Europe/Helsinki") in form.fields["time_zone"].choices
    assert form.fields["time_zone"].choices[0][0] == ""  # Valund's own time, the default
    browser.post(url, {**valid_profile(), "time_zone": "Europe/Helsinki"})
    freelancer.refresh_from_db()
    assert freelancer.time_zone == "Europe/Helsinki"
    browser.post(url, {**valid_profile(), "time_zone": ""})
    freelancer.refresh_from_db()
    assert freelancer.time_zone == ""


# --- What Valund sends, in the recipient's language --------------------------------------------


@pytest.fixture
def notify_to(django_capture_on_commit_callbacks):
    from marketplace.notifications.services import notify

    def send(recipient):
        with django_capture_on_commit_callbacks(execute=True):
            return notify(recipient=recipient, kind=Kind.BOOKING_ACCEPTED, event_key="test:tz", title="Accepted",
                          url="/")

    return send


def _request_for(freelancer, client_user, request_booking, django_capture_on_commit_callbacks, *, start):
    """A booking request made by an English-speaking client's request (the active language is
    English), notified to `freelancer` and emailed by the (immediate) Huey task."""
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        booking = request_booking(start_date=start, end_date=start + datetime.timedelta(days=3),
                                  expected_hours="7.5")
    return booking, Notification.objects.get(recipient=freelancer, kind=Kind.BOOKING_REQUESTED)


@pytest.mark.django_db
def test_a_swedish_member_is_notified_and_emailed_in_swedish(freelancer, client_user, request_booking, today,
                                                             django_capture_on_commit_callbacks):
    account_services.user_set_language(actor=freelancer, user=freelancer, language="sv")
    start = today + datetime.timedelta(days=30)
    booking, notice = _request_for(freelancer, client_user, request_booking, django_capture_on_commit_callbacks,
                                   start=start)

    with translation.override("sv"):
        swedish_dates = dates.day_range(booking.start_date, booking.end_date)
        swedish_title = gettext("%(name)s asked to book you: %(title)s") % {
            "name": client_user.profile.display_name, "title": booking.title}
    with translation.override("en"):
        english_dates = dates.day_range(booking.start_date, booking.end_date)
    assert swedish_dates != english_dates
    # The stored notification, as the site lists it: Swedish dates and number, Swedish words.
    assert notice.body.startswith(f"{swedish_dates}, ") and "7,5" in notice.body
    assert english_dates not in notice.body
    assert notice.title == swedish_title
    # The email the task sent, subject and body.
    email = next(message for message in mail.outbox if message.to == [freelancer.email])
    assert swedish_title in email.subject
    assert swedish_dates in email.body
    with translation.override("sv"):
        assert email.body.startswith(gettext("Hello,"))
    # The language of the request that caused it came back afterwards.
    assert translation.get_language() == "en"


@pytest.mark.django_db
def test_an_english_member_is_notified_in_english_whoever_asked(freelancer, client_user, request_booking, today,
                                                                django_capture_on_commit_callbacks):
    account_services.user_set_language(actor=freelancer, user=freelancer, language="en")
    start = today + datetime.timedelta(days=30)
    with translation.override("sv"), django_capture_on_commit_callbacks(execute=True):
        booking = request_booking(start_date=start, end_date=start + datetime.timedelta(days=3),
                                  expected_hours="7.5")
    notice = Notification.objects.get(recipient=freelancer, kind=Kind.BOOKING_REQUESTED)
    with translation.override("en"):
        english_dates = dates.day_range(booking.start_date, booking.end_date)
    assert notice.body.startswith(f"{english_dates}, about 7.5 hours.")
    assert notice.title == f"{client_user.profile.display_name} asked to book you: {booking.title}"
    email = next(message for message in mail.outbox if message.to == [freelancer.email])
    assert email.subject == f"[Valund] {notice.title}"
    assert email.body.startswith("Hello,")


@pytest.mark.django_db
def test_what_is_sent_shows_times_in_the_recipient_s_time_zone(freelancer, client_user, request_booking, today,
                                                               django_capture_on_commit_callbacks):
    account_services.user_set_language(actor=freelancer, user=freelancer, language="en")
    account_services.user_set_time_zone(actor=freelancer, user=freelancer, time_zone="America/New_York")
    booking, notice = _request_for(freelancer, client_user, request_booking, django_capture_on_commit_callbacks,
                                   start=today + datetime.timedelta(days=30))
    with translation.override("en"), timezone.override(zoneinfo.ZoneInfo("America/New_York")):
        new_york = dates.day_time(booking.expires_at)
    with translation.override("en"), timezone.override(zoneinfo.ZoneInfo("Europe/Stockholm")):
        stockholm = dates.day_time(booking.expires_at)
    assert new_york != stockholm
    assert f"Answer by {new_york}." in notice.body


@pytest.mark.django_db
def test_addressed_to_switches_language_and_zone_and_gives_them_back(make_member):
    member = make_member(User.Role.CLIENT)
    account_services.user_set_language(actor=member, user=member, language="sv")
    account_services.user_set_time_zone(actor=member, user=member, time_zone="Europe/Helsinki")
    with translation.override("en"):
        with addressed_to(member):
            assert translation.get_language() == "sv"
            assert timezone.get_current_timezone_name() == "Europe/Helsinki"
            assert format_money(125000, "SEK") == f"1{NBSP}250{NBSP}kr"
        assert translation.get_language() == "en"
        assert format_money(125000, "SEK") == "1,250 SEK"
    assert timezone.get_current_timezone_name() != "Europe/Helsinki"


@pytest.mark.django_db
def test_a_member_who_chose_nothing_is_addressed_in_the_site_s_language(make_member, settings):
    member = make_member(User.Role.CLIENT)
    with translation.override("en"), addressed_to(member):
        assert translation.get_language() == settings.LANGUAGE_CODE
        assert timezone.get_current_timezone_name() == settings.TIME_ZONE


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "worker"), [("sv", "en"), ("en", "sv")])
def test_the_export_ready_letter_is_in_the_member_s_language_whatever_the_worker_s(make_member, language,
                                                                                    worker):
    from marketplace.privacy import services as privacy_services

    member = make_member(User.Role.FREELANCER)
    account_services.user_set_language(actor=member, user=member, language=language)
    request = privacy_services.export_request(member=member)
    with translation.override(worker):  # the Huey worker, in whatever language it runs
        privacy_services.export_build(request_id=request.pk)
        assert translation.get_language() == worker
    [email] = [message for message in mail.outbox if message.to == [member.email]]
    with translation.override(language):
        subject, greeting = gettext("Your Valund data is ready to download"), gettext("Hello,")
    assert email.subject == subject and email.body.startswith(greeting)
    with translation.override(worker):
        assert gettext("Your Valund data is ready to download") != subject
