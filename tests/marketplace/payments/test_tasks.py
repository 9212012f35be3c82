"""The daily automatic release: escrow of bookings completed ESCROW_AUTO_RELEASE_DAYS ago
without a dispute goes to the freelancer; the client is reminded a few days before, once."""

import datetime

import pytest
from django.utils import timezone

from marketplace.notifications.models import Kind as NotificationKind
from marketplace.notifications.models import Notification
from marketplace.payments import selectors, services, tasks
from marketplace.payments.models import EscrowAccount, Payment
from tests.marketplace.bookings.fixtures import fund_escrow

pytestmark = pytest.mark.usefixtures("simulated_mode")
PRICE = 300_000


@pytest.fixture(autouse=True)
def fourteen_days_reminded_three_before(settings):
    settings.ESCROW_AUTO_RELEASE_DAYS = 14
    settings.ESCROW_RELEASE_REMINDER_DAYS_BEFORE = 3


@pytest.fixture
def completed(life):
    """A funded fixed-price booking completed by the review period running out (which does not
    release by itself), `days_ago`; the freelancer's payouts set up unless told otherwise."""

    def make(days_ago, *, onboarded=True):
        booking = life.accepted(pricing="fixed", fixed_price=PRICE)
        fund_escrow(booking)
        if onboarded:
            services.payout_account_link(user=booking.freelancer, refresh_url="http://testserver/",
                                         return_url="http://testserver/")
            services.simulated_onboarding_complete(user=booking.freelancer)
        life.start(booking)
        return life.auto_complete(booking, days_ago=days_ago)

    return make


def run(django_capture_on_commit_callbacks, now=None):
    with django_capture_on_commit_callbacks(execute=True):
        return tasks.run_auto_release(now=now or timezone.now())


def reminders(booking):
    return Notification.objects.filter(recipient=booking.client, kind=NotificationKind.ESCROW_RELEASE_SOON)


def test_escrow_completed_more_than_the_period_ago_is_released(completed, django_capture_on_commit_callbacks):
    booking = completed(days_ago=14.01)

    assert run(django_capture_on_commit_callbacks) == {"released": 1, "reminded": 0, "waiting": 0}

    assert EscrowAccount.objects.get(booking=booking).released_at is not None
    transfer = Payment.objects.get(kind=Payment.Kind.TRANSFER)
    assert (transfer.status, transfer.amount, transfer.fee) == (Payment.Status.SUCCEEDED, PRICE - 30_000, 30_000)
    assert selectors.figures(booking).held == 0
    assert not reminders(booking).exists()


def test_escrow_is_not_released_before_the_period_is_over(completed, django_capture_on_commit_callbacks):
    booking = completed(days_ago=13.99)

    assert run(django_capture_on_commit_callbacks)["released"] == 0

    assert EscrowAccount.objects.get(booking=booking).released_at is None
    assert selectors.figures(booking).held == PRICE


def test_the_period_comes_from_settings(completed, settings, django_capture_on_commit_callbacks):
    settings.ESCROW_AUTO_RELEASE_DAYS = 5
    booking = completed(days_ago=5.01)

    assert run(django_capture_on_commit_callbacks)["released"] == 1
    assert EscrowAccount.objects.get(booking=booking).released_at is not None


def test_a_disputed_booking_stays_frozen_and_is_not_released(completed, django_capture_on_commit_callbacks):
    booking = completed(days_ago=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.dispute_open(actor=booking.client, booking=booking, reason="quality",
                              description="The railing wobbles.")

    later = timezone.now() + datetime.timedelta(days=30)
    assert run(django_capture_on_commit_callbacks, now=later) == {"released": 0, "reminded": 0, "waiting": 0}

    escrow = EscrowAccount.objects.get(booking=booking)
    assert escrow.frozen and escrow.released_at is None
    assert not Payment.objects.filter(kind__in=[Payment.Kind.TRANSFER, Payment.Kind.REFUND]).exists()
    assert selectors.figures(booking).held == PRICE
    assert not reminders(booking).exists()


def test_the_client_is_reminded_days_before_the_release_once(completed, django_capture_on_commit_callbacks):
    booking = completed(days_ago=0)
    now = timezone.now()

    assert run(django_capture_on_commit_callbacks, now + datetime.timedelta(days=10.99))["reminded"] == 0
    assert run(django_capture_on_commit_callbacks, now + datetime.timedelta(days=11.01)) == {
        "released": 0, "reminded": 1, "waiting": 0}
    assert run(django_capture_on_commit_callbacks, now + datetime.timedelta(days=12))["reminded"] == 0

    reminder, = reminders(booking)
    assert "3 days" in reminder.title
    assert EscrowAccount.objects.get(booking=booking).release_reminded_at is not None
    assert run(django_capture_on_commit_callbacks, now + datetime.timedelta(days=14.01)) == {
        "released": 1, "reminded": 0, "waiting": 0}
    assert reminders(booking).count() == 1


def test_a_release_waiting_for_the_freelancers_payouts_is_counted_as_waiting_not_failed(
        completed, django_capture_on_commit_callbacks):
    booking = completed(days_ago=15, onboarded=False)

    assert run(django_capture_on_commit_callbacks) == {"released": 0, "reminded": 0, "waiting": 1}

    assert EscrowAccount.objects.get(booking=booking).released_at is None
    assert not Payment.objects.exclude(kind=Payment.Kind.FUNDING).exists()
    assert not Payment.objects.filter(status=Payment.Status.FAILED).exists()
    assert selectors.figures(booking).held == PRICE

    services.payout_account_link(user=booking.freelancer, refresh_url="http://testserver/",
                                 return_url="http://testserver/")
    services.simulated_onboarding_complete(user=booking.freelancer)
    assert run(django_capture_on_commit_callbacks) == {"released": 1, "reminded": 0, "waiting": 0}


def test_an_escrow_released_already_is_left_alone(completed, django_capture_on_commit_callbacks):
    booking = completed(days_ago=15)
    run(django_capture_on_commit_callbacks)

    assert run(django_capture_on_commit_callbacks) == {"released": 0, "reminded": 0, "waiting": 0}
    assert Payment.objects.filter(escrow__booking=booking, kind=Payment.Kind.TRANSFER).count() == 1
