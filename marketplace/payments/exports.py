"""The payment history as CSV, one definition for the history page's export and the API's:
the columns, the cells (dates in the site's zone, amounts in major units with two decimals, a
spreadsheet formula never started by a member's words) and the payment's reference."""

import csv
from collections.abc import Iterator

from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.core.money import to_major

from .models import Payment
from .selectors import History

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    """A cell a spreadsheet shows as text: one starting like a formula gets a leading apostrophe
    (booking titles are members' own words)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def reference(payment: Payment) -> str:
    """What the payment is called at the gateway ("simulated" for the simulated one)."""
    if payment.simulated:
        return _("simulated")
    return payment.stripe_charge_id or payment.stripe_id or payment.checkout_session_id


class _Echo:
    """A file-like object whose write() hands back the line, for csv.writer in a generator."""

    def write(self, value):
        return value


def history_csv_lines(history: History) -> Iterator[str]:
    """The header, then one line per payment of `history` (one query, however long)."""
    writer = csv.writer(_Echo())
    header = [_("Date"), _("Payment"), _("Booking"), _("Booking number"), _("Kind"), _("Amount"), _("Fee"),
              _("Currency"), _("Status"), _("Reference")]
    yield writer.writerow([csv_cell(cell) for cell in header])
    for payment in history.payments.iterator(chunk_size=500):
        booking = payment.escrow.booking
        yield writer.writerow([csv_cell(cell) for cell in (
            timezone.localtime(payment.date).date().isoformat(), payment.pk, booking.title, booking.pk,
            payment.get_kind_display(), f"{to_major(payment.amount, payment.currency):.2f}",
            f"{to_major(payment.fee, payment.currency):.2f}", payment.currency, payment.get_status_display(),
            reference(payment),
        )])


def history_csv_filename() -> str:
    return f"valund-payments-{timezone.localdate().isoformat()}.csv"
