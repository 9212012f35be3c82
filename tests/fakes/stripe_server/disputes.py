"""Disputes (chargebacks) that tests open and close."""

from __future__ import annotations

import copy
from typing import Any


class Disputes:
    """``/v1/disputes`` and the test controls of a chargeback."""

    def open_dispute(
        self, charge_id: str, amount: int | None = None, reason: str = "fraudulent", *, fee: int = 0
    ) -> dict[str, Any]:
        """The cardholder disputes a charge (a chargeback): the funds are withdrawn; returns the dispute."""
        with self._lock:
            charge = self._require("charge", charge_id)
            if charge["status"] != "succeeded":
                raise ValueError(f"Charge {charge_id} has not succeeded")
            if charge["disputed"]:
                raise ValueError(f"Charge {charge_id} is already disputed")
            amount = charge["amount"] - charge["amount_refunded"] if amount is None else amount
            if not 0 < amount <= charge["amount"]:
                raise ValueError(f"A dispute amount must be between 1 and {charge['amount']}")
            account = self._owner[charge_id]
            fixture = self._fixtures["dispute"]
            now = self._now()
            dispute = self._new(
                "dispute",
                "dp_",
                account=account,
                amount=amount,
                charge=charge_id,
                currency=charge["currency"],
                payment_intent=charge["payment_intent"],
                reason=reason,
                status="needs_response",
                is_charge_refundable=False,
                metadata={},
                evidence_details={**fixture["evidence_details"], "due_by": now + 7 * 24 * 3600},
                payment_method_details={
                    "card": {
                        **fixture["payment_method_details"]["card"],
                        "brand": charge["payment_method_details"]["card"]["brand"],
                        "network": charge["payment_method_details"]["card"]["brand"],
                        "case_type": "chargeback",
                    },
                    "type": "card",
                },
                enhanced_eligibility_types=[],
            )
            withdrawal = self._balance_transaction(
                -amount,
                charge["currency"],
                source=dispute["id"],
                type_="adjustment",
                category="dispute",
                account=account,
                description=f"Chargeback withdrawal for {charge_id}",
                fee=fee,
            )
            dispute["balance_transactions"] = [copy.deepcopy(withdrawal)]
            charge["disputed"] = True
            self._emit("charge.dispute.created", dispute, account=account)
            self._emit("charge.dispute.funds_withdrawn", dispute, account=account)
            return copy.deepcopy(dispute)

    def close_dispute(self, dispute_id: str, status: str = "lost") -> dict[str, Any]:
        """The card network decides (``won`` returns the funds); returns the ``charge.dispute.closed`` event."""
        if status not in ("won", "lost"):
            raise ValueError("status must be 'won' or 'lost'")
        with self._lock:
            dispute = self._require("dispute", dispute_id)
            if dispute["status"] in ("won", "lost"):
                raise ValueError(f"Dispute {dispute_id} is already {dispute['status']}")
            account = self._owner[dispute_id]
            previous = {"status": dispute["status"]}
            dispute["status"] = status
            if status == "won":
                reinstated = self._balance_transaction(
                    dispute["amount"],
                    dispute["currency"],
                    source=dispute_id,
                    type_="adjustment",
                    category="dispute_reversal",
                    account=account,
                    description=f"Chargeback reversal for {dispute['charge']}",
                )
                dispute["balance_transactions"].append(copy.deepcopy(reinstated))
                self._emit("charge.dispute.funds_reinstated", dispute, account=account)
            return self._emit("charge.dispute.closed", dispute, account=account, previous=previous)

    def _list_disputes(self) -> dict[str, Any]:
        return self._list("dispute", "/v1/disputes", ("charge", "payment_intent"))
