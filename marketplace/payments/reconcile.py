"""Reconciliation: the ledger against the gateway's own records, booking by booking.

For every escrow, the money movements the ledger says happened (funding charges, transfers,
refunds, reversals, each posted with the gateway's id) are compared with what the gateway
lists for the booking's transfer group. A difference is reported, never corrected here: a
person decides (a lost webhook is replayed from Stripe; a refund made in Stripe's dashboard is
recorded as a correcting transaction). The escrow's own invariants are checked as well."""

from collections import Counter
from dataclasses import dataclass

from .gateways import get_gateway
from .models import EscrowAccount, LedgerTransaction, Payment
from .selectors import figures

Kind = LedgerTransaction.Kind
LEDGER_KIND = {Kind.FUNDING: "charge", Kind.PAYOUT: "transfer", Kind.REFUND_PAID: "refund", Kind.RECOVERED: "reversal"}


@dataclass(frozen=True)
class Difference:
    booking_id: int
    kind: str
    reference: str
    problem: str

    def __str__(self):
        return f"booking {self.booking_id}: {self.kind} {self.reference}: {self.problem}"


def _ledger_records(escrow: EscrowAccount) -> dict[tuple[str, str], int]:
    records = {}
    transactions = (LedgerTransaction.objects.filter(escrow=escrow, kind__in=list(LEDGER_KIND))
                    .select_related("payment"))
    for transaction in transactions:
        payment = transaction.payment
        reference = payment.stripe_charge_id if transaction.kind == Kind.FUNDING else payment.stripe_id
        amount = sum(entry.amount for entry in transaction.entries.all() if entry.account == "stripe_clearing")
        records[(LEDGER_KIND[transaction.kind], reference)] = abs(amount)
    return records


def reconcile_escrow(escrow: EscrowAccount) -> list[Difference]:
    booking = escrow.booking
    differences = []
    money = figures(booking, escrow)
    if money.held < 0:
        differences.append(Difference(booking.pk, "escrow", str(escrow.pk), f"holds a negative amount {money.held}"))
    if money.funded != money.held + money.released + money.refunded:
        differences.append(Difference(booking.pk, "escrow", str(escrow.pk),
                                      f"funded {money.funded} ≠ held {money.held} + released {money.released} + "
                                      f"refunded {money.refunded}"))
    paid_in = sum(p.amount for p in escrow.payments.filter(kind=Payment.Kind.FUNDING, status="succeeded"))
    if paid_in != money.funded:
        differences.append(Difference(booking.pk, "escrow", str(escrow.pk),
                                      f"payments say {paid_in} was paid in, the ledger {money.funded}"))
    ours = _ledger_records(escrow)
    theirs = {(record.kind, record.id): record.amount
              for record in get_gateway().records(transfer_group=f"booking-{booking.pk}")}
    for key in sorted(set(ours) | set(theirs)):
        kind, reference = key
        if key not in theirs:
            differences.append(Difference(booking.pk, kind, reference, f"in the ledger ({ours[key]}) but not at the "
                                                                        "payment provider"))
        elif key not in ours:
            differences.append(Difference(booking.pk, kind, reference, f"at the payment provider ({theirs[key]}) but "
                                                                        "not in the ledger"))
        elif ours[key] != theirs[key]:
            differences.append(Difference(booking.pk, kind, reference,
                                          f"amount {ours[key]} in the ledger, {theirs[key]} at the payment provider"))
    return differences


def reconcile(*, booking_ids=None) -> tuple[int, list[Difference]]:
    escrows = EscrowAccount.objects.select_related("booking").order_by("pk")
    if booking_ids:
        escrows = escrows.filter(booking_id__in=booking_ids)
    differences = []
    checked = 0
    for escrow in escrows.iterator():
        checked += 1
        differences += reconcile_escrow(escrow)
    return checked, differences


def summary(differences) -> Counter:
    return Counter(difference.kind for difference in differences)
