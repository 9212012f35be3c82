"""Reads for the privacy pages: what stands in the way of closing an account, and a member's
data requests."""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from marketplace.bookings.models import Booking
from marketplace.payments import ledger
from marketplace.payments.models import EscrowAccount, LedgerEntry, PaymentDispute

from .models import DataRequest

# Ledger accounts of a booking that hold money for someone until it moves on.
_OWED = (LedgerEntry.Account.ESCROW, LedgerEntry.Account.FREELANCER_PAYABLE, LedgerEntry.Account.CLIENT_REFUNDABLE,
         LedgerEntry.Account.DISPUTED)


@dataclass(frozen=True)
class Blocker:
    """Something to settle before the account can close, with where to settle it."""

    reason: str
    title: str
    url: str


def closure_blockers(user) -> list[Blocker]:
    """Open bookings, money still held in a booking's escrow (or owed from it), open disputes:
    each of them needs the member, so the account cannot close while one is there."""
    blockers = []
    mine = Q(client=user) | Q(freelancer=user)
    for booking in Booking.objects.filter(mine, status__in=Booking.OPEN).order_by("start_date", "pk"):
        blockers.append(Blocker(_("The booking is still open: finish, cancel or decline it first."),
                                booking.title, booking.get_absolute_url()))
    open_disputes = PaymentDispute.objects.filter(escrow__booking__in=Booking.objects.filter(mine),
                                                  status=PaymentDispute.Status.OPEN).select_related("escrow__booking")
    disputed = set()
    for dispute in open_disputes:
        booking = dispute.escrow.booking
        disputed.add(booking.pk)
        blockers.append(Blocker(_("A dispute about this booking's payment is open: it must be decided first."),
                                booking.title, booking.get_absolute_url()))
    escrows = (EscrowAccount.objects.filter(booking__in=Booking.objects.filter(mine).exclude(status__in=Booking.OPEN))
               .exclude(booking__in=disputed).select_related("booking"))
    for escrow in escrows:
        balances = ledger.balances(escrow)
        if any(balances.get(account, 0) for account in _OWED):
            blockers.append(Blocker(
                _("Money is still held for this booking: it has to be released or refunded first."),
                escrow.booking.title, escrow.booking.get_absolute_url(),
            ))
    return blockers


def requests_of(user, kind: str):
    return DataRequest.objects.filter(member=user, kind=kind)


def latest_export(user) -> DataRequest | None:
    return requests_of(user, DataRequest.Kind.EXPORT).first()
