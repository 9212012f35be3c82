"""A payment's receipt as a PDF file: what the receipt page (templates/marketplace/payments/
receipt.html) shows, in its words (the same catalogue entries), money and dates, drawn with
fpdf2. The only module that imports fpdf.

The text is set in the PDF's built-in Helvetica, written in Windows-1252 (WinAnsiEncoding): no
font file to ship or license, a file of a few kilobytes whose text any reader can search and
copy, and every character Swedish and the other western European languages need, with the
euro sign, dashes and curly quotes. The few characters the formats write outside it are mapped
in `PDF_CHARACTERS`; anything else (a member's name in another script) is transliterated by
anyascii rather than dropped.

The file depends on nothing but the payment, the language and the time zone: its creation date
is the payment's date, so the same payment gives the same bytes every time."""

import datetime

from anyascii import anyascii
from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from fpdf import FPDF

from marketplace.core.dates import day, day_time
from marketplace.core.money import format_money

from . import exports
from .models import Payment

ENCODING = "cp1252"
# What the formats and catalogues write that Windows-1252 lacks: the narrow no-break space
# (some languages' thousands separator) and the arrow.
PDF_CHARACTERS = str.maketrans({"\u202f": "\xa0", "\u2009": " ", "\u2192": "->", "\u2190": "<-"})

MARGIN = 20
LABEL_WIDTH = 50
BODY_SIZE = 10
MUTED = (95, 99, 104)
INK = (20, 24, 28)
WARNING = (122, 72, 0)
WARNING_FILL = (255, 244, 222)


def pdf_text(text) -> str:
    """`text` in characters the PDF's core font can write."""
    text = str(text).translate(PDF_CHARACTERS)
    out = []
    for char in text:
        try:
            char.encode(ENCODING)
        except UnicodeEncodeError:
            char = anyascii(char) or "?"
        out.append(char)
    return "".join(out)


def heading(payment: Payment) -> str:
    return {
        Payment.Kind.FUNDING: _("Receipt: payment into escrow"),
        Payment.Kind.REFUND: _("Refund"),
        Payment.Kind.TRANSFER: _("Payout statement"),
    }.get(payment.kind, _("Transfer reversal"))


def filename(payment: Payment) -> str:
    return f"valund-receipt-{payment.pk}.pdf"


def _payment_date(payment: Payment) -> datetime.datetime:
    return getattr(payment, "date", None) or payment.succeeded_at or payment.created_at


class _Receipt(FPDF):
    def __init__(self):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.core_fonts_encoding = ENCODING
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(auto=True, margin=MARGIN)

    def normalize_text(self, text: str) -> str:
        return super().normalize_text(pdf_text(text))

    def font(self, size=BODY_SIZE, style="", colour=INK):
        self.set_font("Helvetica", style=style, size=size)
        self.set_text_color(*colour)

    def line_of(self, text: str, *, size=BODY_SIZE, style="", colour=INK, height=5.5):
        self.font(size, style, colour)
        self.multi_cell(0, height, text, new_x="LMARGIN", new_y="NEXT")

    def warning(self, text: str):
        self.ln(2)
        self.font(style="B", colour=WARNING)
        self.set_fill_color(*WARNING_FILL)
        self.multi_cell(0, 6, text, fill=True, padding=2, new_x="LMARGIN", new_y="NEXT")

    def fact(self, label: str, value: str, *, strong=False):
        """A label and its value side by side, the next fact below the taller of the two."""
        top = self.get_y()
        self.font(colour=MUTED)
        label_height = self.multi_cell(LABEL_WIDTH, 6, label, new_x="RIGHT", new_y="TOP", output="HEIGHT")
        self.font(style="B" if strong else "")
        value_height = self.multi_cell(0, 6, value, new_x="LMARGIN", new_y="TOP", output="HEIGHT")
        self.set_y(top + max(label_height, value_height))


def receipt_pdf(payment: Payment, *, language: str) -> bytes:
    """The receipt of `payment` as a PDF, in `language` and the current time zone. `payment`
    comes from selectors.receipt_payment (the booking, its parties' profiles and the source
    already read); whoever asks has been checked by then."""
    with translation.override(language):
        return bytes(_draw(payment).output())


