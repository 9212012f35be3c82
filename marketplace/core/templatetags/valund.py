import datetime

from django import template
from django.utils import timezone
from django.utils.html import format_html

from marketplace.core import dates
from marketplace.core.money import format_money
from marketplace.core.text import plain_number

register = template.Library()


@register.filter
def money(minor, currency):
    """{{ profile.hourly_rate|money:profile.currency }}"""
    return format_money(minor, currency)


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
    """{{ booking.expected_hours|hours }}: "16", "7.5", as notifications write them."""
    return plain_number(value) if value is not None else ""


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
def weekday(value):
    """{{ log.date|weekday }}: "Mon 12 Oct", in a week's table whose year is said above it."""
    return dates.weekday(value)


STYLES = {"day": dates.day, "day_time": dates.day_time, "month": dates.month}


@register.filter
def time_tag(value, style="day"):
    """{{ log.date|time_tag }}, {{ entry.created_at|time_tag:"day_time" }}: the date as people
    read it in a <time> element whose datetime attribute machines read (ISO 8601)."""
    if not value:
        return ""
    return format_html('<time datetime="{}">{}</time>', html_datetime(value), STYLES[style](value))
