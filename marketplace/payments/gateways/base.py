"""What services.py needs from a payment gateway, as plain data. Both gateways answer with
these types; neither leaks its own objects."""

from dataclasses import dataclass
from typing import Protocol


class GatewayError(Exception):
    """The gateway refused (a declined card, an amount too large): definitive, do not retry."""

    def __init__(self, message: str, *, code: str = ""):
        super().__init__(message)
        self.message = message
        self.code = code


class GatewayUnavailable(Exception):
    """No definitive answer (network, timeout, 5xx after retries): retry with the same
    idempotency key; the gateway then answers with what it did the first time, if anything."""


class WebhookRefused(Exception):
    """A webhook delivery we do not take. `reason` is "signature" (not signed with our secret,
    or dated outside the tolerance) or "payload" (signed, but no event we can parse and store)."""

    def __init__(self, message: str, *, reason: str):
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class AccountState:
    id: str
    details_submitted: bool
    charges_enabled: bool
    payouts_enabled: bool


@dataclass(frozen=True)
class Checkout:
    id: str
    url: str
    status: str  # open, complete, expired
    paid: bool
    payment_intent_id: str = ""
    charge_id: str = ""


@dataclass(frozen=True)
class Charge:
    """A payment intent's outcome: succeeded with its charge, or not."""

    payment_intent_id: str
    status: str  # succeeded, processing, requires_payment_method, canceled...
    charge_id: str = ""
    amount: int = 0


@dataclass(frozen=True)
class CardInfo:
    """A card saved on a Customer (a PaymentMethod of type card)."""

    id: str
    brand: str
    last4: str
    exp_month: int | None = None
    exp_year: int | None = None


@dataclass(frozen=True)
class MoneyMovement:
    """A transfer, refund or transfer reversal the gateway made."""

    id: str
    amount: int
    status: str = "succeeded"


@dataclass(frozen=True)
class Record:
    """What the gateway holds about one money movement, for reconciliation."""

    kind: str  # charge, transfer, refund, reversal
    id: str
    amount: int
    status: str = "succeeded"


class Gateway(Protocol):
    simulated: bool

    def create_account(self, *, email: str, idempotency_key: str) -> AccountState: ...

    def retrieve_account(self, account_id: str) -> AccountState: ...

    def onboarding_link(self, *, account_id: str, refresh_url: str, return_url: str) -> str: ...

    def create_customer(self, *, email: str, name: str, idempotency_key: str) -> str: ...

    def create_checkout(self, *, amount: int, currency: str, description: str, customer_id: str,
                        transfer_group: str, metadata: dict, success_url: str, cancel_url: str,
                        idempotency_key: str) -> Checkout: ...

    def retrieve_checkout(self, checkout_id: str) -> Checkout: ...

    def charge_saved_method(self, *, amount: int, currency: str, customer_id: str, payment_method_id: str,
                            transfer_group: str, metadata: dict, idempotency_key: str) -> Charge: ...

    def create_transfer(self, *, amount: int, currency: str, destination: str, source_charge_id: str,
                        transfer_group: str, metadata: dict, idempotency_key: str) -> MoneyMovement: ...

    def create_refund(self, *, charge_id: str, amount: int, metadata: dict, idempotency_key: str) -> MoneyMovement: ...

    def reverse_transfer(self, *, transfer_id: str, amount: int, metadata: dict,
                         idempotency_key: str) -> MoneyMovement: ...

    def records(self, *, transfer_group: str) -> list[Record]: ...

    def list_payment_methods(self, customer_id: str) -> list[CardInfo]: ...

    def detach_payment_method(self, *, payment_method_id: str, idempotency_key: str) -> None: ...