def receipt_response(payment: Payment, *, language: str) -> HttpResponse:
    """The receipt as a download no cache keeps, for the site's view and the API's."""
    response = HttpResponse(receipt_pdf(payment, language=language), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename(payment)}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _draw(payment: Payment) -> FPDF:
    booking = payment.escrow.booking
    client, freelancer = booking.client.profile, booking.freelancer.profile
    date = _payment_date(payment)
    pdf = _Receipt()
    pdf.set_title(pdf_text(f"{heading(payment)} {_('No. %(number)s') % {'number': payment.pk}}"))
    pdf.set_author("Valund")
    pdf.set_creator("Valund")
    pdf.set_lang(translation.get_language())
    pdf.set_creation_date(date.astimezone(datetime.UTC))
    pdf.add_page()

    pdf.line_of("Valund", size=14, style="B")
    pdf.ln(4)
    pdf.line_of(heading(payment), size=18, style="B", height=9)
    pdf.line_of(f"{_('No. %(number)s') % {'number': payment.pk}} · {day_time(date)}", colour=MUTED)
    if payment.simulated:
        pdf.warning(_("Simulated: payments on this site are simulated, and no real money moved."))
    if payment.status != Payment.Status.SUCCEEDED:
        pdf.warning(_("This payment has not gone through (“%(status)s”): this is a record of it, not a receipt.")
                    % {"status": payment.get_status_display()})

    pdf.ln(6)
    client_lines = [client.display_name]
    if client.company_name and client.company_name != client.display_name:
        client_lines.append(client.company_name)
    if client.vat_number:
        client_lines.append(_("VAT number %(vat)s") % {"vat": client.vat_number})
    top, bottom = pdf.get_y(), pdf.get_y()
    column = (pdf.epw - 10) / 2
    for index, (title, lines) in enumerate(((_("Client"), client_lines), (_("Freelancer"), [freelancer.display_name]))):
        pdf.set_xy(MARGIN + index * (column + 10), top)
        pdf.font(size=12, style="B")
        pdf.multi_cell(column, 7, title, new_x="LEFT", new_y="NEXT")
        pdf.font()
        pdf.multi_cell(column, 5.5, "\n".join(lines), new_x="LEFT", new_y="NEXT")
        bottom = max(bottom, pdf.get_y())
    pdf.set_xy(MARGIN, bottom + 6)

    pdf.fact(_("Booking"), f"{booking.title} ({_('no. %(number)s') % {'number': booking.pk}})")
    pdf.fact(_("Date"), day_time(date))
    pdf.fact(_("Kind"), payment.get_kind_display())
    if payment.kind == Payment.Kind.TRANSFER:
        pdf.fact(_("Earned"), format_money(payment.amount + payment.fee, payment.currency))
        pdf.fact(_("Valund's fee"), format_money(payment.fee, payment.currency))
        pdf.fact(_("Transferred"), format_money(payment.amount, payment.currency), strong=True)
    else:
        pdf.fact(_("Amount"), format_money(payment.amount, payment.currency), strong=True)
    pdf.fact(_("Status"), payment.get_status_display())
    pdf.fact(_("Stripe reference"), _("simulated") if payment.simulated else exports.reference(payment) or "—")
    source = payment.source
    if source:
        drawn = _("%(kind)s of %(amount)s on %(date)s") % {
            "kind": source.get_kind_display(), "amount": format_money(source.amount, source.currency),
            "date": day(source.succeeded_at or source.created_at)}
        source_reference = exports.reference(source)
        pdf.fact(_("Takes back") if payment.kind == Payment.Kind.REVERSAL else _("Drawn on"),
                 f"{drawn} · {source_reference}" if source_reference else drawn)

    pdf.ln(8)
    pdf.set_draw_color(*MUTED)
    pdf.line(MARGIN, pdf.get_y(), MARGIN + pdf.epw, pdf.get_y())
    pdf.ln(4)
    pdf.line_of(_("Valund holds the client's payment in escrow and pays the freelancer, minus Valund's fee, when "
                  "the work is done. Card payments and payouts are processed by Stripe."), size=9, colour=MUTED)
    return pdf

