"""Dates and times as people read them, one style per purpose, from the active language's
format module (marketplace/core/formats/): code that writes a date into a notification, an
email or a message uses these, and templates use the filters of the same names in core's
`valund` tags, so a booking's dates read the same in its page, its notification and its email.

    day(date)              "30 Jan 2026"          DATE_FORMAT
    day_time(datetime)     "30 Jan 2026, 14:05"   DATETIME_FORMAT, in the current time zone
    month(date)            "Jan 2026"             YEAR_MONTH_FORMAT
    day_range(start, end)  "30 Jan 2026 – 2 Feb 2026", or one day when they are the same
    weekday(date)          "Mon 12 Oct": a day in a week's table, whose year is said above it

Machine-readable values (a <time datetime>, a calendar file, an API) stay ISO 8601."""

import datetime

from django.utils import timezone
from django.utils.formats import date_format

__all__ = ["day", "day_range", "day_time", "month", "weekday"]


def _local(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def day(value: datetime.date | datetime.datetime | None) -> str:
    return date_format(_local(value), "DATE_FORMAT") if value else ""


def day_time(value: datetime.datetime | None) -> str:
    return date_format(_local(value), "DATETIME_FORMAT") if value else ""


def month(value: datetime.date | datetime.datetime | None) -> str:
    return date_format(_local(value), "YEAR_MONTH_FORMAT") if value else ""


def day_range(start: datetime.date, end: datetime.date) -> str:
    if not start or not end:
        return day(start or end)
    if start == end:
        return day(start)
    return f"{day(start)} – {day(end)}"


def weekday(value: datetime.date | None) -> str:
    return f"{date_format(value, 'D')} {date_format(value, 'MONTH_DAY_FORMAT')}" if value else ""
