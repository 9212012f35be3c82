"""A dispute after the money went out (issue 24, point 7): once the escrow has paid out, a
booking can no longer be disputed (payments.rules.dispute_refusal), every screen says so and
names support's address; a dispute whose escrow holds nothing is closed with a note, never with
a 0 SEK refund; the other party gives their side, which support sees beside the opener's."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from marketplace.bookings.models import Booking
from marketplace.core.errors import DomainError, PermissionDenied
from marketplace.payments import selectors, services
from marketplace.payments.models import EscrowAccount, Payment, PaymentDispute
from tests.clients import as_user
from tests.marketplace.bookings.fixtures import fund_escrow
from tests.marketplace.passport.fixtures import pdf_bytes

pytestmark = pytest.mark.usefixtures("simulated_mode")

SUPPORT = "help@valund.test"


@pytest.fixture(autouse=True)
def _support_address(settings):
    settings.SUPPORT_EMAIL = SUPPORT


@pytest.fixture
def released(life, django_capture_on_commit_callbacks):
    """A fixed-price booking of 1,000 SEK, funded, completed and paid out to the freelancer."""
    booking = life.accepted(pricing="fixed", fixed_price=100_000)
    fund_escrow(booking)
    services.payout_account_link(user=booking.freelancer, refresh_url="http://testserver/",
                                 return_url="http://testserver/")
    services.simulated_onboarding_complete(user=booking.freelancer)
    life.start(booking)
    booking = life.auto_complete(booking)
    with django_capture_on_commit_callbacks(execute=True):
        services.escrow_release(booking=booking, actor=booking.client)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.COMPLETED and selectors.figures(booking).held == 0
    return booking


@pytest.fixture
def support(make_staff):
    return make_staff(groups=("Support",))


@pytest.mark.parametrize("party", ["client", "freelancer"])
def test_the_booking_page_offers_no_dispute_after_the_release_and_says_whom_to_write_to(released, party):
    page = as_user(getattr(released, party)).get(released.get_absolute_url()).content.decode()

    assert reverse("payments:dispute", args=[released.pk]) not in page
    assert "so there is no money left in escrow for a dispute to hold" in page
    assert f'href="mailto:{SUPPORT}"' in page


def test_the_dispute_page_explains_and_refuses_after_the_release(released):
    url = reverse("payments:dispute", args=[released.pk])
    member = as_user(released.client)

    page = member.get(url)
    body = page.content.decode()
    assert page.status_code == 200
    assert "This booking can no longer be disputed" in body and SUPPORT in body
    assert '<textarea name="description"' not in body and "stays in escrow" not in body

    response = member.post(url, {"reason": "quality", "description": "The welds crack."})
    assert response.status_code == 409
    released.refresh_from_db()
    assert released.status == Booking.Status.COMPLETED and not PaymentDispute.objects.exists()


def test_the_service_refuses_a_dispute_once_the_escrow_paid_out(released):
    with pytest.raises(DomainError, match="no money left in escrow") as refused:
        services.dispute_open(actor=released.freelancer, booking=released, reason="other", description="Unpaid?")
    assert refused.value.code == "released"
    released.refresh_from_db()
    assert released.status == Booking.Status.COMPLETED
    assert not EscrowAccount.objects.get(booking=released).frozen


def test_a_dispute_before_the_release_still_opens_and_the_message_tells_the_truth(life):
    booking = life.accepted(pricing="fixed", fixed_price=100_000)
    fund_escrow(booking)
    booking = life.auto_complete(life.start(booking))  # completed, not paid out yet

    response = as_user(booking.client).post(reverse("payments:dispute", args=[booking.pk]),
                                            {"reason": "quality", "description": "The welds crack."}, follow=True)

    assert "The money stays in escrow until Valund staff have decided" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == Booking.Status.DISPUTED and selectors.figures(booking).held == 100_000


@pytest.fixture
def held_nothing(released):
    """A dispute recorded on an escrow that had already paid out (before the rule existed)."""
    escrow = EscrowAccount.objects.get(booking=released)
    Booking.objects.filter(pk=released.pk).update(status=Booking.Status.DISPUTED)
    return PaymentDispute.objects.create(escrow=escrow, opened_by=released.client, reason="quality",
                                         description="The welds crack.")


def test_support_is_offered_only_to_close_a_dispute_when_nothing_is_held(held_nothing, support, logged_in):
    admin = logged_in(support)
    url = reverse("payment_disputes:resolve", args=[held_nothing.pk])

    page = admin.get(url).content.decode()

    assert 'value="closed"' in page and "Close the dispute and tell both parties" in page
    for offered in ('value="release"', 'value="refund"', 'value="split"', 'name="to_freelancer"',
                    "move the money"):
        assert offered not in page
    refunds_before = Payment.objects.filter(kind=Payment.Kind.REFUND).count()
    refused = admin.post(url, {"outcome": "refund", "note": "Refund it."})
    assert refused.status_code == 200
    held_nothing.refresh_from_db()
    assert held_nothing.status == PaymentDispute.Status.OPEN

    assert admin.post(url, {"outcome": "closed", "note": "Settled by email."}).status_code == 302

    held_nothing.refresh_from_db()
    assert (held_nothing.status, held_nothing.outcome, held_nothing.to_client) == ("resolved", "closed", 0)
    assert Payment.objects.filter(kind=Payment.Kind.REFUND).count() == refunds_before  # no 0 SEK refund
    client_note = held_nothing.escrow.booking.client.notifications.get(kind="dispute_resolved")
    assert client_note.body == "Settled by email." and "0 SEK" not in client_note.body


def test_the_service_refuses_money_outcomes_on_an_empty_escrow_and_closing_a_full_one(held_nothing, support,
                                                                                    in_progress):
    for outcome in ("release", "refund", "split"):
        with pytest.raises(DomainError, match="holds nothing"):
            services.dispute_resolve(staff=support, dispute=held_nothing, outcome=outcome, note="n",
                                     to_freelancer=1)
    services.dispute_open(actor=in_progress.client, booking=in_progress, reason="quality", description="Cracks.")
    full = PaymentDispute.objects.get(escrow__booking=in_progress)
    with pytest.raises(DomainError, match="release, refund or split it"):
        services.dispute_resolve(staff=support, dispute=full, outcome="closed", note="n")


@pytest.fixture
def disputed(in_progress):
    services.dispute_open(actor=in_progress.client, booking=in_progress, reason="quality",
                          description="The welds crack.")
    in_progress.refresh_from_db()
    return in_progress


def test_the_freelancer_gives_their_side_and_support_reads_it(disputed, support, logged_in):
    freelancer = as_user(disputed.freelancer)
    booking_page = freelancer.get(disputed.get_absolute_url()).content.decode()
    assert "Give your side of the dispute" in booking_page
    url = reverse("payments:dispute", args=[disputed.pk])
    assert 'name="response"' in freelancer.get(url).content.decode()

    response = freelancer.post(url, {
        "response": "The welds passed the inspection on Friday.",
        "evidence": [SimpleUploadedFile("protocol.pdf", pdf_bytes("Inspection"), content_type="application/pdf")]})

    assert response.status_code == 302
    dispute = PaymentDispute.objects.get()
    assert dispute.response == "The welds passed the inspection on Friday." and dispute.responded_at
    assert dispute.evidence.get().uploaded_by == disputed.freelancer
    assert "Give your side" not in freelancer.get(disputed.get_absolute_url()).content.decode()
    screen = logged_in(support).get(reverse("payment_disputes:resolve", args=[dispute.pk])).content.decode()
    assert "The welds passed the inspection on Friday." in screen and "protocol.pdf" in screen
    assert "move the money" in screen  # 16 h are held: release, refund and split stay offered


def test_only_the_other_party_answers_and_only_once(disputed, stranger):
    dispute = PaymentDispute.objects.get()
    url = reverse("payments:dispute", args=[disputed.pk])
    opener = as_user(disputed.client).get(url).content.decode()
    assert 'name="response"' not in opener and "The welds crack." in opener
    with pytest.raises(PermissionDenied):
        services.dispute_respond(actor=disputed.client, dispute=dispute, response="Me too.")
    with pytest.raises(PermissionDenied):
        services.dispute_respond(actor=stranger, dispute=dispute, response="Me too.")
    assert as_user(stranger).post(url, {"response": "Me too."}).status_code == 404

    services.dispute_respond(actor=disputed.freelancer, dispute=dispute, response="It was fine.")
    with pytest.raises(DomainError, match="already given your side"):
        services.dispute_respond(actor=disputed.freelancer, dispute=dispute, response="Again.")


def test_support_sees_that_the_other_side_is_not_given_yet(disputed, support, logged_in):
    dispute = PaymentDispute.objects.get()
    screen = logged_in(support).get(reverse("payment_disputes:resolve", args=[dispute.pk])).content.decode()
    assert "Not given yet" in screen
