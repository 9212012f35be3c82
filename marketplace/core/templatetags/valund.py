import datetime

from django import template
from django.utils import timezone
from django.utils.html import format_html

from marketplace.core import dates
from marketplace.core.money import format_hours, format_money, format_number, format_rate

register = template.Library()


@register.filter
def money(minor, currency):
    """{{ payment.amount|money:payment.currency }}: "1,250 SEK", "1 250 kr" in Swedish."""
    return format_money(minor, currency)


@register.filter
def rate(minor, currency):
    """{{ profile.hourly_rate|rate:profile.currency }}: "650 SEK per hour", "650 kr/tim"."""
    return format_rate(minor, currency)


@register.filter
def number(value, decimals=None):
    """{{ total|number }}: "1,250.5", "1 250,5" in Swedish; {{ score|number:1 }}: "4.8", "4,8"."""
    return format_number(value, None if decimals in (None, "") else int(decimals))


@register.filter
def hours_short(value):
    """{{ log.hours|hours_short }}: "7.5 h", "7,5 tim" in Swedish."""
    return format_hours(value)


@register.filter(expects_localtime=True)
def html_datetime(value):
    """{{ message.created_at|html_datetime }} for <time datetime>: ISO 8601 to the whole
    second in the current time zone (HTML allows at most three decimals, Django's "c" gives six)."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    return value.isoformat() if isinstance(value, datetime.date) else ""


@register.filter
def hours(value):
    """{{ booking.expected_hours|hours }}: "16", "7.5" ("7,5" in Swedish), as notifications
    write them."""
    return format_number(value) if value is not None else ""


# One date style per purpose (marketplace/core/dates.py, marketplace/core/formats/): templates
# write {{ booking.start_date|day }}, never a format string of their own.
@register.filter
def day(value):
    """{{ document.issue_date|day }}: "30 Jan 2026"."""
    return dates.day(value)


@register.filter
def day_time(value):
    """{{ message.created_at|day_time }}: "30 Jan 2026, 14:05", in the current time zone."""
    return dates.day_time(value)


@register.filter
def month(value):
    """{{ document.expiry_date|month }}: "Jan 2026", where only the month matters."""
    return dates.month(value)


@register.filter
def day_range(start, end):
    """{{ booking.start_date|day_range:booking.end_date }}: "30 Jan 2026 – 2 Feb 2026"."""
    return dates.day_range(start, end)


@register.filter
def short_day(value):
    """{{ payment.created_at|short_day }} in a table: "30 Jan 2026", "2026-01-30" in Swedish."""
    return dates.short_day(value)


@register.filter
def iso_week(value):
    """{{ week.start|iso_week }}: "Week 48", "v. 48" in Swedish."""
    return dates.iso_week(value)


@register.filter
def weekday(value):
    """{{ log.date|weekday }}: "Mon 12 Oct", in a week's table whose year is said above it."""
    return dates.weekday(value)


STYLES = {"day": dates.day, "day_time": dates.day_time, "month": dates.month, "short_day": dates.short_day}


@register.filter
def time_tag(value, style="day"):
    """{{ log.date|time_tag }}, {{ entry.created_at|time_tag:"day_time" }}: the date as people
    read it in a <time> element whose datetime attribute machines read (ISO 8601)."""
    if not value:
        return ""
    return format_html('<time datetime="{}">{}</time>', html_datetime(value), STYLES[style](value))
