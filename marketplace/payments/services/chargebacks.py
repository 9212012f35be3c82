"""Card chargebacks: the bank takes money back from the platform for a disputed charge, and
later decides. The escrow freezes meanwhile; a loss beyond what escrow still holds is recovered
from the freelancer's transfers where it can be."""

import logging

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.notifications.models import Kind as NotificationKind
from marketplace.notifications.services import notify

from .. import ledger, selectors
from ..models import EscrowAccount, LedgerEntry, LedgerTransaction, Payment, PaymentDispute
from .execution import execute_after_commit

logger = logging.getLogger(__name__)

Account = LedgerEntry.Account
TxKind = LedgerTransaction.Kind
PaymentKind = Payment.Kind
PaymentStatus = Payment.Status


def _funding_for_charge(charge_id: str) -> Payment | None:
    return Payment.objects.filter(kind=PaymentKind.FUNDING, stripe_charge_id=charge_id).select_related(
        "escrow__booking").first()


def chargeback_opened(*, stripe_dispute_id: str, charge_id: str, amount: int) -> PaymentDispute | None:
    """Stripe took `amount` back from the platform for a card dispute: record it, freeze what is
    still held, and tell staff and both parties."""
    funding = _funding_for_charge(charge_id)
    if funding is None:
        logger.warning("Chargeback %s on charge %s that funded no escrow", stripe_dispute_id, charge_id)
        return None
    with transaction.atomic():
        escrow = EscrowAccount.objects.select_for_update().get(pk=funding.escrow_id)
        dispute, created = PaymentDispute.objects.get_or_create(
            stripe_dispute_id=stripe_dispute_id,
            defaults={"escrow": escrow, "source": PaymentDispute.Source.CHARGEBACK, "amount": amount,
                      "description": _("Card chargeback on %(charge)s") % {"charge": charge_id}})
        if not created:
            return dispute
        escrow.frozen = True
        escrow.save(update_fields=["frozen", "updated_at"])
        ledger.post(escrow=escrow, kind=TxKind.DISPUTE_OPENED, key=f"stripe:{stripe_dispute_id}:opened",
                    lines={Account.STRIPE_CLEARING: -amount, Account.DISPUTED: amount},
                    description=f"Chargeback {stripe_dispute_id}")
        booking = escrow.booking
        for recipient in (booking.client, booking.freelancer):
            notify(recipient=recipient, kind=NotificationKind.DISPUTE_OPENED,
                   event_key=f"dispute:{dispute.pk}:opened",
                   title=lambda: _("The card payment for “%(title)s” is disputed with the bank")
                   % {"title": booking.title},
                   body=lambda: _("The escrow is frozen until the bank decides."), url=booking.get_absolute_url())
    return dispute


def chargeback_closed(*, stripe_dispute_id: str, won: bool) -> PaymentDispute | None:
    """The bank decided. Won: the money comes back to the platform. Lost: what escrow still holds
    covers it; the rest is a loss, which we try to recover by reversing the freelancer's transfer."""
    with transaction.atomic():
        dispute = (PaymentDispute.objects.select_for_update().select_related("escrow__booking")
                   .filter(stripe_dispute_id=stripe_dispute_id).first())
        if dispute is None or dispute.status == PaymentDispute.Status.RESOLVED:
            return dispute
        escrow = EscrowAccount.objects.select_for_update().get(pk=dispute.escrow_id)
        amount = dispute.amount
        reversals = []
        if won:
            ledger.post(escrow=escrow, kind=TxKind.DISPUTE_WON, key=f"stripe:{stripe_dispute_id}:closed",
                        lines={Account.STRIPE_CLEARING: amount, Account.DISPUTED: -amount})
            dispute.outcome = PaymentDispute.Outcome.CHARGEBACK_WON
        else:
            covered = min(amount, selectors.figures(escrow.booking, escrow).held)
            loss = amount - covered
            ledger.post(escrow=escrow, kind=TxKind.DISPUTE_LOST, key=f"stripe:{stripe_dispute_id}:closed",
                        lines={Account.DISPUTED: -amount, Account.ESCROW: covered, Account.DISPUTE_LOSSES: loss})
            dispute.outcome, dispute.to_client = PaymentDispute.Outcome.CHARGEBACK_LOST, amount
            if loss:
                reversals = _allocate_reversals(escrow, loss, stripe_dispute_id)
        dispute.status, dispute.resolved_at = PaymentDispute.Status.RESOLVED, timezone.now()
        dispute.save()
        escrow.frozen = escrow.disputes.filter(status=PaymentDispute.Status.OPEN).exists()
        escrow.save(update_fields=["frozen", "updated_at"])
        execute_after_commit(reversals)
    return dispute


def _allocate_reversals(escrow, loss: int, stripe_dispute_id: str) -> list[Payment]:
    """Ask for `loss` back from the transfers made for this escrow, newest first."""
    payments, remaining = [], loss
    transfers = Payment.objects.filter(escrow=escrow, kind=PaymentKind.TRANSFER, status=PaymentStatus.SUCCEEDED)
    for transfer in transfers.order_by("-pk"):
        already = transfer.derived.filter(kind=PaymentKind.REVERSAL).exclude(status=PaymentStatus.FAILED).aggregate(
            total=Sum("amount"))["total"] or 0
        part = min(remaining, transfer.amount - already)
        if part <= 0:
            continue
        payments.append(Payment.objects.create(
            escrow=escrow, kind=PaymentKind.REVERSAL, amount=part, currency=escrow.currency, source=transfer,
            idempotency_key=f"booking:{escrow.booking_id}:reversal:{stripe_dispute_id}:{transfer.pk}",
            simulated=transfer.simulated))
        remaining -= part
        if remaining <= 0:
            break
    return payments
