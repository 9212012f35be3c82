"""Checkout Sessions (``mode=payment`` with ``price_data`` only) and their completion."""

from __future__ import annotations

import copy
from typing import Any

from .constants import MINIMUM_CHARGE, PARAMS
from .wire import (
    check_known,
    check_known_nested,
    invalid,
    missing,
    new_id,
    read_currency,
    read_int,
    read_metadata,
    read_str,
    read_url,
)


class Checkout:
    """``/v1/checkout/sessions`` and the test control that pays, declines or expires a session."""

    def _create_checkout_session(self) -> dict[str, Any]:
        context = self._context
        params = context.params
        check_known(params, PARAMS["create_checkout_session"])
        mode = read_str(params, "mode", required=True, choices=("payment", "setup", "subscription"))
        if mode != "payment":
            raise invalid("The fake Stripe server supports only mode=payment.", param="mode")
        line_items, currency, total = self._read_line_items(params.get("line_items"))
        if total < MINIMUM_CHARGE.get(currency, 50):
            raise invalid(
                f"The Checkout Session's total amount due must add up to at least {MINIMUM_CHARGE.get(currency, 50)} "
                f"in the smallest unit of {currency}.",
                param="line_items",
                code="amount_too_small",
            )
        customer_id = read_str(params, "customer")
        if customer_id is not None:
            self._find("customer", customer_id, context.account, param="customer")
        customer_email = read_str(params, "customer_email")
        if customer_id and customer_email:
            raise invalid("You may only specify one of these parameters: customer, customer_email.", param="customer")
        intent_data = check_known_nested(params, "payment_intent_data", PARAMS["payment_intent_data"])
        setup_future_usage = read_str(
            intent_data,
            "setup_future_usage",
            choices=("on_session", "off_session"),
            label="payment_intent_data[setup_future_usage]",
        )
        options = {
            "transfer_group": read_str(intent_data, "transfer_group", label="payment_intent_data[transfer_group]"),
            "metadata": read_metadata(intent_data, label="payment_intent_data[metadata]"),
            "description": read_str(intent_data, "description", label="payment_intent_data[description]"),
            "setup_future_usage": setup_future_usage,
        }
        if read_str(intent_data, "capture_method", label="payment_intent_data[capture_method]") == "manual":
            raise invalid("The fake Stripe server does not support manual capture.", param="payment_intent_data")
        success_url = read_url(params, "success_url")
        cancel_url = read_url(params, "cancel_url")
        fixture = self._fixtures["checkout.session"]
        now = self._now()
        session = self._new(
            "checkout.session",
            "cs_test_",
            account=context.account,
            mode="payment",
            status="open",
            payment_status="unpaid",
            amount_subtotal=total,
            amount_total=total,
            currency=currency,
            customer=customer_id,
            customer_email=customer_email,
            customer_creation=None if customer_id else "if_required",
            customer_details=None,
            client_reference_id=read_str(params, "client_reference_id"),
            metadata=read_metadata(params),
            success_url=success_url,
            cancel_url=cancel_url,
            expires_at=now + 24 * 3600,
            locale=read_str(params, "locale"),
            payment_intent=None,
            payment_method_types=["card"],
            after_expiration=None,
            automatic_tax={**fixture["automatic_tax"], "enabled": False, "liability": None},
            consent=None,
            consent_collection=None,
            custom_text=dict.fromkeys(fixture["custom_text"]),
            invoice_creation={**fixture["invoice_creation"], "enabled": False},
            payment_method_collection="if_required",
            payment_method_configuration_details=None,
            saved_payment_method_options=None,
            shipping_address_collection=None,
            shipping_cost=None,
            total_details={"amount_discount": 0, "amount_shipping": 0, "amount_tax": 0},
            ui_mode="hosted",
            adaptive_pricing={"enabled": False},
            discounts=[],
            collected_information=None,
            permissions=None,
            wallet_options=None,
            currency_conversion=None,
            managed_payments={"enabled": False},
        )
        session["url"] = f"{self._base_url()}/_fake/checkout/{session['id']}"
        self._line_items[session["id"]] = line_items
        self._checkout_options[session["id"]] = options
        return self._out(session)

    def _read_line_items(self, items: Any) -> tuple[list[dict[str, Any]], str, int]:
        if not items:
            raise missing("line_items")
        if not isinstance(items, list):
            raise invalid("Invalid array", param="line_items")
        result, currencies, total = [], set(), 0
        for index, item in enumerate(items):
            label = f"line_items[{index}]"
            if not isinstance(item, dict):
                raise invalid("Invalid object", param=label)
            for key in item:
                if key not in (
                    "price",
                    "price_data",
                    "quantity",
                    "adjustable_quantity",
                    "dynamic_tax_rates",
                    "tax_rates",
                ):
                    raise invalid(
                        f"Received unknown parameter: {label}[{key}]", param=f"{label}[{key}]", code="parameter_unknown"
                    )
            if "price" in item:
                raise invalid("The fake Stripe server supports only price_data.", param=f"{label}[price]")
            price_data = item.get("price_data")
            if not isinstance(price_data, dict):
                raise missing(f"{label}[price_data]")
            prefix = f"{label}[price_data]"
            check_known_nested(
                item,
                "price_data",
                (
                    "currency",
                    "unit_amount",
                    "unit_amount_decimal",
                    "product",
                    "product_data",
                    "tax_behavior",
                    "recurring",
                ),
            )
            currency = read_currency(price_data, label=f"{prefix}[currency]")
            unit_amount = read_int(price_data, "unit_amount", required=True, minimum=0, label=f"{prefix}[unit_amount]")
            product_data = price_data.get("product_data")
            if "product" not in price_data and not (isinstance(product_data, dict) and product_data.get("name")):
                raise missing(f"{prefix}[product_data][name]")
            quantity = read_int(item, "quantity", required=True, minimum=1, label=f"{label}[quantity]")
            currencies.add(currency)
            total += unit_amount * quantity
            name = product_data.get("name") if isinstance(product_data, dict) else price_data["product"]
            result.append(
                {
                    "id": new_id("li_"),
                    "object": "item",
                    "amount_subtotal": unit_amount * quantity,
                    "amount_total": unit_amount * quantity,
                    "amount_discount": 0,
                    "amount_tax": 0,
                    "currency": currency,
                    "description": name,
                    "quantity": quantity,
                    "price": {"object": "price", "currency": currency, "unit_amount": unit_amount, "type": "one_time"},
                }
            )
        if len(currencies) > 1:
            raise invalid("All line items must have the same currency.", param="line_items")
        return result, currencies.pop(), total

    def _line_items_list(self, session_id: str) -> dict[str, Any]:
        return {
            "object": "list",
            "data": copy.deepcopy(self._line_items[session_id]),
            "has_more": False,
            "url": f"/v1/checkout/sessions/{session_id}/line_items",
        }

    def _list_line_items(self, id: str) -> dict[str, Any]:
        context = self._context
        check_known(context.params, ("limit", "starting_after", "ending_before"))
        self._find("checkout.session", id, context.account)
        return self._out(self._line_items_list(id))

    def _list_checkout_sessions(self) -> dict[str, Any]:
        return self._list("checkout.session", "/v1/checkout/sessions", ("customer", "payment_intent", "status"))

    def complete_checkout(self, session_id: str, outcome: str = "paid") -> list[dict[str, Any]]:
        """The customer finishes (``paid``), is declined (``failed``) or abandons (``expired``) a Checkout Session.

        Creates what Stripe creates (customer if needed, payment method, payment intent, charge) and returns the
        events, in order.
        """
        if outcome not in ("paid", "failed", "expired"):
            raise ValueError("outcome must be 'paid', 'failed' or 'expired'")
        with self._lock:
            session = self._require("checkout.session", session_id)
            if session["status"] != "open":
                raise ValueError(f"Checkout Session {session_id} is {session['status']}, not open")
            account = self._owner[session_id]
            first_event = len(self._events)
            if outcome == "expired":
                session["status"] = "expired"
                self._emit("checkout.session.expired", session, account=account)
                return copy.deepcopy(self._events[first_event:])
            options = self._checkout_options[session_id]
            customer = self._objects[session["customer"]] if session["customer"] else None
            if customer is None and options["setup_future_usage"] and outcome == "paid":
                customer = self._new(
                    "customer",
                    "cus_",
                    account=account,
                    email=session["customer_email"],
                    metadata={},
                    address=None,
                    currency=None,
                    discount=None,
                    shipping=None,
                    invoice_prefix=new_id("", 8).upper(),
                )
                self._emit("customer.created", customer, account=account)
                session["customer"] = customer["id"]
            card = "visa" if outcome == "paid" else "chargeDeclined"
            payment_method = self._new_payment_method(card, account=account)
            intent = self._new_intent(
                amount=session["amount_total"],
                currency=session["currency"],
                customer=customer["id"] if customer else None,
                account=account,
                **options,
            )
            session["payment_intent"] = intent["id"]
            succeeded = self._pay(intent, payment_method, off_session=False)
            if succeeded:
                session.update(
                    status="complete",
                    payment_status="paid",
                    customer_details={
                        **self._fixtures["checkout.session"]["customer_details"],
                        "address": None,
                        "email": customer["email"] if customer else session["customer_email"],
                        "name": customer["name"] if customer else None,
                    },
                )
                self._emit("checkout.session.completed", session, account=account)
            return copy.deepcopy(self._events[first_event:])
