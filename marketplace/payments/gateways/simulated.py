"""The simulated gateway: no keys, no network, the same interface. Ids are derived from the
idempotency key, so a retried call answers with the same object, as Stripe's would. Checkout
and onboarding happen on our own pages (views.simulated_checkout and simulated_onboarding), which
clearly say so. Like Stripe's, those pages live at the address the caller's URLs name: a member
on 127.0.0.1:8001 is sent to 127.0.0.1:8001, which the CSP's form-action allows."""

import hashlib
from urllib.parse import urlsplit

from django.urls import reverse

from ..models import ConnectedAccount, Payment
from .base import AccountState, CardInfo, Charge, Checkout, GatewayError, MoneyMovement, Record

DECLINED_METHOD = "pm_card_chargeDeclined"


def _on_origin_of(url: str, path: str) -> str:
    """`path` on the scheme, host and port of `url` (the success or return URL the view passed)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{path}" if parts.netloc else path


def _id(prefix: str, key: str) -> str:
    return f"sim_{prefix}_{hashlib.sha256(key.encode()).hexdigest()[:20]}"


class SimulatedGateway:
    simulated = True

    def create_account(self, *, email, idempotency_key):
        return AccountState(id=_id("acct", idempotency_key), details_submitted=False, charges_enabled=False,
                            payouts_enabled=False)

    def retrieve_account(self, account_id):
        account = ConnectedAccount.objects.get(stripe_id=account_id)
        return AccountState(id=account.stripe_id, details_submitted=account.details_submitted,
                            charges_enabled=account.charges_enabled, payouts_enabled=account.payouts_enabled)

    def onboarding_link(self, *, account_id, refresh_url, return_url):
        return _on_origin_of(return_url, reverse("payments:simulated_onboarding"))

    def create_customer(self, *, email, name, idempotency_key):
        return _id("cus", idempotency_key)

    def create_checkout(self, *, amount, currency, description, customer_id, transfer_group, metadata, success_url,
                        cancel_url, idempotency_key):
        checkout_id = _id("cs", idempotency_key)
        url = _on_origin_of(success_url, reverse("payments:simulated_checkout", args=[checkout_id]))
        return Checkout(id=checkout_id, url=url, status="open", paid=False)

    def retrieve_checkout(self, checkout_id):
        payment = Payment.objects.filter(checkout_session_id=checkout_id).first()
        paid = payment is not None and payment.status == Payment.Status.SUCCEEDED
        return Checkout(id=checkout_id, url="", status="complete" if paid else "open", paid=paid,
                        payment_intent_id=payment.stripe_id if paid else "",
                        charge_id=payment.stripe_charge_id if paid else "")

    def charge_saved_method(self, *, amount, currency, customer_id, payment_method_id, transfer_group, metadata,
                            idempotency_key):
        if payment_method_id == DECLINED_METHOD:
            raise GatewayError("Your card was declined.", code="card_declined")
        return Charge(payment_intent_id=_id("pi", idempotency_key), status="succeeded",
                      charge_id=_id("ch", idempotency_key), amount=amount)

    def create_transfer(self, *, amount, currency, destination, source_charge_id, transfer_group, metadata,
                        idempotency_key):
        return MoneyMovement(id=_id("tr", idempotency_key), amount=amount)

    def create_refund(self, *, charge_id, amount, metadata, idempotency_key):
        return MoneyMovement(id=_id("re", idempotency_key), amount=amount)

    def reverse_transfer(self, *, transfer_id, amount, metadata, idempotency_key):
        return MoneyMovement(id=_id("trr", idempotency_key), amount=amount)

    def records(self, *, transfer_group):
        """The simulated gateway keeps no books of its own: it answers with what our payments say
        it did, so reconciliation checks the ledger against the payments."""
        booking_id = int(transfer_group.removeprefix("booking-"))
        kinds = {"funding": "charge", "transfer": "transfer", "refund": "refund", "reversal": "reversal"}
        found = []
        for payment in Payment.objects.filter(escrow__booking_id=booking_id, status=Payment.Status.SUCCEEDED):
            record_id = payment.stripe_charge_id if payment.kind == Payment.Kind.FUNDING else payment.stripe_id
            found.append(Record(kinds[payment.kind], record_id, payment.amount))
        return found

    def list_payment_methods(self, customer_id) -> list[CardInfo]:
        # The simulated checkout takes no card details, so it saves none: "Pay with a saved
        # card" appears only with Stripe.
        return []

    def detach_payment_method(self, *, payment_method_id, idempotency_key):
        return None
