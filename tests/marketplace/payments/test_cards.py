"""Saved cards: Stripe Checkout saves the card a client paid with on their Customer; we keep a
copy (synced after each checkout funding and on "Refresh"), offer "Pay with Visa •••• 4242" on
the booking's escrow card, accept only the client's own saved cards, and detach a card at
Stripe when the client removes it. Against the fake Stripe server, and the simulated gateway."""


import pytest
from django.test import Client
from django.urls import reverse

from marketplace.bookings.models import Booking
from marketplace.core.errors import DomainError, PermissionDenied
from marketplace.payments import selectors, services
from marketplace.payments.gateways import get_gateway
from marketplace.payments.models import Customer, Payment, SavedPaymentMethod
from tests.clients import as_user, messages_of

pytestmark = pytest.mark.django_db

DETACH = "/v1/payment_methods/{id}/detach"


def customer_of(user) -> Customer:
    return services.customer_for(user)


def save_card(fake, user, card="visa") -> SavedPaymentMethod:
    """A card saved on the client's Customer at the fake, and our copy of it."""
    method = fake.add_payment_method(customer_of(user).stripe_id, card=card)
    services.payment_methods_sync(user=user)
    return SavedPaymentMethod.objects.get(stripe_id=method["id"])


def test_the_card_paid_with_at_checkout_is_saved_after_the_funding(stripe_on, make_booking,
                                                                   django_capture_on_commit_callbacks):
    booking = make_booking(Booking.Status.ACCEPTED)
    payment = services.funding_start(actor=booking.client, booking=booking, success_url="http://testserver/ok",
                                     cancel_url="http://testserver/no")
    stripe_on.complete_checkout(payment.checkout_session_id)
    with django_capture_on_commit_callbacks(execute=True):
        services.funding_sync(payment=payment)
    saved = SavedPaymentMethod.objects.get()
    customer = Customer.objects.get(user=booking.client)
    assert (saved.customer, saved.brand, saved.last4) == (customer, "visa", "4242")
    assert saved.exp_month and saved.exp_year
    (listing,) = stripe_on.requests_to("GET", "/v1/payment_methods")
    assert listing.params == {"customer": customer.stripe_id, "type": "card", "limit": "100"}


def test_the_escrow_card_offers_saved_cards_and_pays_with_one(stripe_on, make_booking):
    booking = make_booking(Booking.Status.ACCEPTED)
    saved = save_card(stripe_on, booking.client)
    client = as_user(booking.client)
    page = client.get(booking.get_absolute_url()).content.decode()
    assert f'name="payment_method" value="{saved.stripe_id}"' in page
    assert "Pay with Visa •••• 4242" in page
    response = client.post(reverse("payments:fund", args=[booking.pk]), {"payment_method": saved.stripe_id})
    assert response.status_code == 302 and response.url == booking.get_absolute_url()
    payment = Payment.objects.get()
    assert (payment.status, payment.amount) == (Payment.Status.SUCCEEDED, booking.estimate)
    (intent,) = stripe_on.requests_to("POST", "/v1/payment_intents")
    assert intent.params["payment_method"] == saved.stripe_id
    assert intent.params["customer"] == saved.customer.stripe_id
    assert intent.idempotency_key == f"booking:{booking.pk}:funding:1"
    assert selectors.figures(booking).held == booking.estimate
    # Nothing is due any more: no card buttons.
    assert "Pay with Visa" not in client.get(booking.get_absolute_url()).content.decode()
    # The receipt carries Stripe's charge id.
    receipt = client.get(reverse("payments:receipt", args=[payment.pk])).content.decode()
    assert payment.stripe_charge_id.startswith("ch_") and payment.stripe_charge_id in receipt


def test_a_card_that_is_not_the_clients_own_is_refused(stripe_on, make_booking, stranger):
    booking = make_booking(Booking.Status.ACCEPTED)
    theirs = save_card(stripe_on, stranger)
    client = as_user(booking.client)
    for attempt in (theirs.stripe_id, "pm_card_visa", "pm_made_up"):
        response = client.post(reverse("payments:fund", args=[booking.pk]), {"payment_method": attempt})
        assert response.status_code == 302
        assert "not one of your saved cards" in messages_of(response)[0]
    assert not Payment.objects.exists()
    assert stripe_on.requests_to("POST", "/v1/payment_intents") == []
    with pytest.raises(DomainError, match="not one of your saved cards"):
        services.funding_start(actor=booking.client, booking=booking, success_url="x", cancel_url="x",
                               payment_method_id=theirs.stripe_id)


def test_a_declined_saved_card_fails_the_payment_and_holds_nothing(stripe_on, make_booking):
    booking = make_booking(Booking.Status.ACCEPTED)
    declined = save_card(stripe_on, booking.client, card="chargeDeclined")
    response = as_user(booking.client).post(reverse("payments:fund", args=[booking.pk]),
                                            {"payment_method": declined.stripe_id})
    assert response.status_code == 302 and "declined" in messages_of(response)[0]
    assert Payment.objects.get().status == Payment.Status.FAILED
    assert selectors.figures(booking).held == 0


def test_refresh_adds_new_cards_and_drops_those_stripe_no_longer_has(stripe_on, client_user):
    customer = customer_of(client_user)
    SavedPaymentMethod.objects.create(customer=customer, stripe_id="pm_long_gone", brand="visa", last4="1111")
    card = stripe_on.add_payment_method(customer.stripe_id, card="mastercard")
    response = as_user(client_user).post(reverse("payments:methods_refresh"))
    assert response.status_code == 302 and response.url.endswith("#saved-cards")
    assert list(SavedPaymentMethod.objects.values_list("stripe_id", "brand", "last4")) == [
        (card["id"], "mastercard", "4444")]
    page = as_user(client_user).get(reverse("payments:history")).content.decode()
    assert "Mastercard •••• 4444" in page


