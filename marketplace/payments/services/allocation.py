"""Taking a release or a refund out of escrow in the ledger, split over the charges that funded
it (a transfer or a refund can only draw on one charge). Called under the escrow's row lock; the
payments it makes are carried out after commit."""

from .. import ledger
from ..models import ConnectedAccount, EscrowAccount, LedgerEntry, LedgerTransaction, Payment

Account = LedgerEntry.Account
TxKind = LedgerTransaction.Kind
PaymentKind = Payment.Kind
PaymentStatus = Payment.Status


def _capacity(funding: Payment) -> int:
    """What is left of one charge for transfers and refunds drawn on it."""
    used = sum(p.amount + p.fee for p in funding.derived.all()
               if p.kind in (PaymentKind.TRANSFER, PaymentKind.REFUND) and p.status != PaymentStatus.FAILED)
    return funding.amount - used


def _fundings(escrow: EscrowAccount, *, newest_first=False):
    order = "-pk" if newest_first else "pk"
    return list(Payment.objects.filter(escrow=escrow, kind=PaymentKind.FUNDING, status=PaymentStatus.SUCCEEDED)
                .prefetch_related("derived").order_by(order))


def allocate_release(escrow, release_total: int, fee_total: int, account: ConnectedAccount) -> list[Payment]:
    """Split the release over the charges that funded the escrow, the fee first; take each part
    out of escrow in the ledger."""
    payments, remaining, fee_left = [], release_total, fee_total
    for funding in _fundings(escrow):
        if remaining <= 0:
            break
        part = min(remaining, _capacity(funding))
        if part <= 0:
            continue
        fee = min(fee_left, part)
        transfer = part - fee
        key = f"booking:{escrow.booking_id}:release:{funding.pk}"
        earlier = Payment.objects.filter(source=funding, kind=PaymentKind.TRANSFER).count()
        if earlier:  # the earlier transfer from this charge failed: a new movement needs its own key
            key = f"{key}:{earlier + 1}"
        payment = None
        if transfer > 0:
            payment = Payment.objects.create(
                escrow=escrow, kind=PaymentKind.TRANSFER, amount=transfer, fee=fee, currency=escrow.currency,
                idempotency_key=key, source=funding, simulated=funding.simulated)
            payments.append(payment)
        ledger.post(escrow=escrow, kind=TxKind.RELEASE, key=f"{key}:allocated", payment=payment,
                    lines={Account.ESCROW: part, Account.PLATFORM_FEES: -fee, Account.FREELANCER_PAYABLE: -transfer},
                    description=f"Release to {account.stripe_id}")
        remaining -= part
        fee_left -= fee
    if remaining:
        raise ledger.LedgerError(f"Escrow {escrow.pk}: {remaining} of the release has no charge to draw on.")
    return payments


def allocate_refund(escrow, total: int, *, reason: str) -> list[Payment]:
    payments, remaining = [], total
    count = Payment.objects.filter(escrow=escrow, kind=PaymentKind.REFUND).count()
    for funding in _fundings(escrow, newest_first=True):
        if remaining <= 0:
            break
        part = min(remaining, _capacity(funding))
        if part <= 0:
            continue
        count += 1
        key = f"booking:{escrow.booking_id}:refund:{count}"
        payment = Payment.objects.create(escrow=escrow, kind=PaymentKind.REFUND, amount=part,
                                         currency=escrow.currency, idempotency_key=key, source=funding,
                                         simulated=funding.simulated)
        ledger.post(escrow=escrow, kind=TxKind.REFUND, key=f"{key}:allocated", payment=payment,
                    lines={Account.ESCROW: part, Account.CLIENT_REFUNDABLE: -part}, description=reason)
        payments.append(payment)
        remaining -= part
    if remaining:
        raise ledger.LedgerError(f"Escrow {escrow.pk}: {remaining} of the refund has no charge to draw on.")
    return payments
