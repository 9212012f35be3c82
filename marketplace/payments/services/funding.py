"""The client paying into escrow: a checkout page or a saved card, and the charge's outcome as
the gateway reports it (webhook, return page, or at once for a saved card)."""

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.accounts.models import User
from marketplace.bookings.models import Booking
from marketplace.core.errors import DomainError, PermissionDenied
from marketplace.core.money import format_money
from marketplace.notifications.models import Kind as NotificationKind
from marketplace.notifications.services import notify

from .. import ledger, selectors
from ..gateways import GatewayError, GatewayUnavailable, get_gateway
from ..models import EscrowAccount, LedgerEntry, LedgerTransaction, Payment
from .cards import customer_for, payment_methods_after_funding, saved_method_for
from .execution import transfer_group

logger = logging.getLogger(__name__)

PaymentStatus = Payment.Status


def escrow_for(booking: Booking) -> EscrowAccount:
    escrow, _created = EscrowAccount.objects.get_or_create(booking=booking, defaults={"currency": booking.currency})
    return escrow


def _next_key(escrow: EscrowAccount, kind: str) -> str:
    count = Payment.objects.filter(escrow=escrow, kind=kind).count()
    return f"booking:{escrow.booking_id}:{kind}:{count + 1}"


def funding_start(*, actor: User, booking: Booking, success_url: str, cancel_url: str,
                  payment_method_id: str = "") -> Payment:
    """The client pays what is due into escrow: through a checkout page (the returned payment's
    checkout_url), or at once with a saved card. Asking twice for the same amount reuses the
    open checkout rather than starting a second one."""
    if actor.pk != booking.client_id:
        raise PermissionDenied(_("Only the client of this booking pays into its escrow."))
    if not actor.email_verified:
        # A booking is only requested from a confirmed address, but an account made or changed
        # by other means (staff, older data) must not pay from an unproven one either.
        raise PermissionDenied(_("Confirm your email address before you pay."), code="unverified")
    if payment_method_id:
        payment_method_id = saved_method_for(user=actor, stripe_id=payment_method_id).stripe_id
    with transaction.atomic():
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        if booking.status not in selectors.FUNDABLE:
            raise DomainError(_("This booking cannot be paid for now (it is “%(status)s”).")
                              % {"status": booking.get_status_display()}, code="status")
        escrow = EscrowAccount.objects.select_for_update().get(pk=escrow_for(booking).pk)
        if escrow.frozen:
            raise DomainError(_("The escrow is frozen while a dispute is open."), code="frozen")
        due = selectors.figures(booking, escrow).due
        if due <= 0:
            raise DomainError(_("Nothing is due: the escrow already holds what this booking needs."), code="nothing")
        open_payment = (Payment.objects.filter(escrow=escrow, kind=Payment.Kind.FUNDING, amount=due,
                                               status__in=[PaymentStatus.PENDING, PaymentStatus.REQUIRES_ACTION])
                        .order_by("-pk").first())
        if open_payment is not None and not payment_method_id:
            payment = open_payment
        else:
            payment = Payment.objects.create(escrow=escrow, kind=Payment.Kind.FUNDING, amount=due,
                                             currency=booking.currency, idempotency_key=_next_key(escrow, "funding"),
                                             simulated=get_gateway().simulated)
    # A simulated checkout is asked again (the same id, from the same idempotency key): its page
    # is on our own site, at the address the member uses now, which may not be the last one.
    if payment.status == PaymentStatus.REQUIRES_ACTION and payment.checkout_url and not payment.simulated:
        return payment
    metadata = {"payment": str(payment.pk), "booking": str(booking.pk)}
    gateway = get_gateway()
    customer = customer_for(actor)
    try:
        if payment_method_id:
            charge = gateway.charge_saved_method(
                amount=payment.amount, currency=payment.currency, customer_id=customer.stripe_id,
                payment_method_id=payment_method_id, transfer_group=transfer_group(booking), metadata=metadata,
                idempotency_key=payment.idempotency_key)
            if charge.status == "succeeded":
                return funding_succeeded(payment_id=payment.pk, payment_intent_id=charge.payment_intent_id,
                                         charge_id=charge.charge_id, amount=charge.amount or payment.amount)
            Payment.objects.filter(pk=payment.pk).update(stripe_id=charge.payment_intent_id,
                                                         status=PaymentStatus.REQUIRES_ACTION)
        else:
            checkout = gateway.create_checkout(
                amount=payment.amount, currency=payment.currency,
                description=_("Escrow for “%(title)s”") % {"title": booking.title}, customer_id=customer.stripe_id,
                transfer_group=transfer_group(booking), metadata=metadata, success_url=success_url,
                cancel_url=cancel_url, idempotency_key=payment.idempotency_key)
            Payment.objects.filter(pk=payment.pk).update(checkout_session_id=checkout.id, checkout_url=checkout.url,
                                                         status=PaymentStatus.REQUIRES_ACTION)
    except GatewayError as exc:
        Payment.objects.filter(pk=payment.pk).update(status=PaymentStatus.FAILED, failure_message=exc.message[:500])
        raise DomainError(exc.message, code="declined") from exc
    except GatewayUnavailable as exc:
        raise DomainError(_("The payment service did not answer. Nothing was charged twice: try again in a "
                            "moment."), code="unavailable") from exc
    payment.refresh_from_db()
    return payment


