"""The booking page's next step while the escrow waits for the estimate (bookings.steps): the
client pays it in; the freelancer sets up payouts meanwhile, or waits for the client."""

from django.urls import reverse
from django.utils.translation import gettext as _

from marketplace.bookings.models import Booking
from marketplace.bookings.steps import Step
from marketplace.core.money import format_money

from .selectors import escrow_summary, open_dispute


def booking_step(booking: Booking, user) -> Step | None:
    """For an accepted booking whose escrow is short (once it holds the estimate, starting the
    work is bookings' step again), and for the party who has yet to answer a dispute."""
    if booking.status == Booking.Status.DISPUTED:
        return _answer_dispute(booking, user)
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


def _answer_dispute(booking: Booking, user) -> Step | None:
    dispute = open_dispute(booking=booking)
    if dispute is None or dispute.responded_at or dispute.opened_by_id in (None, user.pk) \
            or not booking.is_party(user):
        return None
    return Step(_("Give your side of the dispute"), url=reverse("payments:dispute", args=[booking.pk]),
                detail=_("%(name)s opened a dispute: “%(reason)s”. Valund's staff read both sides before deciding "
                         "what happens to the money in escrow.")
                % {"name": dispute.opened_by.profile.display_name, "reason": dispute.get_reason_display()})
