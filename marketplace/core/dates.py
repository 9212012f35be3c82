"""Dates and times as people read them, one style per purpose, from the active language's
format module (marketplace/core/formats/): code that writes a date into a notification, an
email or a message uses these, and templates use the filters of the same names in core's
`valund` tags, so a booking's dates read the same in its page, its notification and its email.

    day(date)              "30 Jan 2026"          DATE_FORMAT
    day_time(datetime)     "30 Jan 2026, 14:05"   DATETIME_FORMAT, in the current time zone
    month(date)            "Jan 2026"             YEAR_MONTH_FORMAT
    day_range(start, end)  "30 Jan 2026 – 2 Feb 2026", or one day when they are the same
    weekday(date)          "Mon 12 Oct": a day in a week's table, whose year is said above it
    short_day(date)        "30 Jan 2026", "2026-01-30" in Swedish: tables   SHORT_DATE_FORMAT
    iso_week(date)         "Week 48", "v. 48" in Swedish: the ISO week a timesheet shows

In Swedish a day reads "26 nov. 2026": the language's MONTH_ABBREVIATIONS replace Django's
"N" (which writes "nov"), see marketplace/core/formats/sv/formats.py.

Machine-readable values (a <time datetime>, a calendar file, an API) stay ISO 8601."""

import datetime

from django.utils import timezone
from django.utils.formats import date_format, get_format

from marketplace.core.formats import style

__all__ = ["day", "day_range", "day_time", "iso_week", "month", "short_day", "weekday"]


def _local(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def _with_month_abbreviation(pattern: str, value: datetime.date) -> str:
    """`pattern` with each unescaped "N" written out as the language's own abbreviation of
    `value`'s month, escaped so the date formatter copies it."""
    names = style("MONTH_ABBREVIATIONS", None)
    if not names or "N" not in pattern:
        return pattern
    literal = "".join(f"\\{char}" for char in names[value.month - 1])
    out, escaped = [], False
    for char in pattern:
        if escaped:
            out.append(char)
            escaped = False
        elif char == "\\":
            out.append(char)
            escaped = True
        else:
            out.append(literal if char == "N" else char)
    return "".join(out)


def _format(value, name: str) -> str:
    value = _local(value)
    return date_format(value, _with_month_abbreviation(get_format(name), value))


def day(value: datetime.date | datetime.datetime | None) -> str:
    return _format(value, "DATE_FORMAT") if value else ""


def day_time(value: datetime.datetime | None) -> str:
    return _format(value, "DATETIME_FORMAT") if value else ""


def month(value: datetime.date | datetime.datetime | None) -> str:
    return _format(value, "YEAR_MONTH_FORMAT") if value else ""


def short_day(value: datetime.date | datetime.datetime | None) -> str:
    return _format(value, "SHORT_DATE_FORMAT") if value else ""


def iso_week(value: datetime.date | None) -> str:
    """The ISO 8601 week `value` falls in (weeks from Monday; week 1 holds the year's first
    Thursday), as the language heads a week: "Week 48", "v. 48"."""
    if not value:
        return ""
    return style("WEEK_FORMAT", "Week {number}").format(number=value.isocalendar().week)


def day_range(start: datetime.date, end: datetime.date) -> str:
    if not start or not end:
        return day(start or end)
    if start == end:
        return day(start)
    return f"{day(start)} – {day(end)}"


def weekday(value: datetime.date | None) -> str:
    return f"{date_format(value, 'D')} {_format(value, 'MONTH_DAY_FORMAT')}" if value else ""