def test_removing_a_card_detaches_it_at_stripe(stripe_on, client_user):
    saved = save_card(stripe_on, client_user)
    response = as_user(client_user).post(reverse("payments:method_remove", args=[saved.pk]))
    assert response.status_code == 302
    assert not SavedPaymentMethod.objects.exists()
    (detach,) = stripe_on.requests_to("POST", DETACH.format(id=saved.stripe_id))
    assert detach.idempotency_key == f"saved_method:{saved.pk}:detach"
    assert stripe_on.get(saved.stripe_id)["customer"] is None
    # A refresh does not bring it back.
    services.payment_methods_sync(user=client_user)
    assert not SavedPaymentMethod.objects.exists()


def test_a_card_already_detached_at_stripe_is_removed_here_too(stripe_on, client_user):
    saved = save_card(stripe_on, client_user)
    get_gateway().detach_payment_method(payment_method_id=saved.stripe_id, idempotency_key="elsewhere")
    as_user(client_user).post(reverse("payments:method_remove", args=[saved.pk]))
    assert not SavedPaymentMethod.objects.exists()


def test_a_card_stays_saved_when_stripe_does_not_answer(stripe_on, client_user):
    saved = save_card(stripe_on, client_user)
    stripe_on.fail_next(10, 500, method="POST", path="/v1/payment_methods/*/detach", should_retry=True)
    response = as_user(client_user).post(reverse("payments:method_remove", args=[saved.pk]))
    assert "did not answer" in messages_of(response)[0]
    assert SavedPaymentMethod.objects.filter(pk=saved.pk).exists()


def test_another_member_cannot_remove_or_see_a_card(stripe_on, client_user, stranger, freelancer):
    saved = save_card(stripe_on, client_user)
    for other in (stranger, freelancer):
        assert as_user(other).post(reverse("payments:method_remove", args=[saved.pk])).status_code == 404
        assert saved.stripe_id not in as_user(other).get(reverse("payments:history")).content.decode()
    assert SavedPaymentMethod.objects.filter(pk=saved.pk).exists()
    assert stripe_on.requests_to("POST", DETACH.format(id=saved.stripe_id)) == []
    with pytest.raises(PermissionDenied, match="not one of your saved cards"):
        services.payment_method_remove(user=stranger, method=saved)
    assert as_user(freelancer).post(reverse("payments:methods_refresh")).status_code == 404
    assert Client().post(reverse("payments:methods_refresh")).status_code == 302  # to the login page


# --- The simulated gateway -------------------------------------------------------------------------


@pytest.fixture
def simulated(settings):
    settings.STRIPE_SECRET_KEY = ""
    settings.STRIPE_WEBHOOK_SECRET = ""


def test_simulated_checkout_saves_no_card_and_the_page_says_so(simulated, make_booking,
                                                               django_capture_on_commit_callbacks):
    from tests.marketplace.bookings.fixtures import fund_escrow

    booking = make_booking(Booking.Status.ACCEPTED)
    with django_capture_on_commit_callbacks(execute=True):
        fund_escrow(booking)
    assert services.payment_methods_sync(user=booking.client) == []
    assert not SavedPaymentMethod.objects.exists()
    page = as_user(booking.client).get(reverse("payments:history")).content.decode()
    assert "The simulated checkout takes no card details" in page


def test_simulated_gateway_charges_only_the_clients_own_saved_card(simulated, make_booking, stranger):
    """No simulated page saves a card, but the same rule holds through the simulated gateway:
    a stand-in saved card of the client's pays; someone else's is refused."""
    booking = make_booking(Booking.Status.ACCEPTED)
    own = SavedPaymentMethod.objects.create(customer=customer_of(booking.client), stripe_id="sim_pm_own",
                                            brand="visa", last4="4242")
    theirs = SavedPaymentMethod.objects.create(customer=customer_of(stranger), stripe_id="sim_pm_theirs",
                                               brand="visa", last4="4242")
    with pytest.raises(DomainError, match="not one of your saved cards"):
        services.funding_start(actor=booking.client, booking=booking, success_url="x", cancel_url="x",
                               payment_method_id=theirs.stripe_id)
    page = as_user(booking.client).get(booking.get_absolute_url()).content.decode()
    assert 'value="sim_pm_own"' in page and "sim_pm_theirs" not in page
    payment = services.funding_start(actor=booking.client, booking=booking, success_url="x", cancel_url="x",
                                     payment_method_id=own.stripe_id)
    assert (payment.status, payment.simulated) == (Payment.Status.SUCCEEDED, True)
    # The simulated gateway keeps no cards: a refresh leaves the client with none.
    assert services.payment_methods_sync(user=booking.client) == []
    assert not SavedPaymentMethod.objects.filter(customer__user=booking.client).exists()


def test_cards_saved_with_stripe_are_not_offered_while_payments_are_simulated(stripe_on, make_booking, settings):
    booking = make_booking(Booking.Status.ACCEPTED)
    save_card(stripe_on, booking.client)
    settings.STRIPE_SECRET_KEY = ""
    page = as_user(booking.client).get(booking.get_absolute_url()).content.decode()
    assert "Pay with Visa" not in page
