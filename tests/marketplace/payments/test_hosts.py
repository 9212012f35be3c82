"""Paying and setting up payouts follow the address the member uses: a site opened on another
port or host (`PORT=8001 make run`, 127.0.0.1 instead of localhost) sends the member to the
simulated gateway's pages at that same address, which the CSP's form-action allows, and back."""

import pytest
from django.core import mail
from django.urls import reverse

from marketplace.payments import selectors, services
from marketplace.payments.models import ConnectedAccount, Payment
from tests.clients import as_user, messages_of

pytestmark = pytest.mark.usefixtures("simulated_mode")

HOST = "127.0.0.1:8001"
ORIGIN = f"http://{HOST}"


@pytest.fixture(autouse=True)
def another_port(settings):
    """The site answers on 127.0.0.1:8001 while SITE_URL still names the default address."""
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]
    settings.SITE_URL = "http://localhost:8000"


def on_another_port(user):
    client = as_user(user)
    client.defaults["HTTP_HOST"] = HOST
    return client


def test_paying_into_escrow_goes_to_the_checkout_at_the_address_in_use_and_completes(
    life, django_capture_on_commit_callbacks
):
    booking = life.accepted()
    client = on_another_port(booking.client)

    checkout = client.post(reverse("payments:fund", args=[booking.pk]))

    payment = Payment.objects.get(kind=Payment.Kind.FUNDING)
    assert checkout["Location"] == ORIGIN + reverse("payments:simulated_checkout", args=[payment.checkout_session_id])
    assert client.get(checkout["Location"]).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        paid = client.post(checkout["Location"])
    assert paid["Location"] == booking.get_absolute_url()
    assert selectors.figures(booking).held == 1_040_000


def test_an_open_checkout_started_at_another_address_is_reopened_at_this_one(life):
    booking = life.accepted()
    first = services.funding_start(
        actor=booking.client, booking=booking, success_url="http://localhost:8000/", cancel_url="http://localhost:8000/"
    )

    checkout = on_another_port(booking.client).post(reverse("payments:fund", args=[booking.pk]))

    assert checkout["Location"] == ORIGIN + reverse("payments:simulated_checkout", args=[first.checkout_session_id])
    assert Payment.objects.filter(kind=Payment.Kind.FUNDING).count() == 1


def test_setting_up_payouts_goes_to_the_onboarding_at_the_address_in_use_and_completes(freelancer):
    client = on_another_port(freelancer)

    onboarding = client.post(reverse("payments:payouts"))

    assert onboarding["Location"] == ORIGIN + reverse("payments:simulated_onboarding")
    assert client.get(onboarding["Location"]).status_code == 200
    client.post(onboarding["Location"])
    assert ConnectedAccount.objects.get(user=freelancer).ready


def test_a_gateway_page_the_browser_would_refuse_is_not_followed_and_the_member_is_told(freelancer, monkeypatch):
    monkeypatch.setattr(services, "payout_account_link", lambda **kwargs: "http://localhost:8000/payments/x/")
    client = on_another_port(freelancer)

    response = client.post(reverse("payments:payouts"))

    assert response["Location"] == reverse("payments:payouts")
    assert messages_of(response) == [
        "The payment service's page could not be opened from this address, so nothing happened: open Valund at "
        "http://localhost:8000 and try again."
    ]


def test_the_email_paying_causes_links_to_the_address_in_use(life, django_capture_on_commit_callbacks):
    booking = life.accepted()
    client = on_another_port(booking.client)
    checkout = client.post(reverse("payments:fund", args=[booking.pk]))
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(checkout["Location"])

    to_freelancer = [message for message in mail.outbox if message.to == [booking.freelancer.email]]
    assert to_freelancer
    assert f"{ORIGIN}{booking.get_absolute_url()}" in to_freelancer[0].body
    assert "localhost:8000" not in to_freelancer[0].body
