"""Transfers to connected accounts and their reversals."""

from __future__ import annotations

import copy
from typing import Any

from .constants import PARAMS
from .wire import check_known, invalid, new_id, no_such, read_currency, read_int, read_metadata, read_str


class Transfers:
    """``/v1/transfers`` and ``/v1/transfers/<id>/reversals``."""

    def _create_transfer(self) -> dict[str, Any]:
        context = self._context
        params = context.params
        check_known(params, PARAMS["create_transfer"])
        amount = read_int(params, "amount", required=True, minimum=1)
        currency = read_currency(params)
        destination_id = read_str(params, "destination", required=True)
        metadata = read_metadata(params)
        destination = self._objects.get(destination_id)
        if destination is None or destination["object"] != "account" or destination_id == context.account:
            raise invalid(f"No such destination: '{destination_id}'", param="destination", code="resource_missing")
        if not destination["payouts_enabled"] or destination["capabilities"].get("transfers") != "active":
            raise invalid(
                "Your destination account needs to have at least one of the following capabilities enabled: "
                "transfers, crypto_transfers, legacy_payments",
                param="destination",
                code="insufficient_capabilities_for_transfer",
            )
        source_id = read_str(params, "source_transaction")
        if source_id is not None:
            charge = self._find("charge", source_id, context.account, param="source_transaction")
            if charge["status"] != "succeeded":
                raise invalid(f"The source_transaction {source_id} has not succeeded.", param="source_transaction")
            if charge["currency"] != currency:
                raise invalid(
                    f"The currency of source_transaction's balance transaction ({charge['currency']}) must be the "
                    f"same as the transfer currency ({currency})",
                    param="currency",
                )
            already = sum(
                t["amount"]
                for t in self._objects.values()
                if t["object"] == "transfer" and t["source_transaction"] == source_id
            )
            left = charge["amount"] - charge["amount_refunded"] - already
            if amount > left:
                raise invalid(
                    f"The transfer amount ({amount}) exceeds what is left of source_transaction {source_id} "
                    f"after earlier transfers and refunds ({left}).",
                    param="amount",
                    code="amount_too_large",
                )
        transfer = self._new(
            "transfer",
            "tr_",
            account=context.account,
            amount=amount,
            amount_reversed=0,
            currency=currency,
            description=read_str(params, "description"),
            destination=destination_id,
            destination_payment=new_id("py_"),
            metadata=metadata,
            reversed=False,
            source_transaction=source_id,
            source_type=read_str(params, "source_type") or "card",
            transfer_group=read_str(params, "transfer_group"),
        )
        transfer["reversals"]["url"] = f"/v1/transfers/{transfer['id']}/reversals"
        txn = self._balance_transaction(
            -amount, currency, source=transfer["id"], type_="transfer", category="transfer", account=context.account
        )
        transfer["balance_transaction"] = txn["id"]
        self._emit("transfer.created", transfer, account=context.account)
        return self._out(transfer)

    def _list_transfers(self) -> dict[str, Any]:
        return self._list("transfer", "/v1/transfers", ("destination", "transfer_group"))

    def _create_reversal(self, id: str) -> dict[str, Any]:
        context = self._context
        params = context.params
        check_known(params, PARAMS["create_reversal"])
        transfer = self._find("transfer", id, context.account)
        left = transfer["amount"] - transfer["amount_reversed"]
        amount = read_int(params, "amount", minimum=1)
        metadata = read_metadata(params)
        if left == 0:
            raise invalid(f"Transfer {id} has already been fully reversed.", param="amount", code="amount_too_large")
        if amount is None:
            amount = left
        if amount > left:
            raise invalid(
                f"Transfer reversal amount ({amount}) is greater than the amount left on the transfer ({left}).",
                param="amount",
                code="amount_too_large",
            )
        reversal = self._new(
            "transfer_reversal",
            "trr_",
            account=context.account,
            amount=amount,
            currency=transfer["currency"],
            metadata=metadata,
            transfer=transfer["id"],
            destination_payment_refund=new_id("pyr_"),
            source_refund=None,
        )
        txn = self._balance_transaction(
            amount,
            transfer["currency"],
            source=reversal["id"],
            type_="transfer_refund",
            category="transfer_reversal",
            account=context.account,
        )
        reversal["balance_transaction"] = txn["id"]
        previous = {
            "amount_reversed": transfer["amount_reversed"],
            "reversed": transfer["reversed"],
            "reversals": copy.deepcopy(transfer["reversals"]),
        }
        transfer["amount_reversed"] += amount
        transfer["reversed"] = transfer["amount_reversed"] == transfer["amount"]
        transfer["reversals"]["data"].insert(0, copy.deepcopy(reversal))
        transfer["reversals"]["data"] = transfer["reversals"]["data"][:10]
        self._emit("transfer.reversed", transfer, account=context.account, previous=previous)
        return self._out(reversal)

    def _list_reversals(self, id: str) -> dict[str, Any]:
        self._find("transfer", id, self._context.account)
        return self._list("transfer_reversal", f"/v1/transfers/{id}/reversals", where=lambda r: r["transfer"] == id)

    def _retrieve_reversal(self, transfer: str, id: str) -> dict[str, Any]:
        check_known(self._context.params, ())
        self._find("transfer", transfer, self._context.account)
        reversal = self._find("transfer_reversal", id, self._context.account)
        if reversal["transfer"] != transfer:
            raise no_such("transfer_reversal", id)
        return self._out(reversal)
