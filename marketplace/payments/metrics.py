"""The payments' business gauges for /metrics (see marketplace.core.metrics)."""

from django.db.models import Count, Q, Sum

from marketplace.core.metrics import gauge

from .models import LedgerEntry, Payment, PaymentDispute


@gauge("valund_escrow_held_minor_units", "Money held in escrow, in minor units (öre, cents).", labels=["currency"])
def escrow_held():
    rows = (LedgerEntry.objects.filter(account=LedgerEntry.Account.ESCROW).order_by()
            .values_list("currency").annotate(total=Sum("amount")))
    return {(currency,): -total for currency, total in rows}


@gauge("valund_payments", "Payments by kind and status.", labels=["kind", "status"])
def payments_by_state():
    rows = Payment.objects.order_by().values_list("kind", "status").annotate(n=Count("id"))
    return {(kind, status): n for kind, status, n in rows}


@gauge("valund_disputes_open", "Open payment disputes, by source.", labels=["source"])
def disputes_open():
    counts = PaymentDispute.objects.aggregate(
        **{source: Count("id", filter=Q(status=PaymentDispute.Status.OPEN, source=source))
           for source in PaymentDispute.Source.values})
    return {(source,): n for source, n in counts.items()}
