"""Reads for payment pages."""

from dataclasses import dataclass

from marketplace.bookings.models import Booking

from . import services
from .gateways import payments_simulated
from .models import ConnectedAccount, EscrowAccount


@dataclass(frozen=True)
class EscrowSummary:
    figures: services.Figures
    frozen: bool
    released: bool
    simulated: bool
    can_fund: bool
    can_release: bool
    release_blockers: list
    payout_ready: bool


def escrow_summary(*, booking: Booking) -> EscrowSummary:
    escrow = EscrowAccount.objects.filter(booking=booking).first()
    figures = services.figures(booking, escrow)
    frozen = bool(escrow and escrow.frozen)
    released = bool(escrow and escrow.released_at)
    blockers = services.release_blockers(booking) if booking.status == Booking.Status.COMPLETED else []
    account = ConnectedAccount.objects.filter(user_id=booking.freelancer_id).first()
    return EscrowSummary(
        figures=figures, frozen=frozen, released=released, simulated=payments_simulated(),
        can_fund=booking.status in services.FUNDABLE and figures.due > 0 and not frozen and not released,
        can_release=booking.status == Booking.Status.COMPLETED and not blockers,
        release_blockers=blockers, payout_ready=bool(account and account.ready),
    )
