"""Without Stripe keys the same services run against the simulated gateway: checkout and payout
set-up happen on our own clearly marked pages, and money moves through the same ledger."""

import datetime

import pytest
from django.urls import reverse

from marketplace.bookings import services as bookings
from marketplace.bookings.models import Booking
from marketplace.notifications.models import Kind as NotificationKind
from marketplace.notifications.models import Notification
from marketplace.payments import selectors, services
from marketplace.payments.models import ConnectedAccount, LedgerTransaction, Payment
from tests.clients import as_user
from tests.fakes.stripe_server import TEST_API_KEY
from tests.marketplace.bookings.fixtures import fund_escrow

pytestmark = pytest.mark.usefixtures("simulated_mode")
SIMULATED = "Payments on this site are simulated"


def test_the_whole_flow_runs_on_simulated_pages_with_the_fee_to_the_ore(life, django_capture_on_commit_callbacks):
    booking = life.accepted()
    as_client, as_freelancer = as_user(booking.client), as_user(booking.freelancer)

    checkout = as_client.post(reverse("payments:fund", args=[booking.pk]))
    assert checkout.status_code == 302 and "/payments/simulated/checkout/sim_cs_" in checkout["Location"]
    page = as_client.get(checkout["Location"])
    assert page.status_code == 200 and SIMULATED in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        paid = as_client.post(checkout["Location"])
    assert paid["Location"] == booking.get_absolute_url()
    funding = Payment.objects.get(kind=Payment.Kind.FUNDING)
    assert (funding.status, funding.simulated, funding.amount) == (Payment.Status.SUCCEEDED, True, 1_040_000)
    assert funding.stripe_charge_id.startswith("sim_ch_")

    onboarding = as_freelancer.post(reverse("payments:payouts"))
    assert onboarding["Location"].endswith(reverse("payments:simulated_onboarding"))
    assert SIMULATED in as_freelancer.get(onboarding["Location"]).content.decode()
    as_freelancer.post(onboarding["Location"])
    account = ConnectedAccount.objects.get(user=booking.freelancer)
    assert account.ready and account.simulated

    life.start(booking)
    life.approve_time(booking, 90)  # 975 SEK
    life.confirm(booking)

    transfer = Payment.objects.get(kind=Payment.Kind.TRANSFER)
    refund = Payment.objects.get(kind=Payment.Kind.REFUND)
    assert (transfer.status, transfer.amount, transfer.fee) == (Payment.Status.SUCCEEDED, 97_500 - 9_750, 9_750)
    assert transfer.stripe_id.startswith("sim_tr_") and transfer.simulated
    assert (refund.status, refund.amount) == (Payment.Status.SUCCEEDED, 1_040_000 - 97_500)
    money = selectors.figures(booking)
    assert (money.funded, money.held, money.released, money.refunded, money.fees, money.paid_out) == (
        1_040_000, 0, 97_500, 942_500, 9_750, 87_750)


def test_a_cancelled_funded_booking_refunds_everything_held(life, today, django_capture_on_commit_callbacks):
    booking = life.accepted(start_date=today + datetime.timedelta(days=2),
                            end_date=today + datetime.timedelta(days=4))
    fund_escrow(booking)
    assert selectors.figures(booking).held == 1_040_000

    with django_capture_on_commit_callbacks(execute=True):
        bookings.booking_cancel(actor=booking.client, booking=booking, reason="Plans changed.")

    refund = Payment.objects.get(kind=Payment.Kind.REFUND)
    assert (refund.status, refund.amount) == (Payment.Status.SUCCEEDED, 1_040_000)
    money = selectors.figures(booking)
    assert (money.held, money.refunded, money.released, money.fees) == (0, 1_040_000, 0, 0)
    kinds = list(LedgerTransaction.objects.filter(escrow__booking=booking).values_list("kind", flat=True))
    assert kinds == ["funding", "refund", "refund_paid"]
    assert Notification.objects.filter(recipient=booking.client, kind=NotificationKind.ESCROW_REFUNDED).count() == 1


def test_a_cancelled_booking_that_was_never_funded_moves_no_money(life, today, django_capture_on_commit_callbacks):
    booking = life.accepted(start_date=today + datetime.timedelta(days=2),
                            end_date=today + datetime.timedelta(days=4))

    with django_capture_on_commit_callbacks(execute=True):
        bookings.booking_cancel(actor=booking.client, booking=booking)

    assert not Payment.objects.exists() and not LedgerTransaction.objects.exists()


def test_the_site_says_payments_are_simulated(life, settings):
    booking = life.accepted()
    page = as_user(booking.client).get(booking.get_absolute_url()).content.decode()
    assert SIMULATED in page and "No real money moves on this site" in page

    settings.STRIPE_SECRET_KEY = TEST_API_KEY
    page = as_user(booking.client).get(booking.get_absolute_url()).content.decode()
    assert SIMULATED not in page and "No real money moves" not in page


def test_the_simulated_pages_do_not_exist_when_stripe_is_configured(life, settings):
    booking = life.accepted()
    payment = services.funding_start(actor=booking.client, booking=booking, success_url="http://testserver/ok",
                                     cancel_url="http://testserver/no")
    checkout_url = reverse("payments:simulated_checkout", args=[payment.checkout_session_id])
    services.payout_account_link(user=booking.freelancer, refresh_url="http://testserver/",
                                 return_url="http://testserver/")
    settings.STRIPE_SECRET_KEY = TEST_API_KEY

    assert as_user(booking.client).get(checkout_url).status_code == 404
    assert as_user(booking.client).post(checkout_url).status_code == 404
    assert as_user(booking.freelancer).post(reverse("payments:simulated_onboarding")).status_code == 404
    payment.refresh_from_db()
    assert payment.status == Payment.Status.REQUIRES_ACTION
    assert not ConnectedAccount.objects.get(user=booking.freelancer).ready


def test_the_simulated_pages_are_only_for_their_own_member(life, stranger):
    booking = life.accepted()
    payment = services.funding_start(actor=booking.client, booking=booking, success_url="http://testserver/ok",
                                     cancel_url="http://testserver/no")
    checkout_url = reverse("payments:simulated_checkout", args=[payment.checkout_session_id])

    for someone in (stranger, booking.freelancer):
        assert as_user(someone).get(checkout_url).status_code == 404
        assert as_user(someone).post(checkout_url).status_code == 404
    assert as_user(booking.client).get(reverse("payments:simulated_onboarding")).status_code == 404
    assert as_user(booking.client).get(reverse("payments:simulated_checkout", args=["sim_cs_unknown"])
                                       ).status_code == 404
    payment.refresh_from_db()
    assert payment.status == Payment.Status.REQUIRES_ACTION and not LedgerTransaction.objects.exists()


def test_asking_twice_to_pay_reuses_the_open_checkout(life):
    booking = life.accepted()

    first = services.funding_start(actor=booking.client, booking=booking, success_url="http://testserver/ok",
                                   cancel_url="http://testserver/no")
    second = services.funding_start(actor=booking.client, booking=Booking.objects.get(pk=booking.pk),
                                    success_url="http://testserver/ok", cancel_url="http://testserver/no")

    assert second.pk == first.pk and Payment.objects.count() == 1
