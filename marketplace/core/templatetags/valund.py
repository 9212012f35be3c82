from django import template

from marketplace.core.money import format_money

register = template.Library()


@register.filter
def money(minor, currency):
    """{{ profile.hourly_rate|money:profile.currency }}"""
    return format_money(minor, currency)
