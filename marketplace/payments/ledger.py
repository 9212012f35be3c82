"""Posting to the double-entry ledger, and reading balances from it.

`post()` is the only writer: it refuses an unbalanced transaction, a second currency, zero
lines, and, through the unique key, posting the same cause twice (it then returns the
transaction that is already there)."""

from collections import defaultdict

from django.db import IntegrityError, transaction
from django.db.models import Sum

from .models import EscrowAccount, LedgerEntry, LedgerTransaction

Account = LedgerEntry.Account


class LedgerError(Exception):
    """A transaction that would break the ledger's invariants; a bug, never user input."""


def post(*, escrow: EscrowAccount, kind: str, key: str, lines: dict[str, int], payment=None,
         description: str = "") -> LedgerTransaction:
    """Post one balanced transaction. `lines` maps account to signed amount (debit positive)."""
    lines = {account: amount for account, amount in lines.items() if amount}
    if not lines:
        raise LedgerError(f"Transaction {key} has no lines.")
    if sum(lines.values()) != 0:
        raise LedgerError(f"Transaction {key} does not balance: {lines}.")
    unknown = set(lines) - set(Account.values)
    if unknown:
        raise LedgerError(f"Unknown ledger accounts {unknown}.")
    existing = LedgerTransaction.objects.filter(key=key).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            entry = LedgerTransaction.objects.create(escrow=escrow, kind=kind, key=key, payment=payment,
                                                     description=description[:300])
            LedgerEntry.objects.bulk_create(
                LedgerEntry(transaction=entry, account=account, escrow=escrow, amount=amount,
                            currency=escrow.currency)
                for account, amount in sorted(lines.items())
            )
            check_escrow(escrow)
    except IntegrityError:
        existing = LedgerTransaction.objects.filter(key=key).first()
        if existing is None:
            raise
        return existing
    return entry


def balances(escrow: EscrowAccount) -> dict[str, int]:
    """Every account's balance for one escrow (accounts without entries are 0)."""
    totals = defaultdict(int)
    rows = LedgerEntry.objects.filter(escrow=escrow).values("account").annotate(total=Sum("amount"))
    for row in rows:
        totals[row["account"]] = row["total"]
    return totals


def check_escrow(escrow: EscrowAccount) -> None:
    """The invariants that must hold after every posting; raising rolls the posting back."""
    totals = balances(escrow)
    if totals[Account.ESCROW] > 0:
        raise LedgerError(f"Escrow {escrow.pk} would hold a negative amount ({-totals[Account.ESCROW]}).")
    currencies = set(LedgerEntry.objects.filter(escrow=escrow).values_list("currency", flat=True).distinct())
    if len(currencies) > 1:
        raise LedgerError(f"Escrow {escrow.pk} mixes currencies {currencies}.")
