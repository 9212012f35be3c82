"""The .ics file of an accepted booking (RFC 5545): escaping, folding, all-day dates."""

import datetime

import pytest

from marketplace.bookings.calendar import booking_ics, escape, fold
from marketplace.bookings.models import Booking

pytestmark = pytest.mark.django_db


def unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_text_is_escaped():
    assert escape("a;b,c\\d\ne") == "a\\;b\\,c\\\\d\\ne"


def test_long_lines_fold_at_75_octets_without_splitting_a_character():
    line = "DESCRIPTION:" + "åäö" * 60
    folded = fold(line)
    parts = folded.split("\r\n ")
    assert all(len(part.encode()) <= 75 for part in parts)
    assert "".join(parts) == line


def test_an_accepted_booking_is_one_all_day_event_over_its_dates(make_booking, today):
    booking = make_booking(Booking.Status.ACCEPTED, title="Weld; railings, stairs", location="on_site",
                           address="Hamngatan 1, Göteborg")
    text = booking_ics(booking, now=datetime.datetime(2026, 11, 26, 9, 0, tzinfo=datetime.UTC))
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    lines = unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR"
    assert f"DTSTART;VALUE=DATE:{today:%Y%m%d}" in lines
    assert f"DTEND;VALUE=DATE:{booking.end_date + datetime.timedelta(days=1):%Y%m%d}" in lines
    assert "SUMMARY:Weld\\; railings\\, stairs" in lines
    assert "LOCATION:Hamngatan 1\\, Göteborg" in lines
    assert "DTSTAMP:20261126T090000Z" in lines
    assert f"UID:booking-{booking.pk}@testserver" in lines


def test_no_calendar_file_before_the_booking_is_accepted(make_booking, client):
    booking = make_booking()
    client.force_login(booking.client, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(f"/bookings/{booking.pk}/calendar.ics").status_code == 404
