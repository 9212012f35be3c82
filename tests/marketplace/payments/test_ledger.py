"""The double-entry ledger: only balanced transactions in known accounts are posted, each cause
once; rows are never changed or deleted; an escrow never holds less than nothing."""

import pytest
from django.db import DatabaseError, connection, transaction

from marketplace.core.models import AppendOnlyError
from marketplace.payments import ledger
from marketplace.payments.models import EscrowAccount, LedgerEntry, LedgerTransaction

Account = LedgerEntry.Account
Kind = LedgerTransaction.Kind


@pytest.fixture
def escrow(request_booking):
    booking = request_booking()
    return EscrowAccount.objects.create(booking=booking, currency=booking.currency)


def fund(escrow, amount, key="funding:1"):
    return ledger.post(escrow=escrow, kind=Kind.FUNDING, key=key,
                       lines={Account.STRIPE_CLEARING: amount, Account.ESCROW: -amount})


def test_a_balanced_transaction_is_posted_with_its_entries(escrow):
    posted = fund(escrow, 10_000)

    entries = sorted(posted.entries.values_list("account", "amount", "currency"))
    assert entries == [(Account.ESCROW, -10_000, "SEK"), (Account.STRIPE_CLEARING, 10_000, "SEK")]
    assert ledger.balances(escrow)[Account.ESCROW] == -10_000


def test_an_unbalanced_transaction_is_refused(escrow):
    with pytest.raises(ledger.LedgerError, match="does not balance"):
        ledger.post(escrow=escrow, kind=Kind.FUNDING, key="funding:1",
                    lines={Account.STRIPE_CLEARING: 10_000, Account.ESCROW: -9_999})
    assert not LedgerTransaction.objects.exists() and not LedgerEntry.objects.exists()


def test_an_unknown_account_is_refused(escrow):
    with pytest.raises(ledger.LedgerError, match="Unknown ledger accounts"):
        ledger.post(escrow=escrow, kind=Kind.FUNDING, key="funding:1",
                    lines={"petty_cash": 10_000, Account.ESCROW: -10_000})
    assert not LedgerTransaction.objects.exists()


@pytest.mark.parametrize("lines", [{}, {Account.STRIPE_CLEARING: 0, Account.ESCROW: 0}], ids=["none", "zeros"])
def test_a_transaction_without_lines_is_refused(escrow, lines):
    with pytest.raises(ledger.LedgerError, match="no lines"):
        ledger.post(escrow=escrow, kind=Kind.FUNDING, key="funding:1", lines=lines)
    assert not LedgerTransaction.objects.exists()


def test_posting_the_same_cause_twice_returns_the_first_and_writes_nothing(escrow):
    first = fund(escrow, 10_000, key="payment:7:succeeded")

    again = fund(escrow, 25_000, key="payment:7:succeeded")

    assert again.pk == first.pk
    assert LedgerTransaction.objects.count() == 1 and LedgerEntry.objects.count() == 2
    assert ledger.balances(escrow)[Account.ESCROW] == -10_000


def test_ledger_rows_cannot_be_changed_by_saving(escrow):
    posted = fund(escrow, 10_000)
    entry = posted.entries.first()

    entry.amount = 1
    with pytest.raises(AppendOnlyError):
        entry.save()
    posted.description = "rewritten"
    with pytest.raises(AppendOnlyError):
        posted.save()
    assert sorted(LedgerEntry.objects.values_list("amount", flat=True)) == [-10_000, 10_000]


@pytest.mark.parametrize("model", [LedgerEntry, LedgerTransaction])
def test_ledger_rows_cannot_be_updated_or_deleted_in_bulk(escrow, model):
    fund(escrow, 10_000)

    with pytest.raises(AppendOnlyError):
        model.objects.all().update(escrow=escrow)
    with pytest.raises(AppendOnlyError):
        model.objects.filter(escrow=escrow).delete()
    assert model.objects.exists()


def test_ledger_rows_cannot_be_deleted_one_by_one(escrow):
    posted = fund(escrow, 10_000)

    with pytest.raises(AppendOnlyError):
        posted.entries.first().delete()
    with pytest.raises(AppendOnlyError):
        posted.delete()
    assert LedgerEntry.objects.count() == 2


@pytest.mark.postgres
@pytest.mark.parametrize("table", ["payments_ledgerentry", "payments_ledgertransaction"])
@pytest.mark.parametrize("statement", ["UPDATE {table} SET escrow_id = escrow_id", "DELETE FROM {table}"],
                         ids=["update", "delete"])
def test_the_database_refuses_raw_changes_to_the_ledger(escrow, table, statement):
    fund(escrow, 10_000)

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement.format(table=table))

    assert LedgerEntry.objects.count() == 2 and LedgerTransaction.objects.count() == 1


def test_a_posting_that_would_make_the_held_amount_negative_is_refused_and_rolled_back(escrow):
    fund(escrow, 10_000)

    with pytest.raises(ledger.LedgerError, match="negative"):
        ledger.post(escrow=escrow, kind=Kind.RELEASE, key="release:1",
                    lines={Account.ESCROW: 10_001, Account.FREELANCER_PAYABLE: -10_001})

    assert not LedgerTransaction.objects.filter(key="release:1").exists()
    assert LedgerEntry.objects.count() == 2
    assert ledger.balances(escrow)[Account.ESCROW] == -10_000


def test_nothing_can_leave_an_escrow_that_holds_nothing(escrow):
    with pytest.raises(ledger.LedgerError, match="negative"):
        ledger.post(escrow=escrow, kind=Kind.REFUND, key="refund:1",
                    lines={Account.ESCROW: 1, Account.CLIENT_REFUNDABLE: -1})
    assert not LedgerEntry.objects.exists()


def test_an_escrow_keeps_one_currency(escrow):
    fund(escrow, 10_000)
    escrow.currency = "EUR"  # a bug elsewhere handing over the wrong currency

    with pytest.raises(ledger.LedgerError, match="mixes currencies"):
        fund(escrow, 500, key="funding:2")

    assert set(LedgerEntry.objects.values_list("currency", flat=True)) == {"SEK"}
