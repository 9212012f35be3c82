"""The Stripe gateway: stripe-python's StripeClient and its v1 services, with network retries.

Every POST carries the idempotency key the service recorded before calling. Errors become
GatewayError (Stripe answered no: do not retry) or GatewayUnavailable (no answer, or a 5xx
after the library's own retries: retry later with the same key)."""

import json
import time
from contextlib import contextmanager

import stripe

from .base import (
    AccountState,
    CardInfo,
    Charge,
    Checkout,
    GatewayError,
    GatewayUnavailable,
    MoneyMovement,
    Record,
    WebhookRefused,
)

MAX_NETWORK_RETRIES = 3

# A delivery signed more than this many seconds before or after our clock is refused: Stripe's
# own check only looks back, so a signature dated ahead would stay replayable for as long.
WEBHOOK_TOLERANCE = 300
# Stripe's events are tens of kilobytes and nest about ten levels; anything far beyond is not
# an event, and checking before parsing and storing keeps json's recursion and the database safe.
MAX_EVENT_BYTES = 1024 * 1024
MAX_EVENT_DEPTH = 64


def webhook_event(*, payload: bytes, signature: str, secret: str) -> dict:
    """The event in a webhook delivery, once its signature, date and content are checked;
    otherwise WebhookRefused."""
    if len(payload) > MAX_EVENT_BYTES:
        raise WebhookRefused(f"Body of {len(payload)} bytes", reason="payload")
    try:
        text = payload.decode("utf-8")
        stripe.WebhookSignature.verify_header(text, signature, secret, tolerance=WEBHOOK_TOLERANCE)
    except (UnicodeDecodeError, stripe.SignatureVerificationError) as exc:
        raise WebhookRefused(str(exc), reason="signature") from exc
    if _signed_at(signature) > time.time() + WEBHOOK_TOLERANCE:
        raise WebhookRefused("Signature dated in the future", reason="signature")
    try:
        event = json.loads(text, parse_constant=_refuse_constant)
    except (ValueError, RecursionError) as exc:
        raise WebhookRefused(f"Not JSON: {type(exc).__name__}", reason="payload") from exc
    _check_storable(event)
    if not isinstance(event, dict) or not event.get("id") or "data" not in event:
        raise WebhookRefused("Not an event", reason="payload")
    return event


def _signed_at(signature: str) -> int:
    # The header's first t=, as stripe-python reads it (it has just parsed the same header).
    return int(next(part.split("=", 1)[1] for part in signature.split(",") if part.split("=", 1)[0] == "t"))


def _refuse_constant(name: str):
    # NaN and Infinity are not JSON: PostgreSQL's jsonb and SQLite's JSON_VALID refuse them.
    raise ValueError(f"{name} is not JSON")


