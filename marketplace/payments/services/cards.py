"""The client at the gateway (a Customer) and the cards saved on it."""

import logging

from django.db import transaction
from django.utils.translation import gettext as _

from marketplace.accounts.models import User
from marketplace.core.errors import DomainError, PermissionDenied

from ..gateways import GatewayError, GatewayUnavailable, get_gateway
from ..models import Customer, Payment, SavedPaymentMethod

logger = logging.getLogger(__name__)


def customer_for(user: User) -> Customer:
    """The member's Customer at the gateway, made the first time they pay."""
    customer = Customer.objects.filter(user=user).first()
    if customer is None:
        gateway = get_gateway()
        stripe_id = gateway.create_customer(email=user.email, name=user.profile.display_name,
                                            idempotency_key=f"user:{user.pk}:customer")
        customer, _created = Customer.objects.get_or_create(
            user=user, defaults={"stripe_id": stripe_id, "simulated": gateway.simulated})
    return customer


def _saved_methods_customer(user: User) -> Customer | None:
    """The client's Customer at the gateway in use: one made while payments were simulated
    means nothing to Stripe, and the other way round."""
    return Customer.objects.filter(user=user, simulated=get_gateway().simulated).first()


def payment_methods_sync(*, user: User) -> list[SavedPaymentMethod]:
    """Make our copy of the cards saved on the client's Customer match the gateway's: new cards
    added, changed ones updated, those the gateway no longer has removed. Checkout saves the
    card it charged (setup_future_usage), so this runs after each funding through checkout,
    and when the client asks for a refresh."""
    customer = _saved_methods_customer(user)
    if customer is None:
        return []
    cards = get_gateway().list_payment_methods(customer.stripe_id)
    with transaction.atomic():
        customer = Customer.objects.select_for_update().get(pk=customer.pk)
        customer.payment_methods.exclude(stripe_id__in=[card.id for card in cards]).delete()
        for card in cards:
            SavedPaymentMethod.objects.update_or_create(stripe_id=card.id, defaults={
                "customer": customer, "brand": card.brand[:20], "last4": card.last4[:4],
                "exp_month": card.exp_month, "exp_year": card.exp_year})
    return list(customer.payment_methods.order_by("pk"))


def payment_methods_after_funding(payment_id: int) -> None:
    """After a funding through checkout, the card it saved shows up. Never fails the funding:
    the next refresh or funding tries again."""
    payment = Payment.objects.select_related("escrow__booking__client").filter(pk=payment_id).first()
    if payment is None or payment.simulated or not payment.checkout_session_id:
        return
    try:
        payment_methods_sync(user=payment.escrow.booking.client)
    except (GatewayError, GatewayUnavailable) as exc:
        logger.warning("Could not sync saved cards after payment %s: %s", payment_id, exc)


def saved_method_for(*, user: User, stripe_id: str) -> SavedPaymentMethod:
    """One of the client's own saved cards, or a refusal: a client never pays with a card id
    they typed in or found elsewhere."""
    method = (SavedPaymentMethod.objects.filter(stripe_id=stripe_id, customer__user=user,
                                                customer__simulated=get_gateway().simulated)
              .select_related("customer").first())
    if method is None:
        raise DomainError(_("That card is not one of your saved cards. Choose another, or pay through checkout."),
                          code="payment_method")
    return method


def payment_method_remove(*, user: User, method: SavedPaymentMethod) -> None:
    """Forget a saved card: detach it from the Customer at the gateway, then remove our copy.
    When the gateway refuses (the card is no longer attached there), our copy goes all the same."""
    if method.customer.user_id != user.pk:
        raise PermissionDenied(_("This is not one of your saved cards."))
    try:
        get_gateway().detach_payment_method(payment_method_id=method.stripe_id,
                                            idempotency_key=f"saved_method:{method.pk}:detach")
    except GatewayError as exc:
        logger.warning("Detaching %s refused (%s): removed here all the same", method.stripe_id, exc.message)
    except GatewayUnavailable as exc:
        raise DomainError(_("The payment service did not answer; the card is still saved. Try again in a "
                            "moment."), code="unavailable") from exc
    SavedPaymentMethod.objects.filter(pk=method.pk).delete()
