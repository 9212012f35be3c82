"""Payment intents and the charges that paying them creates."""

from __future__ import annotations

import copy
from typing import Any

from .constants import MAGIC_PAYMENT_METHODS, MINIMUM_CHARGE, PARAMS
from .records import CardDeclined
from .wire import StripeError, check_known, invalid, new_id, read_bool, read_currency, read_int, read_metadata, read_str


class PaymentIntents:
    """``/v1/payment_intents`` and ``/v1/charges``: confirming, charging a test card, declines."""

    def _create_payment_intent(self) -> dict[str, Any]:
        context = self._context
        params = context.params
        check_known(params, PARAMS["create_payment_intent"])
        amount = read_int(params, "amount", required=True)
        currency = read_currency(params)
        minimum = MINIMUM_CHARGE.get(currency, 50)
        if amount < minimum:
            raise invalid(
                f"Amount must be at least {minimum} in the smallest unit of {currency}.",
                param="amount",
                code="amount_too_small",
            )
        customer_id = read_str(params, "customer")
        if customer_id is not None:
            self._find("customer", customer_id, context.account, param="customer")
        confirm = read_bool(params, "confirm")
        off_session = params.get("off_session")
        if off_session not in (None, "", "true", "false", "one_off", "recurring"):
            raise invalid(f"Invalid off_session: {off_session}", param="off_session")
        off_session = off_session not in (None, "", "false")
        if off_session and not confirm:
            raise invalid("off_session can only be used when confirm=true.", param="off_session")
        capture_method = read_str(params, "capture_method", choices=("automatic", "automatic_async", "manual"))
        if capture_method == "manual":
            raise invalid("The fake Stripe server does not support manual capture.", param="capture_method")
        setup_future_usage = read_str(params, "setup_future_usage", choices=("on_session", "off_session"))
        payment_method_id = read_str(params, "payment_method")
        if payment_method_id is None and confirm:
            raise invalid(
                "You cannot confirm this PaymentIntent because it's missing a payment method.",
                param="payment_method",
                code="payment_intent_unexpected_state",
            )
        metadata = read_metadata(params)
        payment_method = None
        if payment_method_id is not None:
            payment_method = self._check_payment_method(payment_method_id, customer_id, context.account)
        intent = self._new_intent(
            amount=amount,
            currency=currency,
            customer=customer_id,
            account=context.account,
            transfer_group=read_str(params, "transfer_group"),
            metadata=metadata,
            description=read_str(params, "description"),
            setup_future_usage=setup_future_usage,
            receipt_email=read_str(params, "receipt_email"),
        )
        if payment_method is not None:
            intent.update(payment_method=payment_method["id"], status="requires_confirmation")
        if confirm:
            self._confirm(intent, payment_method, off_session=off_session)
        return self._out(intent)

    def _check_payment_method(self, value: str, customer_id: str | None, account: str | None) -> dict[str, Any]:
        if value not in MAGIC_PAYMENT_METHODS:
            existing = self._find("payment_method", value, account, param="payment_method")
            if existing["customer"] is not None and existing["customer"] != customer_id:
                if customer_id is None:
                    raise invalid(
                        "The provided PaymentMethod belongs to a Customer. Please include the Customer in the "
                        "`customer` parameter on the PaymentIntent.",
                        param="customer",
                    )
                raise invalid(
                    f"The provided PaymentMethod {value} does not belong to Customer {customer_id}.",
                    param="payment_method",
                )
        return self._resolve_payment_method(value, account)

    def _confirm_payment_intent(self, id: str) -> dict[str, Any]:
        context = self._context
        params = context.params
        check_known(params, PARAMS["confirm_payment_intent"])
        intent = self._find("payment_intent", id, context.account)
        if intent["status"] not in ("requires_payment_method", "requires_confirmation"):
            raise invalid(
                f"This PaymentIntent's status is {intent['status']}, so it cannot be confirmed.",
                param="payment_intent",
                code="payment_intent_unexpected_state",
            )
        value = read_str(params, "payment_method") or intent["payment_method"]
        if value is None:
            raise invalid(
                "You cannot confirm this PaymentIntent because it's missing a payment method.",
                param="payment_method",
                code="payment_intent_unexpected_state",
            )
        off_session = params.get("off_session") not in (None, "", "false")
        payment_method = self._check_payment_method(value, intent["customer"], context.account)
        self._confirm(intent, payment_method, off_session=off_session)
        return self._out(intent)

    def _new_intent(self, *, amount, currency, customer, account, **fields) -> dict[str, Any]:
        intent = self._new(
            "payment_intent",
            "pi_",
            account=account,
            amount=amount,
            currency=currency,
            customer=customer,
            status="requires_payment_method",
            amount_received=0,
            amount_capturable=0,
            canceled_at=None,
            last_payment_error=None,
            latest_charge=None,
            next_action=None,
            payment_method=None,
            payment_method_configuration_details=None,
            processing=None,
            shipping=None,
            transfer_data=None,
            managed_payments={"enabled": False},
            **fields,
        )
        intent["client_secret"] = f"{intent['id']}_secret_{new_id('', 25)}"
        self._emit("payment_intent.created", intent, account=account)
        return intent

    def _confirm(self, intent: dict[str, Any], payment_method: dict[str, Any], *, off_session: bool) -> None:
        if not self._pay(intent, payment_method, off_session=off_session) and intent["last_payment_error"]:
            error = dict(intent["last_payment_error"])
            raise CardDeclined(
                StripeError(
                    402,
                    "card_error",
                    error["message"],
                    code=error["code"],
                    extra={
                        "decline_code": error["decline_code"],
                        "charge": error["charge"],
                        "payment_intent": copy.deepcopy(intent),
                        "payment_method": copy.deepcopy(payment_method),
                    },
                )
            )

    def _pay(self, intent: dict[str, Any], payment_method: dict[str, Any], *, off_session: bool) -> bool:
        """Charge ``payment_method`` for ``intent``, as the card's test behaviour says; True when it succeeded."""
        account = self._owner[intent["id"]]
        behaviour = self._card_behaviour.get(payment_method["id"], "succeed")
        intent["payment_method"] = payment_method["id"]
        if behaviour == "authentication_required" and not off_session:
            intent.update(status="requires_action", next_action={"type": "use_stripe_sdk", "use_stripe_sdk": {}})
            self._emit("payment_intent.requires_action", intent, account=account)
            return False
        succeeded = behaviour == "succeed"
        charge = self._new_charge(intent, payment_method, succeeded=succeeded, decline=behaviour)
        intent["latest_charge"] = charge["id"]
        if succeeded:
            intent.update(status="succeeded", amount_received=intent["amount"])
            if intent["setup_future_usage"] and intent["customer"] and payment_method["customer"] is None:
                self._attach(payment_method, self._objects[intent["customer"]])
            self._emit("charge.succeeded", charge, account=account)
            self._emit("payment_intent.succeeded", intent, account=account)
            return True
        intent.update(
            status="requires_payment_method",
            last_payment_error={
                "type": "card_error",
                "code": charge["failure_code"],
                "decline_code": "generic_decline" if behaviour == "decline" else "authentication_required",
                "message": charge["failure_message"],
                "charge": charge["id"],
                "doc_url": "https://stripe.com/docs/error-codes/" + charge["failure_code"],
                "payment_method": copy.deepcopy(payment_method),
            },
        )
        self._emit("charge.failed", charge, account=account)
        self._emit("payment_intent.payment_failed", intent, account=account)
        return False

    def _new_charge(self, intent, payment_method, *, succeeded: bool, decline: str) -> dict[str, Any]:
        account = self._owner[intent["id"]]
        fixture = self._fixtures["charge"]
        card = copy.deepcopy(fixture["payment_method_details"]["card"])
        card.update(
            {key: payment_method["card"][key] for key in ("brand", "last4", "exp_month", "exp_year", "fingerprint")},
            network=payment_method["card"]["brand"],
            wallet=None,
        )
        card["overcapture"]["maximum_amount_capturable"] = intent["amount"]
        code = None if succeeded else ("card_declined" if decline == "decline" else "authentication_required")
        message = {
            None: None,
            "card_declined": "Your card was declined.",
            "authentication_required": "Your card was declined. This transaction requires authentication.",
        }[code]
        charge = self._new(
            "charge",
            "ch_",
            account=account,
            amount=intent["amount"],
            amount_captured=intent["amount"] if succeeded else 0,
            amount_refunded=0,
            balance_transaction=None,
            billing_details=copy.deepcopy(payment_method["billing_details"]),
            captured=succeeded,
            currency=intent["currency"],
            customer=intent["customer"],
            description=intent["description"],
            disputed=False,
            failure_code=code,
            failure_message=message,
            metadata=copy.deepcopy(intent["metadata"]),
            outcome={
                **fixture["outcome"],
                "network_status": "approved_by_network" if succeeded else "declined_by_network",
                "reason": None if succeeded else "generic_decline",
                "seller_message": "Payment complete." if succeeded else "The bank did not return any further details.",
                "type": "authorized" if succeeded else "issuer_declined",
            },
            paid=succeeded,
            payment_intent=intent["id"],
            payment_method=payment_method["id"],
            payment_method_details={"card": card, "type": "card"},
            receipt_email=intent["receipt_email"],
            refunded=False,
            review=None,
            shipping=None,
            source=None,
            status="succeeded" if succeeded else "failed",
            transfer_data=None,
            transfer_group=intent["transfer_group"],
        )
        charge["refunds"]["url"] = f"/v1/charges/{charge['id']}/refunds"
        charge["receipt_url"] = f"{self._base_url()}/_fake/receipts/{charge['id']}"
        if succeeded:
            txn = self._balance_transaction(
                charge["amount"],
                charge["currency"],
                source=charge["id"],
                type_="charge",
                category="charge",
                account=account,
                description=charge["description"],
            )
            charge["balance_transaction"] = txn["id"]
        return charge

    def _list_payment_intents(self) -> dict[str, Any]:
        return self._list("payment_intent", "/v1/payment_intents", ("customer",))

    def _list_charges(self) -> dict[str, Any]:
        return self._list("charge", "/v1/charges", ("customer", "payment_intent", "transfer_group"))
