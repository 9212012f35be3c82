"""Stripe's webhook: its events, handled exactly once each, in whatever order and however
often they come.

The view has the gateway verify the signature, then stores the event (unique on Stripe's id)
before handling it; a handler maps the event to a service call that is itself idempotent, so a
replayed event and an event that arrives before the one it follows both end in the same state."""

import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from marketplace.core.http import id_or_none

from . import services
from .gateways import WebhookRefused, webhook_event
from .models import Payment, PaymentDispute, StripeWebhookEvent

logger = logging.getLogger(__name__)


def _funding_payment(obj: dict) -> Payment | None:
    metadata = obj.get("metadata") or {}
    payment = None
    payment_id = id_or_none(metadata.get("payment", ""))
    if payment_id is not None:
        payment = Payment.objects.filter(pk=payment_id, kind=Payment.Kind.FUNDING).first()
    if payment is None and obj.get("object") == "checkout.session":
        payment = Payment.objects.filter(checkout_session_id=obj.get("id", "")).first()
    if payment is None and obj.get("object") == "payment_intent":
        payment = Payment.objects.filter(stripe_id=obj.get("id", ""), kind=Payment.Kind.FUNDING).first()
    return payment


def _id(value) -> str:
    if isinstance(value, dict):
        return value.get("id", "")
    return value or ""


def checkout_completed(event: dict) -> None:
    session = event["data"]["object"]
    payment = _funding_payment(session)
    if payment is None or session.get("payment_status") != "paid":
        return
    # The session does not name the charge: ask for it (the payment_intent event may also come).
    services.funding_sync(payment=payment)


def payment_intent_succeeded(event: dict) -> None:
    intent = event["data"]["object"]
    payment = _funding_payment(intent)
    if payment is None:
        return
    services.funding_succeeded(payment_id=payment.pk, payment_intent_id=intent["id"],
                               charge_id=_id(intent.get("latest_charge")),
                               amount=intent.get("amount_received") or intent.get("amount") or payment.amount)


def payment_intent_failed(event: dict) -> None:
    intent = event["data"]["object"]
    payment = _funding_payment(intent)
    if payment is None:
        return
    error = intent.get("last_payment_error") or {}
    services.funding_failed(payment_id=payment.pk, message=error.get("message") or "The payment failed.")


def account_updated(event: dict) -> None:
    account = event["data"]["object"]
    services.payout_account_update(stripe_id=account["id"], details_submitted=bool(account.get("details_submitted")),
                                   charges_enabled=bool(account.get("charges_enabled")),
                                   payouts_enabled=bool(account.get("payouts_enabled")))


def confirmation(event: dict) -> None:
    """Transfers and refunds we made: recorded when the API answered; the event confirms it."""
    obj = event["data"]["object"]
    if not Payment.objects.filter(stripe_id=obj.get("id", "")).exists():
        logger.info("%s for %s that Valund did not make; nothing recorded", event["type"], obj.get("id"))


def dispute_created(event: dict) -> None:
    dispute = event["data"]["object"]
    services.chargeback_opened(stripe_dispute_id=dispute["id"], charge_id=_id(dispute.get("charge")),
                               amount=int(dispute.get("amount") or 0))


def dispute_closed(event: dict) -> None:
    dispute = event["data"]["object"]
    if dispute.get("status") not in ("won", "lost"):
        return  # warning_closed and the like move no money
    if not PaymentDispute.objects.filter(stripe_dispute_id=dispute["id"]).exists():
        # Closed before we saw it open (events out of order): open it first, then close it.
        dispute_created(event)
    services.chargeback_closed(stripe_dispute_id=dispute["id"], won=dispute["status"] == "won")


HANDLERS = {
    "charge.dispute.created": dispute_created,
    "charge.dispute.closed": dispute_closed,
    "checkout.session.completed": checkout_completed,
    "checkout.session.async_payment_succeeded": checkout_completed,
    "payment_intent.succeeded": payment_intent_succeeded,
    "payment_intent.payment_failed": payment_intent_failed,
    "account.updated": account_updated,
    "transfer.created": confirmation,
    "transfer.reversed": confirmation,
    "charge.refunded": confirmation,
}


def record(event: dict) -> tuple[StripeWebhookEvent, bool]:
    """Store the event; returns it and whether it still needs handling."""
    try:
        with transaction.atomic():
            stored = StripeWebhookEvent.objects.create(
                stripe_id=event["id"], type=event.get("type", ""), account=event.get("account") or "",
                payload=event)
    except IntegrityError:
        stored = StripeWebhookEvent.objects.get(stripe_id=event["id"])
    return stored, stored.status in (StripeWebhookEvent.Status.RECEIVED, StripeWebhookEvent.Status.FAILED)


def handle(stored: StripeWebhookEvent) -> str:
    """Handle a stored event once (row-locked); returns its final status."""
    with transaction.atomic():
        locked = StripeWebhookEvent.objects.select_for_update().get(pk=stored.pk)
        if locked.status in (StripeWebhookEvent.Status.PROCESSED, StripeWebhookEvent.Status.IGNORED):
            return locked.status
        handler = HANDLERS.get(locked.type)
        locked.attempts += 1
        if handler is None:
            locked.status = StripeWebhookEvent.Status.IGNORED
        else:
            try:
                with transaction.atomic():
                    handler(locked.payload)
            except Exception as exc:  # noqa: BLE001 - recorded, answered 500 so Stripe retries
                logger.exception("Stripe event %s (%s) failed", locked.stripe_id, locked.type)
                locked.status, locked.error = StripeWebhookEvent.Status.FAILED, f"{type(exc).__name__}: {exc}"[:2000]
                locked.save(update_fields=["status", "error", "attempts", "updated_at"])
                return locked.status
            locked.status, locked.error = StripeWebhookEvent.Status.PROCESSED, ""
        locked.processed_at = timezone.now()
        locked.save(update_fields=["status", "error", "attempts", "processed_at", "updated_at"])
        return locked.status


@csrf_exempt
@require_POST
def stripe_webhook(request):
    """Verified by its signature (and not rate limited: the signature is the protection)."""
    secret = settings.STRIPE_WEBHOOK_SECRET
    if not secret:
        raise Http404
    try:
        event = webhook_event(payload=request.body, signature=request.headers.get("Stripe-Signature", ""),
                              secret=secret)
    except WebhookRefused as exc:
        if exc.reason == "signature":
            logger.warning("Stripe webhook with a bad signature refused: %s", exc)
            return HttpResponseBadRequest("Bad signature")
        logger.warning("Malformed Stripe webhook payload refused: %s", exc)
        return HttpResponseBadRequest("Malformed event")
    stored, pending = record(event)
    if not pending:
        return HttpResponse("Already handled")
    status = handle(stored)
    if status == StripeWebhookEvent.Status.FAILED:
        return HttpResponse("Failed; Stripe will retry", status=500)
    return HttpResponse("OK")
