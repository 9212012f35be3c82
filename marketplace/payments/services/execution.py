"""Carrying out an allocated transfer, refund or reversal at the gateway, once, and handing it
to the background after commit."""

import logging

from django.db import transaction
from django.utils import timezone

from marketplace.bookings.models import Booking

from .. import ledger
from ..gateways import GatewayError, get_gateway
from ..models import ConnectedAccount, EscrowAccount, LedgerEntry, LedgerTransaction, Payment
from ..signals import payment_allocated, release_wanted

logger = logging.getLogger(__name__)

Account = LedgerEntry.Account
TxKind = LedgerTransaction.Kind
PaymentKind = Payment.Kind
PaymentStatus = Payment.Status


def transfer_group(booking: Booking) -> str:
    return f"booking-{booking.pk}"


def execute_after_commit(payments: list[Payment]) -> None:
    """Each allocated payment is carried out in the background once the allocation is committed."""
    for payment in payments:
        transaction.on_commit(lambda pk=payment.pk: payment_allocated.send(sender=Payment, payment_id=pk))


def release_after_commit(booking_id: int) -> None:
    transaction.on_commit(lambda: release_wanted.send(sender=EscrowAccount, booking_id=booking_id))


def payment_execute(*, payment_id: int) -> Payment | None:
    """Carry out one allocated transfer or refund at the gateway, once. Raises
    GatewayUnavailable (the task retries with the same idempotency key) when there is no
    definitive answer."""
    with transaction.atomic():
        # Only the payment's row: PostgreSQL cannot lock the nullable side (source) of an outer join.
        payment = (Payment.objects.select_for_update(skip_locked=True, of=("self",))
                   .select_related("source", "escrow__booking")
                   .filter(pk=payment_id, status=PaymentStatus.PENDING).first())
        if payment is None:
            return None  # done already, failed, or another worker has it right now
        gateway = get_gateway()
        escrow = payment.escrow
        booking = escrow.booking
        metadata = {"payment": str(payment.pk), "booking": str(booking.pk)}
        try:
            if payment.kind == PaymentKind.TRANSFER:
                account = ConnectedAccount.objects.get(user_id=booking.freelancer_id)
                moved = gateway.create_transfer(
                    amount=payment.amount, currency=payment.currency, destination=account.stripe_id,
                    source_charge_id=payment.source.stripe_charge_id, transfer_group=transfer_group(booking),
                    metadata=metadata, idempotency_key=payment.idempotency_key)
                lines = {Account.FREELANCER_PAYABLE: payment.amount, Account.STRIPE_CLEARING: -payment.amount}
                kind = TxKind.PAYOUT
            elif payment.kind == PaymentKind.REFUND:
                moved = gateway.create_refund(charge_id=payment.source.stripe_charge_id, amount=payment.amount,
                                              metadata=metadata, idempotency_key=payment.idempotency_key)
                lines = {Account.CLIENT_REFUNDABLE: payment.amount, Account.STRIPE_CLEARING: -payment.amount}
                kind = TxKind.REFUND_PAID
            elif payment.kind == PaymentKind.REVERSAL:
                moved = gateway.reverse_transfer(transfer_id=payment.source.stripe_id, amount=payment.amount,
                                                 metadata=metadata, idempotency_key=payment.idempotency_key)
                lines = {Account.STRIPE_CLEARING: payment.amount, Account.DISPUTE_LOSSES: -payment.amount}
                kind = TxKind.RECOVERED
            else:
                raise ValueError(f"Payment {payment.pk} of kind {payment.kind} is not executed here.")
        except GatewayError as exc:
            _undo_allocation(payment, exc.message)
            return payment
        payment.status, payment.stripe_id, payment.succeeded_at = PaymentStatus.SUCCEEDED, moved.id, timezone.now()
        payment.save(update_fields=["status", "stripe_id", "succeeded_at", "updated_at"])
        ledger.post(escrow=escrow, kind=kind, key=f"payment:{payment.pk}:succeeded", payment=payment, lines=lines,
                    description=moved.id)
    return payment


def _undo_allocation(payment: Payment, message: str) -> None:
    """The gateway definitively refused: put the money back in escrow with a reversing
    transaction, and let the release be decided again."""
    payment.status, payment.failure_message = PaymentStatus.FAILED, message[:500]
    payment.save(update_fields=["status", "failure_message", "updated_at"])
    escrow = EscrowAccount.objects.select_for_update().get(pk=payment.escrow_id)
    if payment.kind == PaymentKind.REVERSAL:
        # Nothing was allocated: the loss stays in dispute_losses, where it is reported.
        logger.warning("Reversal %s refused: %s; the loss stays recorded", payment.pk, message)
        return
    if payment.kind == PaymentKind.TRANSFER:
        lines = {Account.ESCROW: -(payment.amount + payment.fee), Account.PLATFORM_FEES: payment.fee,
                 Account.FREELANCER_PAYABLE: payment.amount}
        kind = TxKind.RELEASE_REVERSED
        escrow.released_at = None
        escrow.save(update_fields=["released_at", "updated_at"])
    else:
        lines = {Account.ESCROW: -payment.amount, Account.CLIENT_REFUNDABLE: payment.amount}
        kind = TxKind.REFUND_REVERSED
    ledger.post(escrow=escrow, kind=kind, key=f"payment:{payment.pk}:failed", payment=payment, lines=lines,
                description=message)
    logger.warning("Payment %s failed at the gateway: %s", payment.pk, message)
