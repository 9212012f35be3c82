import datetime

from django import template
from django.utils import timezone

from marketplace.core.money import format_money

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
