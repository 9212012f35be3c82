"""Every movement of money, one module per flow: payouts (the freelancer's connected account),
funding (paying into escrow), cards (saved payment methods), release (releases, refunds,
reminders), disputes (members'), chargebacks (the bank's), with allocation and execution
shared by them. The rules:

1. The intent is written before the gateway is called: a Payment row with the idempotency key
   we send (`booking:<id>:funding:<n>`, `booking:<id>:release:<funding id>`…), committed first,
   so a crash or a retry calls the gateway again with the same key and Stripe answers with what
   it did the first time.
2. The ledger is posted only for what happened: funding when the charge succeeded, a release
   or refund is *allocated* (taken out of escrow) when it is decided, under the escrow's row
   lock, and *paid* when the transfer or refund succeeded; a definitive failure posts a
   reversing transaction and puts the money back in escrow.
3. Each ledger transaction has a unique key derived from its cause, so handling the same
   webhook or retrying the same task never posts twice.
4. A payment row is executed under its own row lock (skip locked): two workers never call the
   gateway for one payment at the same time.

Reads (the escrow's figures, release blockers) are in selectors.py, permission checks in
rules.py."""

from .cards import customer_for, payment_method_remove, payment_methods_sync, saved_method_for
from .chargebacks import chargeback_closed, chargeback_opened
from .disputes import dispute_open, dispute_resolve, dispute_respond
from .execution import payment_execute
from .funding import (
    escrow_for,
    funding_failed,
    funding_start,
    funding_succeeded,
    funding_sync,
    simulated_checkout_pay,
)
from .payouts import payout_account_link, payout_account_refresh, payout_account_update, simulated_onboarding_complete
from .release import escrow_refund, escrow_release, on_booking_changed, release_remind

__all__ = [
    "chargeback_closed",
    "chargeback_opened",
    "customer_for",
    "dispute_open",
    "dispute_resolve",
    "dispute_respond",
    "escrow_for",
    "escrow_refund",
    "escrow_release",
    "funding_failed",
    "funding_start",
    "funding_succeeded",
    "funding_sync",
    "on_booking_changed",
    "payment_execute",
    "payment_method_remove",
    "payment_methods_sync",
    "payout_account_link",
    "payout_account_refresh",
    "payout_account_update",
    "release_remind",
    "saved_method_for",
    "simulated_checkout_pay",
    "simulated_onboarding_complete",
]
