"""Refunds of succeeded charges."""

from __future__ import annotations

import copy
from typing import Any

from .constants import PARAMS
from .wire import check_known, invalid, read_bool, read_int, read_metadata, read_str


class Refunds:
    """``/v1/refunds``: the refundable amount, disputed charges, the ``charge.refunded`` event."""

    def _create_refund(self) -> dict[str, Any]:
        context = self._context
        params = context.params
        check_known(params, PARAMS["create_refund"])
        intent_id, charge_id = read_str(params, "payment_intent"), read_str(params, "charge")
        if intent_id is None and charge_id is None:
            raise invalid(
                "One of the following params should be provided for this request: payment_intent or charge.",
                param="charge",
                code="parameter_missing",
            )
        if intent_id is not None:
            intent = self._find("payment_intent", intent_id, context.account, param="payment_intent")
            if intent["status"] != "succeeded":
                raise invalid("This PaymentIntent does not have a successful charge to refund.", param="payment_intent")
            if charge_id is not None and charge_id != intent["latest_charge"]:
                raise invalid(f"Charge {charge_id} does not belong to PaymentIntent {intent_id}.", param="charge")
            charge_id = intent["latest_charge"]
        charge = self._find("charge", charge_id, context.account, param="charge")
        if charge["status"] != "succeeded":
            raise invalid(f"Charge {charge_id} has not succeeded, so it cannot be refunded.", param="charge")
        reason = read_str(params, "reason", choices=("duplicate", "fraudulent", "requested_by_customer"))
        metadata = read_metadata(params)
        if read_bool(params, "reverse_transfer") or read_bool(params, "refund_application_fee"):
            raise invalid(
                "The fake Stripe server models separate charges and transfers only; reverse the "
                "transfer with POST /v1/transfers/{id}/reversals.",
                param="reverse_transfer",
            )
        if charge["disputed"]:
            raise invalid(
                f"Charge {charge_id} has been charged back; cannot issue a refund.",
                param="charge",
                code="charge_disputed",
            )
        left = charge["amount"] - charge["amount_refunded"]
        if left == 0:
            raise invalid(
                f"Charge {charge_id} has already been refunded.", param="charge", code="charge_already_refunded"
            )
        amount = read_int(params, "amount", minimum=1)
        if amount is None:
            amount = left
        if amount > left:
            raise invalid(
                f"Refund amount ({amount}) is greater than unrefunded amount on charge ({left})",
                param="amount",
                code="amount_too_large",
            )
        refund = self._new(
            "refund",
            "re_",
            account=context.account,
            amount=amount,
            charge=charge_id,
            currency=charge["currency"],
            metadata=metadata,
            payment_intent=charge["payment_intent"],
            reason=reason,
            status="succeeded",
            customer=charge["customer"],
            payment_method=charge["payment_method"],
        )
        txn = self._balance_transaction(
            -amount,
            charge["currency"],
            source=refund["id"],
            type_="refund",
            category="refund",
            account=context.account,
        )
        refund["balance_transaction"] = txn["id"]
        previous = {
            "amount_refunded": charge["amount_refunded"],
            "refunded": charge["refunded"],
            "refunds": copy.deepcopy(charge["refunds"]),
        }
        charge["amount_refunded"] += amount
        charge["refunded"] = charge["amount_refunded"] == charge["amount"]
        charge["refunds"]["data"].insert(0, copy.deepcopy(refund))
        charge["refunds"]["data"] = charge["refunds"]["data"][:10]
        self._emit("refund.created", refund, account=context.account)
        self._emit("charge.refunded", charge, account=context.account, previous=previous)
        return self._out(refund)

    def _list_refunds(self) -> dict[str, Any]:
        return self._list("refund", "/v1/refunds", ("payment_intent", "charge"))
