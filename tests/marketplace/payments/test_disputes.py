"""Members' disputes: a party opens one (the booking is disputed and the escrow freezes), staff
decide it in the admin (release, refund or split, the money moving through the same services).
Card chargebacks are in test_chargebacks.py."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from marketplace.bookings import services as bookings
from marketplace.bookings.models import Booking
from marketplace.core.errors import DomainError, InvalidTransition, PermissionDenied
from marketplace.payments import selectors, services
from marketplace.payments.models import EscrowAccount, Payment, PaymentDispute
from tests.clients import as_user
from tests.marketplace.passport.fixtures import pdf_bytes

pytestmark = pytest.mark.django_db


def onboard(freelancer):
    services.payout_account_link(user=freelancer, refresh_url="http://testserver/", return_url="http://testserver/")
    services.simulated_onboarding_complete(user=freelancer)


@pytest.fixture
def disputed(in_progress, django_capture_on_commit_callbacks):
    """A funded booking in progress (16 h at 650 SEK held), disputed by the client with evidence."""
    booking = in_progress
    onboard(booking.freelancer)
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(booking.client).post(reverse("payments:dispute", args=[booking.pk]), {
            "reason": "quality", "description": "The welds crack.",
            "evidence": [SimpleUploadedFile("photo.pdf", pdf_bytes("Weld photo"), content_type="application/pdf")],
        })
    assert response.status_code == 302
    return booking


@pytest.fixture
def support(make_staff):  # noqa: F811
    return make_staff(groups=("Support",))


def test_opening_a_dispute_freezes_the_escrow_and_blocks_release(disputed):
    booking = disputed
    booking.refresh_from_db()
    assert booking.status == Booking.Status.DISPUTED
    dispute = PaymentDispute.objects.get()
    assert (dispute.reason, dispute.description, dispute.opened_by) == ("quality", "The welds crack.", booking.client)
    assert dispute.evidence.get().content_type == "application/pdf"
    assert dispute.escrow.frozen
    assert selectors.figures(booking).held == 1_040_000
    with pytest.raises(DomainError, match="cannot be paid for now"):
        services.funding_start(actor=booking.client, booking=booking, success_url="x", cancel_url="x")
    assert "A dispute is open: the money stays in escrow until it is decided." in selectors.release_blockers(booking)
    with pytest.raises(DomainError):
        services.escrow_release(booking=booking)


def test_a_dispute_needs_a_description_and_a_party(in_progress, stranger):
    response = as_user(in_progress.client).post(reverse("payments:dispute", args=[in_progress.pk]),
                                                {"reason": "quality", "description": ""})
    assert response.status_code == 422 and not PaymentDispute.objects.exists()
    assert as_user(stranger).get(reverse("payments:dispute", args=[in_progress.pk])).status_code == 404


def test_the_service_refuses_a_blank_description_and_keeps_nothing(in_progress):
    with pytest.raises(DomainError, match="Describe what went wrong, so staff can decide fairly."):
        services.dispute_open(actor=in_progress.client, booking=in_progress, reason="quality", description=" \x00 ")

    in_progress.refresh_from_db()
    assert in_progress.status == Booking.Status.IN_PROGRESS and not PaymentDispute.objects.exists()


def test_payments_alone_open_the_dispute_record(in_progress):
    """Moving the booking to disputed in bookings opens no dispute and freezes nothing: the
    record, the frozen escrow and the evidence come from dispute_open, in one transaction."""
    bookings.booking_dispute(actor=in_progress.client, booking=in_progress, reason="Cracked weld.")

    assert not PaymentDispute.objects.exists()
    assert not EscrowAccount.objects.get(booking=in_progress).frozen


def test_completed_bookings_can_be_disputed_only_within_the_window(in_progress, settings):
    booking = in_progress
    Booking.objects.filter(pk=booking.pk).update(
        status=Booking.Status.COMPLETED,
        completed_at=timezone.now() - datetime.timedelta(days=settings.BOOKING_DISPUTE_WINDOW_DAYS + 1))
    with pytest.raises(InvalidTransition, match="can be disputed for 14 days"):
        services.dispute_open(actor=booking.client, booking=booking, reason="quality", description="Late.")
    assert not PaymentDispute.objects.exists()


@pytest.mark.parametrize(("outcome", "to_freelancer", "transfer", "fee", "refund"), [
    ("release", None, 936_000, 104_000, 0),          # all 10,400 SEK: 10 % fee
    ("refund", None, 0, 0, 1_040_000),
    ("split", 400_000, 360_000, 40_000, 640_000),    # 4,000 SEK released (fee 400), 6,400 refunded
])
def test_staff_decide_a_dispute_and_the_money_moves(disputed, support, logged_in, outcome, to_freelancer, transfer,
                                                    fee, refund, django_capture_on_commit_callbacks):
    booking = disputed
    dispute = PaymentDispute.objects.get()
    admin = logged_in(support)
    page = admin.get(reverse("payment_disputes:resolve", args=[dispute.pk]))
    assert page.status_code == 200 and "The welds crack." in page.content.decode()
    data = {"outcome": outcome, "note": "We looked at the photos."}
    if to_freelancer:
        data["to_freelancer"] = str(to_freelancer / 100)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(reverse("payment_disputes:resolve", args=[dispute.pk]), data)
    assert response.status_code == 302
    dispute.refresh_from_db()
    assert (dispute.status, dispute.outcome, dispute.resolved_by) == ("resolved", outcome, support)
    money = selectors.figures(booking)
    assert (money.held, money.released, money.refunded, money.fees) == (0, transfer + fee, refund, fee)
    transfers = Payment.objects.filter(kind="transfer")
    assert sum(p.amount for p in transfers) == transfer and all(p.status == "succeeded" for p in transfers)
    assert sum(p.amount for p in Payment.objects.filter(kind="refund", status="succeeded")) == refund
    assert not dispute.escrow.__class__.objects.get(pk=dispute.escrow_id).frozen
    # Both parties are told, with the note.
    for user in (booking.client, booking.freelancer):
        assert user.notifications.filter(kind="dispute_resolved", body__contains="We looked at the photos.").exists()


def test_a_decision_is_refused_without_a_note_with_a_bad_split_or_twice(disputed, support):
    dispute = PaymentDispute.objects.get()
    with pytest.raises(DomainError, match="note"):
        services.dispute_resolve(staff=support, dispute=dispute, outcome="release", note=" ")
    for amount in (0, 1_040_000, 2_000_000):
        with pytest.raises(DomainError, match="split"):
            services.dispute_resolve(staff=support, dispute=dispute, outcome="split", note="n", to_freelancer=amount)
    services.dispute_resolve(staff=support, dispute=dispute, outcome="refund", note="Refunded.")
    with pytest.raises(DomainError, match="already decided"):
        services.dispute_resolve(staff=support, dispute=dispute, outcome="release", note="Again.")


def test_only_dispute_staff_decide(disputed, make_staff, logged_in):  # noqa: F811
    dispute = PaymentDispute.objects.get()
    with pytest.raises(PermissionDenied):
        services.dispute_resolve(staff=disputed.client, dispute=dispute, outcome="refund", note="Mine.")
    editor = logged_in(make_staff(groups=("Editors",)))
    assert editor.get(reverse("payment_disputes:index")).status_code == 403
    assert editor.post(reverse("payment_disputes:resolve", args=[dispute.pk]),
                       {"outcome": "refund", "note": "x"}).status_code == 403
    dispute.refresh_from_db()
    assert dispute.status == "open"


def test_the_dispute_queue_and_overview_for_support(disputed, support, logged_in):
    admin = logged_in(support)
    queue = admin.get(reverse("payment_disputes:index")).content.decode()
    assert disputed.title in queue
    overview = admin.get(reverse("payments_overview:index")).content.decode()
    assert "10,400 SEK" in overview and "1 open dispute" in overview
