from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("marketplace/payments/_escrow_card.html")
def escrow_card(booking, role):
    """The escrow's state and the payment actions on a booking page."""
    return {"booking": booking, "role": role, "escrow": selectors.escrow_summary(booking=booking)}