def _check_storable(event) -> None:
    """Walks the parsed event without recursion: no deeper than MAX_EVENT_DEPTH, and no string
    the database cannot store in a JSON column (NUL, or a lone surrogate from a \\ud800 escape)."""
    stack = [(event, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_EVENT_DEPTH:
            raise WebhookRefused("Nested too deep", reason="payload")
        if isinstance(value, dict):
            stack.extend((key, depth) for key in value)
            stack.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)
        elif isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise WebhookRefused("Lone surrogate in a string", reason="payload") from exc
            if "\x00" in value:
                raise WebhookRefused("NUL in a string", reason="payload")


@contextmanager
def _translated():
    try:
        yield
    except (stripe.APIConnectionError, stripe.RateLimitError) as exc:
        raise GatewayUnavailable(str(exc)) from exc
    except stripe.APIError as exc:
        raise GatewayUnavailable(str(exc)) from exc
    except stripe.IdempotencyError as exc:
        # Our key was reused with other parameters: a bug on our side, never retried blindly.
        raise GatewayError(exc.user_message or str(exc), code="idempotency") from exc
    except stripe.StripeError as exc:
        status = getattr(exc, "http_status", None) or 0
        if status >= 500 or status == 409:
            raise GatewayUnavailable(str(exc)) from exc
        raise GatewayError(exc.user_message or str(exc), code=getattr(exc, "code", "") or "") from exc


def _account(obj) -> AccountState:
    return AccountState(id=obj.id, details_submitted=bool(obj.details_submitted),
                        charges_enabled=bool(obj.charges_enabled), payouts_enabled=bool(obj.payouts_enabled))


def _checkout(obj) -> Checkout:
    intent = obj.payment_intent
    intent_id = intent if isinstance(intent, str) else getattr(intent, "id", "") or ""
    charge_id = ""
    if intent is not None and not isinstance(intent, str):
        latest = getattr(intent, "latest_charge", None)
        charge_id = latest if isinstance(latest, str) else getattr(latest, "id", "") or ""
    return Checkout(id=obj.id, url=obj.url or "", status=obj.status or "", paid=obj.payment_status == "paid",
                    payment_intent_id=intent_id, charge_id=charge_id)


class StripeGateway:
    simulated = False

    def __init__(self, *, secret_key: str, api_base: str | None = None):
        addresses = {"api": api_base, "connect": api_base, "files": api_base} if api_base else None
        self.client = stripe.StripeClient(secret_key, base_addresses=addresses,
                                          max_network_retries=MAX_NETWORK_RETRIES)

    @property
    def v1(self):
        return self.client.v1

    def create_account(self, *, email, idempotency_key):
        with _translated():
            account = self.v1.accounts.create(
                params={"type": "express", "email": email,
                        "capabilities": {"transfers": {"requested": True}}},
                options={"idempotency_key": idempotency_key},
            )
        return _account(account)

    def retrieve_account(self, account_id):
        with _translated():
            return _account(self.v1.accounts.retrieve(account_id))

    def onboarding_link(self, *, account_id, refresh_url, return_url):
        with _translated():
            link = self.v1.account_links.create(params={
                "account": account_id, "refresh_url": refresh_url, "return_url": return_url,
                "type": "account_onboarding",
            })
        return link.url

    def create_customer(self, *, email, name, idempotency_key):
        with _translated():
            customer = self.v1.customers.create(params={"email": email, "name": name},
                                                options={"idempotency_key": idempotency_key})
        return customer.id

    def create_checkout(self, *, amount, currency, description, customer_id, transfer_group, metadata, success_url,
                        cancel_url, idempotency_key):
        with _translated():
            session = self.v1.checkout.sessions.create(
                params={
                    "mode": "payment",
                    "customer": customer_id,
                    "client_reference_id": metadata.get("payment", ""),
                    "line_items": [{"quantity": 1, "price_data": {
                        "currency": currency.lower(), "unit_amount": amount, "product_data": {"name": description},
                    }}],
                    "payment_intent_data": {"transfer_group": transfer_group, "metadata": metadata,
                                            "setup_future_usage": "off_session"},
                    "metadata": metadata,
                    "success_url": success_url,
                    "cancel_url": cancel_url,
                },
                options={"idempotency_key": idempotency_key},
            )
        return _checkout(session)

    def retrieve_checkout(self, checkout_id):
        with _translated():
            session = self.v1.checkout.sessions.retrieve(checkout_id, params={"expand": ["payment_intent"]})
        return _checkout(session)

    def charge_saved_method(self, *, amount, currency, customer_id, payment_method_id, transfer_group, metadata,
                            idempotency_key):
        with _translated():
            intent = self.v1.payment_intents.create(
                params={"amount": amount, "currency": currency.lower(), "customer": customer_id,
                        "payment_method": payment_method_id, "confirm": True, "off_session": True,
                        "transfer_group": transfer_group, "metadata": metadata},
                options={"idempotency_key": idempotency_key},
            )
        latest = intent.latest_charge
        charge_id = latest if isinstance(latest, str) else getattr(latest, "id", "") or ""
        return Charge(payment_intent_id=intent.id, status=intent.status, charge_id=charge_id,
                      amount=intent.amount_received or 0)

    def create_transfer(self, *, amount, currency, destination, source_charge_id, transfer_group, metadata,
                        idempotency_key):
        with _translated():
            transfer = self.v1.transfers.create(
                params={"amount": amount, "currency": currency.lower(), "destination": destination,
                        "source_transaction": source_charge_id, "transfer_group": transfer_group,
                        "metadata": metadata},
                options={"idempotency_key": idempotency_key},
            )
        return MoneyMovement(id=transfer.id, amount=transfer.amount)

    def create_refund(self, *, charge_id, amount, metadata, idempotency_key):
        with _translated():
            refund = self.v1.refunds.create(
                params={"charge": charge_id, "amount": amount, "metadata": metadata},
                options={"idempotency_key": idempotency_key},
            )
        return MoneyMovement(id=refund.id, amount=refund.amount, status=refund.status or "succeeded")

    def reverse_transfer(self, *, transfer_id, amount, metadata, idempotency_key):
        with _translated():
            reversal = self.v1.transfers.reversals.create(
                transfer_id, params={"amount": amount, "metadata": metadata},
                options={"idempotency_key": idempotency_key},
            )
        return MoneyMovement(id=reversal.id, amount=reversal.amount)

    def records(self, *, transfer_group):
        """Every charge, refund, transfer and reversal Stripe has for one booking's transfer group."""
        found = []
        with _translated():
            charges = self.v1.charges.list(params={"transfer_group": transfer_group, "limit": 100})
            for charge in charges.auto_paging_iter():
                if charge.status != "succeeded":
                    continue
                found.append(Record("charge", charge.id, charge.amount, charge.status))
                for refund in self.v1.refunds.list(params={"charge": charge.id, "limit": 100}).auto_paging_iter():
                    if refund.status in ("succeeded", "pending"):
                        found.append(Record("refund", refund.id, refund.amount, refund.status))
            for transfer in self.v1.transfers.list(
                    params={"transfer_group": transfer_group, "limit": 100}).auto_paging_iter():
                found.append(Record("transfer", transfer.id, transfer.amount))
                for reversal in self.v1.transfers.reversals.list(transfer.id, params={"limit": 100}).auto_paging_iter():
                    found.append(Record("reversal", reversal.id, reversal.amount))
        return found

    def list_payment_methods(self, customer_id):
        with _translated():
            methods = self.v1.payment_methods.list(params={"customer": customer_id, "type": "card", "limit": 100})
            cards = list(methods.auto_paging_iter())
        return [CardInfo(id=method.id, brand=method.card.brand or "", last4=method.card.last4 or "",
                         exp_month=method.card.exp_month, exp_year=method.card.exp_year)
                for method in cards if method.card is not None]

    def detach_payment_method(self, *, payment_method_id, idempotency_key):
        with _translated():
            self.v1.payment_methods.detach(payment_method_id, options={"idempotency_key": idempotency_key})