@transaction.atomic
def funding_succeeded(*, payment_id: int, payment_intent_id: str, charge_id: str, amount: int) -> Payment:
    """The client's money arrived. Safe to call for every event and retry that says so."""
    payment = Payment.objects.select_for_update().select_related("escrow__booking").get(pk=payment_id)
    if payment.status == PaymentStatus.SUCCEEDED:
        return payment
    if amount != payment.amount:
        # The ledger follows the money that actually arrived; the difference is settled at release.
        logger.warning("Payment %s: %s received where %s was asked", payment.pk, amount, payment.amount)
    payment.status, payment.succeeded_at = PaymentStatus.SUCCEEDED, timezone.now()
    payment.stripe_id, payment.stripe_charge_id = payment_intent_id or payment.stripe_id, charge_id
    payment.amount = amount
    payment.save(update_fields=["status", "succeeded_at", "stripe_id", "stripe_charge_id", "amount", "updated_at"])
    escrow = EscrowAccount.objects.select_for_update().get(pk=payment.escrow_id)
    ledger.post(escrow=escrow, kind=LedgerTransaction.Kind.FUNDING, key=f"payment:{payment.pk}:succeeded",
                payment=payment, description=f"Funding {payment.stripe_id}",
                lines={LedgerEntry.Account.STRIPE_CLEARING: amount, LedgerEntry.Account.ESCROW: -amount})
    booking = payment.escrow.booking
    for recipient in (booking.client, booking.freelancer):
        notify(recipient=recipient, kind=NotificationKind.ESCROW_FUNDED, event_key=f"payment:{payment.pk}:funded",
               title=lambda: _("%(amount)s is held in escrow for “%(title)s”")
               % {"amount": format_money(amount, payment.currency), "title": booking.title},
               url=booking.get_absolute_url())
    transaction.on_commit(lambda: payment_methods_after_funding(payment.pk))
    return payment


@transaction.atomic
def funding_failed(*, payment_id: int, message: str) -> Payment:
    payment = Payment.objects.select_for_update().get(pk=payment_id)
    if payment.status in (PaymentStatus.SUCCEEDED, PaymentStatus.FAILED):
        return payment
    payment.status, payment.failure_message = PaymentStatus.FAILED, (message or "")[:500]
    payment.save(update_fields=["status", "failure_message", "updated_at"])
    return payment


def funding_sync(*, payment: Payment) -> Payment:
    """Ask the gateway whether an open checkout was paid (the return page does, in case the
    webhook is late)."""
    if payment.kind != Payment.Kind.FUNDING or payment.status == PaymentStatus.SUCCEEDED:
        return payment
    if not payment.checkout_session_id:
        return payment
    checkout = get_gateway().retrieve_checkout(payment.checkout_session_id)
    if checkout.paid and checkout.charge_id:
        return funding_succeeded(payment_id=payment.pk, payment_intent_id=checkout.payment_intent_id,
                                 charge_id=checkout.charge_id, amount=payment.amount)
    return payment


def simulated_checkout_pay(*, actor: User, checkout_id: str) -> Payment:
    """Only for the simulated gateway: the client presses "Pay" on our stand-in checkout page."""
    payment = Payment.objects.select_related("escrow__booking").filter(checkout_session_id=checkout_id,
                                                                      simulated=True).first()
    if payment is None or not get_gateway().simulated:
        raise DomainError(_("This checkout does not exist."), code="missing")
    if actor.pk != payment.escrow.booking.client_id:
        raise PermissionDenied(_("Only the client of this booking pays into its escrow."))
    suffix = checkout_id.removeprefix("sim_cs_")
    return funding_succeeded(payment_id=payment.pk, payment_intent_id=f"sim_pi_{suffix}",
                             charge_id=f"sim_ch_{suffix}", amount=payment.amount)
