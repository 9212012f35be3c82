"""The booking page's next step while the escrow waits for the estimate (bookings.steps): the
client pays it in; the freelancer sets up payouts meanwhile, or waits for the client."""

from django.urls import reverse
from django.utils.translation import gettext as _

from marketplace.bookings.models import Booking
from marketplace.bookings.steps import Step
from marketplace.core.money import format_money

from .selectors import escrow_summary


def booking_step(booking: Booking, user) -> Step | None:
    """Only for an accepted booking whose escrow is short: once it holds the estimate, starting
    the work is bookings' step again."""
    if booking.status != Booking.Status.ACCEPTED:
        return None
    escrow = escrow_summary(booking=booking)
    if not escrow.can_fund:
        return None
    amount = format_money(escrow.figures.due, booking.currency)
    if user.pk == booking.client_id:
        return Step(
            _("Pay %(amount)s into escrow") % {"amount": amount},
            url=reverse("payments:fund", args=[booking.pk]), post=True,
            detail=_("%(name)s starts once the money is in escrow. Valund holds it and pays %(name)s when the "
                     "work is done.") % {"name": booking.freelancer.profile.display_name},
            choices=tuple((_("Pay with %(card)s •••• %(last4)s") % {"card": card.brand.title(), "last4": card.last4},
                           "payment_method", card.stripe_id) for card in escrow.saved_methods),
            links=((_("Manage saved cards"), f"{reverse('payments:history')}#saved-cards"),)
            if escrow.saved_methods else (),
        )
    client = booking.client.profile.display_name
    if not escrow.payout_ready:
        return Step(_("Set up payouts"), url=reverse("payments:payouts"),
                    detail=_("%(name)s pays %(amount)s into escrow next. Set up payouts now, so the money can "
                             "reach you when the work is done.") % {"name": client, "amount": amount})
    return Step(_("Waiting for %(name)s to pay into escrow") % {"name": client},
                detail=_("You can start the work once %(amount)s is in escrow; you will be told.")
                % {"amount": amount})
