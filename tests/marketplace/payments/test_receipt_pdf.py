"""The receipt as a PDF file (payments.receipts, `payments:receipt_pdf`): the receipt page's facts
in the reader's language, for exactly the readers of the page, a download no cache keeps, and the
same bytes for the same payment. The text is read from the PDF's content streams (tests/pdfs.py)."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import translation

from marketplace.accounts.models import User
from marketplace.bookings.models import Booking
from marketplace.core.money import format_money
from marketplace.payments import receipts, selectors, services
from tests.clients import as_user
from tests.pdfs import pdf_text
from tests.second_factor import with_second_factor

from .test_views import paid_out, payment, simulated  # noqa: F401  (the receipts' fixtures)

pytestmark = pytest.mark.django_db


def sek(minor: int, language="en") -> str:
    with translation.override(language):
        # fpdf2 keeps a no-break space's line together and writes it as a space.
        return format_money(minor, "SEK").translate(receipts.PDF_CHARACTERS).replace("\xa0", " ")


def pdf_url(kind) -> str:
    return reverse("payments:receipt_pdf", args=[payment(kind).pk])


def test_the_client_downloads_the_receipt_of_their_funding(paid_out):  # noqa: F811
    profile = paid_out.client.profile
    profile.company_name, profile.vat_number = "Nordbygg Aktiebolag", "SE556677889901"
    profile.save()
    response = as_user(paid_out.client).get(pdf_url("funding"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="valund-receipt-{payment("funding").pk}.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    text = pdf_text(response.content)
    for expected in ("Receipt: payment into escrow", f"No. {payment('funding').pk}", "Nordbygg Aktiebolag",
                     "VAT number SE556677889901", paid_out.client.profile.display_name,
                     paid_out.freelancer.profile.display_name, paid_out.title, sek(1_040_000), "Succeeded",
                     "Stripe reference", "simulated", "Simulated: payments on this site are simulated",
                     "Card payments and payouts are processed by Stripe."):
        assert expected in text, expected
    assert b"/Author (Valund)" in response.content and b"/Title (Receipt: payment into escrow" in response.content


def test_the_freelancer_gets_the_payout_statement_with_the_fee(paid_out):  # noqa: F811
    response = as_user(paid_out.freelancer).get(pdf_url("transfer"))
    text = pdf_text(response.content)
    assert "Payout statement" in text
    for label, amount in (("Earned", 650_000), ("Valund's fee", 65_000), ("Transferred", 585_000)):
        assert label in text and sek(amount) in text, label
    assert "Drawn on Funding of " + sek(1_040_000) in text


def test_a_refund_names_the_funding_it_drew_on(paid_out):  # noqa: F811
    text = pdf_text(as_user(paid_out.client).get(pdf_url("refund")).content)
    assert text.startswith("Valund Refund") and sek(390_000) in text and "Drawn on" in text


def test_in_swedish_the_receipt_is_swedish_with_its_letters(paid_out):  # noqa: F811
    paid_out.freelancer.profile.display_name = "Åsa Öberg-Näslund"
    paid_out.freelancer.profile.save()
    found = selectors.receipt_payment(user=paid_out.freelancer, pk=payment("transfer").pk)
    text = pdf_text(receipts.receipt_pdf(found, language="sv"))
    assert text.startswith("Valund Utbetalningsbesked Nr ")
    assert "Åsa Öberg-Näslund" in text
    assert sek(585_000, "sv") == "5 850 kr" and "5 850 kr" in text
    assert "Valunds avgift" in text


def test_the_same_payment_gives_the_same_bytes(paid_out):  # noqa: F811
    client = as_user(paid_out.client)
    first, second = client.get(pdf_url("funding")).content, client.get(pdf_url("funding")).content
    assert first == second
    assert b"/CreationDate (D:" + payment("funding").succeeded_at.strftime("%Y%m%d").encode() in first


def test_characters_outside_the_core_font_are_written_not_dropped(paid_out):  # noqa: F811
    assert receipts.pdf_text("1\u202f250 € – “ok” → Łódź") == "1\xa0250 € – “ok” -> Lódz"


def test_only_the_readers_of_the_receipt_page_get_the_file(paid_out, stranger, make_member):  # noqa: F811
    assert as_user(paid_out.freelancer).get(pdf_url("funding")).status_code == 404
    assert as_user(paid_out.client).get(pdf_url("transfer")).status_code == 404
    for kind in ("funding", "refund", "transfer"):
        assert as_user(stranger).get(pdf_url(kind)).status_code == 404
        assert as_user(make_member(User.Role.FREELANCER)).get(pdf_url(kind)).status_code == 404
        response = Client().get(pdf_url(kind))
        assert response.status_code == 302 and "login" in response.url
    staff = User.objects.create_user(email="accounts@valund.example", password="x-not-used-0123",
                                     role=User.Role.ADMIN, is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_payment", content_type__app_label="payments"))
    assert as_user(staff).get(pdf_url("funding")).status_code == 404  # without the second factor
    staff = with_second_factor(User.objects.get(pk=staff.pk))
    for kind in ("funding", "refund", "transfer"):
        response = as_user(staff).get(pdf_url(kind))
        assert response.status_code == 200 and response.content.startswith(b"%PDF-")


def test_the_receipt_page_links_to_its_file(paid_out):  # noqa: F811
    page = as_user(paid_out.client).get(reverse("payments:receipt", args=[payment("funding").pk])).content.decode()
    assert pdf_url("funding") in page and "Download PDF" in page


def test_a_payment_that_did_not_go_through_says_so_in_its_file(make_booking):
    booking = make_booking(Booking.Status.ACCEPTED)
    started = services.funding_start(actor=booking.client, booking=booking, success_url="x", cancel_url="x")
    text = pdf_text(as_user(booking.client).get(reverse("payments:receipt_pdf", args=[started.pk])).content)
    assert "this is a record of it, not a receipt" in text
