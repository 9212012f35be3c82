"""Who may touch a booking's money: its client funds and releases, its freelancer sees it, a
third member learns nothing (404)."""

import pytest
from django.test import Client
from django.urls import reverse

from marketplace.payments import services
from marketplace.payments.models import EscrowAccount, Payment
from tests.clients import as_user, messages_of
from tests.marketplace.bookings.fixtures import fund_escrow

pytestmark = pytest.mark.usefixtures("simulated_mode")


@pytest.fixture
def completed(life):
    """Funded, the freelancer onboarded, completed without the release (the review period ran
    out, which does not release by itself)."""
    booking = life.accepted(pricing="fixed", fixed_price=100_000)
    fund_escrow(booking)
    services.payout_account_link(user=booking.freelancer, refresh_url="http://testserver/",
                                 return_url="http://testserver/")
    services.simulated_onboarding_complete(user=booking.freelancer)
    life.start(booking)
    return life.auto_complete(booking)


@pytest.mark.parametrize(("name", "method"), [("fund", "post"), ("funded", "get"), ("release", "post")])
def test_a_third_member_gets_404_from_every_payment_url_of_a_booking(life, stranger, name, method):
    booking = life.accepted()

    response = getattr(as_user(stranger), method)(reverse(f"payments:{name}", args=[booking.pk]))

    assert response.status_code == 404
    assert not Payment.objects.exists()


@pytest.mark.parametrize("name", ["fund", "funded", "release"])
def test_a_visitor_is_sent_to_log_in(life, name):
    booking = life.accepted()

    response = Client().post(reverse(f"payments:{name}", args=[booking.pk]))

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_freelancer_cannot_pay_into_the_escrow(life):
    booking = life.accepted()

    response = as_user(booking.freelancer).post(reverse("payments:fund", args=[booking.pk]), follow=True)

    assert any("Only the client" in message for message in messages_of(response))
    assert not Payment.objects.exists()


def test_the_freelancer_cannot_release_the_escrow(completed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(completed.freelancer).post(reverse("payments:release", args=[completed.pk]), follow=True)

    assert any("Only the client" in message for message in messages_of(response))
    assert EscrowAccount.objects.get(booking=completed).released_at is None
    assert not Payment.objects.filter(kind=Payment.Kind.TRANSFER).exists()


def test_the_client_releases_a_completed_booking(completed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(completed.client).post(reverse("payments:release", args=[completed.pk]), follow=True)

    assert any("Released" in message for message in messages_of(response))
    assert Payment.objects.get(kind=Payment.Kind.TRANSFER).amount == 100_000 - 10_000


def test_the_release_page_answers_only_post(completed):
    assert as_user(completed.client).get(reverse("payments:release", args=[completed.pk])).status_code == 405


def test_the_payouts_page_is_only_for_freelancers(client_user, freelancer):
    assert as_user(client_user).get(reverse("payments:payouts")).status_code == 404
    assert as_user(client_user).post(reverse("payments:payouts")).status_code == 404
    assert as_user(freelancer).get(reverse("payments:payouts")).status_code == 200
    assert Client().get(reverse("payments:payouts")).status_code == 302


def test_the_simulated_checkout_of_someone_elses_booking_is_404(life, stranger):
    booking = life.accepted()
    payment = services.funding_start(actor=booking.client, booking=booking, success_url="http://testserver/ok",
                                     cancel_url="http://testserver/no")

    response = as_user(stranger).post(reverse("payments:simulated_checkout", args=[payment.checkout_session_id]))

    assert response.status_code == 404
    payment.refresh_from_db()
    assert payment.status == Payment.Status.REQUIRES_ACTION
