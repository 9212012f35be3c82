"""Who may see and decide what in payments: the checks that services, selectors, views and the
admin share, so none of them imports another for a permission."""

from django.conf import settings
from django.utils.translation import gettext as _

from marketplace.bookings.models import Booking
from marketplace.core.dates import day
from marketplace.core.permissions import holds_permissions

from .models import EscrowAccount, Payment

RESOLVE_PERMISSION = "payments.resolve_paymentdispute"
VIEW_ALL_PERMISSION = "payments.view_payment"

# The side of a booking's money each party sees: a client what they paid in and what came back,
# a freelancer what was transferred to them and taken back.
CLIENT_KINDS = (Payment.Kind.FUNDING, Payment.Kind.REFUND)
FREELANCER_KINDS = (Payment.Kind.TRANSFER, Payment.Kind.REVERSAL)


def can_resolve(user) -> bool:
    """Staff who decide members' disputes (and see the payments overview)."""
    return holds_permissions(user, RESOLVE_PERMISSION)


def can_see_all_payments(user) -> bool:
    return user.has_perm(VIEW_ALL_PERMISSION)


def can_see_payment(user, *, kind: str, booking: Booking) -> bool:
    """Whether `user` may open the receipt of a payment of `kind` for `booking` (so a receipt
    links to the one it drew on only for those who may see it)."""
    if can_see_all_payments(user):
        return True
    return ((kind in CLIENT_KINDS and booking.client_id == user.pk)
            or (kind in FREELANCER_KINDS and booking.freelancer_id == user.pk))


def dispute_refusal(escrow: EscrowAccount | None) -> str:
    """Why a booking can no longer be disputed here, or "". A dispute holds the money in escrow
    while staff decide; once the escrow has paid out there is nothing left to hold, so a complaint
    about the work goes to support by email instead, outside the escrow (decided in issue 24)."""
    if escrow is None or escrow.released_at is None:
        return ""
    return _("The payment for this booking was released on %(date)s, so there is no money left in escrow for a "
             "dispute to hold. If something is wrong with the work, write to Valund support at %(email)s: we look "
             "into it with both of you.") % {"date": day(escrow.released_at), "email": settings.SUPPORT_EMAIL}
