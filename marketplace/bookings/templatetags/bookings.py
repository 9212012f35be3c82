from django import template

from .. import selectors

register = template.Library()


@register.simple_tag
def booking_summary(user):
    """What needs the member on their bookings, counted in one query (for the dashboard)."""
    return selectors.dashboard_summary(user=user)
