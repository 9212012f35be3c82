"""An iCalendar (RFC 5545) file for an accepted booking: one all-day event over its dates.

Written by hand: the format is small, and the two rules that matter are here: text escaping
(backslash, semicolon, comma, newline) and folding lines longer than 75 octets."""

import datetime

from django.conf import settings
from django.utils import timezone

from marketplace.core.http import absolute_url

from .models import Booking

CALENDAR_STATUSES = (Booking.Status.ACCEPTED, Booking.Status.IN_PROGRESS, Booking.Status.COMPLETED)


def escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold(line: str) -> str:
    """Split a content line into chunks of at most 75 octets, never inside a UTF-8 character."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts, current, limit = [], b"", 75
    for char in line:
        piece = char.encode()
        if len(current) + len(piece) > limit:
            parts.append(current.decode())
            current, limit = b"", 74  # continuation lines start with a space
        current += piece
    parts.append(current.decode())
    return "\r\n ".join(parts)


def booking_ics(booking: Booking, *, now: datetime.datetime | None = None) -> str:
    now = now or timezone.now()
    stamp = now.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    client, freelancer = booking.client.profile.display_name, booking.freelancer.profile.display_name
    url = absolute_url(booking.get_absolute_url())
    description = f"{booking.description}\n\n{client} – {freelancer}\n{url}"
    # The event's identity stays the site's, whatever address the file was fetched from, so a
    # calendar that imports it twice updates one event.
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "valund"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Valund//Bookings//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:booking-{booking.pk}@{host}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{booking.start_date.strftime('%Y%m%d')}",
        f"DTEND;VALUE=DATE:{(booking.end_date + datetime.timedelta(days=1)).strftime('%Y%m%d')}",
        f"SUMMARY:{escape(booking.title)}",
        f"DESCRIPTION:{escape(description)}",
        f"URL:{url}",
        f"STATUS:{'CONFIRMED' if booking.status in CALENDAR_STATUSES else 'CANCELLED'}",
    ]
    if booking.location == Booking.Location.ON_SITE and booking.address:
        lines.append(f"LOCATION:{escape(booking.address)}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "\r\n".join(fold(line) for line in lines) + "\r\n"
