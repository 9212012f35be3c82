"""Customers and the payment methods saved on them."""

from __future__ import annotations

import copy
from typing import Any

from .constants import CARDS, MAGIC_PAYMENT_METHODS, OTHER_PAYMENT_METHOD_TYPES, PARAMS
from .wire import check_known, invalid, new_id, read_metadata, read_str


class Customers:
    """``/v1/customers`` and ``/v1/payment_methods``, and saving a test card on a customer."""

    def _create_customer(self) -> dict[str, Any]:
        context = self._context
        params = context.params
        check_known(params, PARAMS["create_customer"])
        email = read_str(params, "email")
        if email is not None and "@" not in email:
            raise invalid("Invalid email address: " + email, param="email", code="email_invalid")
        metadata, name = read_metadata(params), read_str(params, "name")
        description, phone = read_str(params, "description"), read_str(params, "phone")
        payment_method = None
        if read_str(params, "payment_method") is not None:
            payment_method = self._resolve_payment_method(params["payment_method"], context.account)
            if payment_method["customer"] is not None:
                raise invalid("The payment method is attached to another customer.", param="payment_method")
        locales = params.get("preferred_locales", [])
        customer = self._new(
            "customer",
            "cus_",
            account=context.account,
            email=email,
            name=name,
            description=description,
            phone=phone,
            metadata=metadata,
            preferred_locales=locales if isinstance(locales, list) else [],
            address=None,
            currency=None,
            discount=None,
            shipping=None,
            invoice_prefix=new_id("", 8).upper(),
        )
        self._emit("customer.created", customer, account=context.account)
        if payment_method is not None:
            self._attach(payment_method, customer)
        return self._out(customer)

    def _list_customers(self) -> dict[str, Any]:
        return self._list("customer", "/v1/customers", ("email",))

    def _new_payment_method(self, card: str, *, account: str | None, customer: dict | None = None):
        profile = CARDS[card]
        fixture_card = self._fixtures["payment_method"]["card"]
        payment_method = self._new(
            "payment_method",
            "pm_",
            account=account,
            customer=None,
            metadata={},
            billing_details={
                **self._fixtures["payment_method"]["billing_details"],
                "address": dict.fromkeys(self._fixtures["payment_method"]["billing_details"]["address"]),
                "email": customer["email"] if customer else None,
                "name": customer["name"] if customer else None,
                "phone": None,
            },
            card={
                **copy.deepcopy(fixture_card),
                "brand": profile["brand"],
                "display_brand": profile["brand"],
                "last4": profile["last4"],
                "fingerprint": new_id("", 16),
                "networks": {"available": [profile["brand"]], "preferred": None},
                "generated_from": None,
                "wallet": None,
            },
        )
        self._card_behaviour[payment_method["id"]] = profile["behaviour"]
        if customer is not None:
            self._attach(payment_method, customer)
        return payment_method

    def _attach(self, payment_method: dict[str, Any], customer: dict[str, Any]) -> None:
        payment_method["customer"] = customer["id"]
        self._emit("payment_method.attached", payment_method, account=self._owner[customer["id"]])

    def _resolve_payment_method(self, value: str, account: str | None, *, param="payment_method"):
        """An existing PaymentMethod, or a fresh one for one of Stripe's test ids such as ``pm_card_visa``."""
        if value in MAGIC_PAYMENT_METHODS:
            return self._new_payment_method(MAGIC_PAYMENT_METHODS[value], account=account)
        return self._find("payment_method", value, account, param=param)

    def add_payment_method(self, customer_id: str, card: str = "visa") -> dict[str, Any]:
        """Save a card on a customer (``card``: visa, mastercard, chargeDeclined, authenticationRequired)."""
        if card not in CARDS:
            raise ValueError(f"card must be one of {sorted(CARDS)}")
        with self._lock:
            customer = self._require("customer", customer_id)
            payment_method = self._new_payment_method(card, account=self._owner[customer_id], customer=customer)
            return copy.deepcopy(payment_method)

    def _detach_payment_method(self, id: str) -> dict[str, Any]:
        """As Stripe documents it: the PaymentMethod with its customer now null; an error for one
        that is not attached to a customer."""
        context = self._context
        check_known(context.params, ())
        method = self._find("payment_method", id, context.account)
        if method["customer"] is None:
            raise invalid(
                "The payment method you provided is not attached to a customer so detachment is impossible.",
                code="payment_method_unexpected_state",
            )
        method["customer"] = None
        self._emit("payment_method.detached", method, account=context.account)
        return self._out(method)

    def _list_payment_methods(self) -> dict[str, Any]:
        context = self._context
        customer = read_str(context.params, "customer")
        if customer is not None:
            self._find("customer", customer, context.account, param="customer")
        read_str(context.params, "type", choices=("card", *OTHER_PAYMENT_METHOD_TYPES))
        return self._list("payment_method", "/v1/payment_methods", ("customer", "type"))

    def _list_customer_payment_methods(self, id: str) -> dict[str, Any]:
        context = self._context
        self._find("customer", id, context.account)
        read_str(context.params, "type", choices=("card", *OTHER_PAYMENT_METHOD_TYPES))
        return self._list(
            "payment_method",
            f"/v1/customers/{id}/payment_methods",
            ("type",),
            known=("allow_redisplay",),
            where=lambda pm: pm["customer"] == id,
        )
