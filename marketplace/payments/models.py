"""Escrow payments: who can be paid (connected accounts), what was asked of Stripe (Payment),
what Stripe told us (StripeWebhookEvent), and the double-entry ledger that says where every
öre is.

The ledger (LedgerTransaction + LedgerEntry) is the truth about money: balances are sums of
entries, never stored. Entries are signed minor units, debit positive; every transaction sums
to zero in one currency. Accounts:

    stripe_clearing    the platform's Stripe balance (asset): + when a charge lands, − when a
                       transfer or refund leaves
    escrow             per booking (liability): − when funded, + when released or refunded;
                       held = −balance, never negative
    freelancer_payable per booking: − when a release is allocated, + when the transfer landed
    client_refundable  per booking: − when a refund is allocated, + when Stripe refunded it
    platform_fees      revenue: − for each fee taken at release
    disputed           money Stripe withdrew for a chargeback, until the dispute closes
    dispute_losses     what a lost chargeback cost the platform after release (+)

Rows are append-only (application and, on PostgreSQL, a trigger); a correction is a new,
reversing transaction."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from marketplace.bookings.models import Booking
from marketplace.core.models import AppendOnlyModel, PrivateUpload, TimeStampedModel, keep_name
from marketplace.core.money import CURRENCY_CHOICES


class ConnectedAccount(TimeStampedModel):
    """A freelancer's Stripe Express account (or its simulated stand-in)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="payout_account")
    stripe_id = models.CharField(max_length=64, unique=True)
    details_submitted = models.BooleanField(default=False)
    charges_enabled = models.BooleanField(default=False)
    payouts_enabled = models.BooleanField(default=False)
    simulated = models.BooleanField(default=False)

    def __str__(self):
        return self.stripe_id

    @property
    def ready(self) -> bool:
        """Transfers can reach this account."""
        return self.details_submitted and self.payouts_enabled


class Customer(TimeStampedModel):
    """A client's Stripe Customer, so cards can be saved and reused."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="payment_customer")
    stripe_id = models.CharField(max_length=64, unique=True)
    simulated = models.BooleanField(default=False)

    def __str__(self):
        return self.stripe_id


class SavedPaymentMethod(TimeStampedModel):
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="payment_methods")
    stripe_id = models.CharField(max_length=64, unique=True)
    brand = models.CharField(max_length=20, blank=True)
    last4 = models.CharField(max_length=4, blank=True)
    exp_month = models.PositiveSmallIntegerField(null=True, blank=True)
    exp_year = models.PositiveSmallIntegerField(null=True, blank=True)

    def __str__(self):
        return f"{self.brand} •••• {self.last4}"


class EscrowAccount(TimeStampedModel):
    """The escrow of one booking. Its money is in the ledger; this row carries its currency,
    whether it is frozen by a dispute, and serialises changes (every money service locks it)."""

    booking = models.OneToOneField(Booking, on_delete=models.PROTECT, related_name="escrow")
    currency = models.CharField(max_length=3, choices=CURRENCY_CHOICES)
    frozen = models.BooleanField(default=False, help_text=_("An open dispute holds the money where it is."))
    released_at = models.DateTimeField(null=True, blank=True)
    release_reminded_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Escrow of booking {self.booking_id}"


class Payment(TimeStampedModel):
    """One money movement we asked Stripe for, recorded before the call under the idempotency
    key we send with it, so a retry or a crash in the middle can never move money twice."""

    class Kind(models.TextChoices):
        FUNDING = "funding", _("Funding")
        TRANSFER = "transfer", _("Release to the freelancer")
        REFUND = "refund", _("Refund to the client")
        REVERSAL = "reversal", _("Transfer reversal")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        REQUIRES_ACTION = "requires_action", _("Waiting for the client to pay")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")
        CANCELED = "canceled", _("Cancelled")

    escrow = models.ForeignKey(EscrowAccount, on_delete=models.PROTECT, related_name="payments")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True)
    amount = models.PositiveBigIntegerField(help_text=_("Minor units; for a transfer, what the freelancer gets."))
    fee = models.PositiveBigIntegerField(default=0, help_text=_("Platform fee taken with this transfer."))
    currency = models.CharField(max_length=3, choices=CURRENCY_CHOICES)
    idempotency_key = models.CharField(max_length=120, unique=True)
    source = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="derived",
        help_text=_("The funding a transfer or refund draws on; the transfer a reversal takes back."),
    )
    stripe_id = models.CharField(max_length=64, blank=True, db_index=True)
    stripe_charge_id = models.CharField(max_length=64, blank=True, db_index=True)
    checkout_session_id = models.CharField(max_length=80, blank=True, db_index=True)
    checkout_url = models.URLField(max_length=1000, blank=True)
    failure_message = models.CharField(max_length=500, blank=True)
    simulated = models.BooleanField(default=False)
    succeeded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payments_payment_amount_positive"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.amount} {self.currency} ({self.status})"


class LedgerTransaction(AppendOnlyModel):
    class Kind(models.TextChoices):
        FUNDING = "funding", _("Escrow funded")
        RELEASE = "release", _("Release allocated")
        RELEASE_REVERSED = "release_reversed", _("Release undone (transfer failed)")
        PAYOUT = "payout", _("Transfer to the freelancer")
        REFUND = "refund", _("Refund allocated")
        REFUND_REVERSED = "refund_reversed", _("Refund undone (refund failed)")
        REFUND_PAID = "refund_paid", _("Refund paid")
        DISPUTE_OPENED = "dispute_opened", _("Chargeback withdrawn")
        DISPUTE_WON = "dispute_won", _("Chargeback won")
        DISPUTE_LOST = "dispute_lost", _("Chargeback lost")
        RECOVERED = "recovered", _("Recovered from the freelancer")

    kind = models.CharField(max_length=16, choices=Kind.choices)
    key = models.CharField(max_length=160, unique=True, help_text=_("What caused it; never posted twice."))
    escrow = models.ForeignKey(EscrowAccount, on_delete=models.PROTECT, related_name="ledger_transactions")
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    description = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("ledger transaction")
        verbose_name_plural = _("ledger transactions")

    def __str__(self):
        return self.key


class LedgerEntry(AppendOnlyModel):
    class Account(models.TextChoices):
        STRIPE_CLEARING = "stripe_clearing", _("Stripe clearing")
        ESCROW = "escrow", _("Escrow held")
        FREELANCER_PAYABLE = "freelancer_payable", _("Freelancer payable")
        CLIENT_REFUNDABLE = "client_refundable", _("Client refundable")
        PLATFORM_FEES = "platform_fees", _("Platform fee revenue")
        DISPUTED = "disputed", _("Withdrawn for a chargeback")
        DISPUTE_LOSSES = "dispute_losses", _("Dispute losses")

    transaction = models.ForeignKey(LedgerTransaction, on_delete=models.PROTECT, related_name="entries")
    account = models.CharField(max_length=20, choices=Account.choices)
    escrow = models.ForeignKey(EscrowAccount, on_delete=models.PROTECT, related_name="ledger_entries")
    amount = models.BigIntegerField(help_text=_("Signed minor units, debit positive."))
    currency = models.CharField(max_length=3, choices=CURRENCY_CHOICES)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        indexes = [models.Index(fields=["escrow", "account"], name="payments_entry_account_idx")]
        constraints = [models.CheckConstraint(condition=~Q(amount=0), name="payments_entry_not_zero")]

    def __str__(self):
        return f"{self.account} {self.amount:+d} {self.currency}"


class StripeWebhookEvent(TimeStampedModel):
    """Every event Stripe (or the simulated gateway) sent, stored before it is handled, and
    handled once: the Stripe id is unique."""

    class Status(models.TextChoices):
        RECEIVED = "received", pgettext_lazy("webhook event", "Received")
        PROCESSED = "processed", _("Processed")
        IGNORED = "ignored", _("Ignored (not a type we handle)")
        FAILED = "failed", _("Failed (will be retried)")

    stripe_id = models.CharField(max_length=80, unique=True)
    type = models.CharField(max_length=80, db_index=True)
    account = models.CharField(max_length=64, blank=True, help_text=_("The connected account it came from."))
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RECEIVED, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.type} {self.stripe_id}"


class PaymentDispute(TimeStampedModel):
    """A disagreement about a booking's money: opened by a party (the booking becomes
    disputed) or by a card chargeback. While open, the escrow is frozen; staff decide it in the
    Wagtail admin (release, refund or split; or close it when nothing is held), and the money
    moves through services.py. The other party answers with `response`."""

    class Source(models.TextChoices):
        MEMBER = "member", _("Opened by a party")
        CHARGEBACK = "chargeback", _("Card chargeback")

    class Reason(models.TextChoices):
        NOT_DONE = "not_done", _("The work was not done")
        QUALITY = "quality", _("The work is not of the agreed quality")
        NOT_AS_AGREED = "not_as_agreed", _("The work is not what was agreed")
        TIME = "time", _("The time billed is wrong")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", _("Resolved")

    class Outcome(models.TextChoices):
        RELEASE = "release", _("Release to the freelancer")
        REFUND = "refund", _("Refund the client")
        SPLIT = "split", _("Split between them")
        CHARGEBACK_WON = "chargeback_won", _("Chargeback won")
        CHARGEBACK_LOST = "chargeback_lost", _("Chargeback lost")
        CLOSED = "closed", _("Closed, no money was held")

    escrow = models.ForeignKey(EscrowAccount, on_delete=models.PROTECT, related_name="disputes")
    source = models.CharField(max_length=12, choices=Source.choices, default=Source.MEMBER)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")
    reason = models.CharField(max_length=16, choices=Reason.choices, default=Reason.OTHER)
    description = models.TextField(max_length=5000, blank=True)
    response = models.TextField(max_length=5000, blank=True,
                                help_text=_("The other party's side, written on the dispute page."))
    responded_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    to_freelancer = models.PositiveBigIntegerField(default=0, help_text=_("Minor units released (before the fee)."))
    to_client = models.PositiveBigIntegerField(default=0, help_text=_("Minor units refunded."))
    resolution_note = models.TextField(blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)
    stripe_dispute_id = models.CharField(max_length=64, blank=True)
    amount = models.PositiveBigIntegerField(default=0, help_text=_("For a chargeback: what the card holder disputes."))

    class Meta:
        ordering = ["-created_at", "-pk"]
        permissions = [("resolve_paymentdispute", "Can resolve payment disputes")]
        constraints = [
            models.UniqueConstraint(fields=["stripe_dispute_id"], condition=~Q(stripe_dispute_id=""),
                                    name="payments_dispute_stripe_once"),
        ]

    def __str__(self):
        return f"Dispute {self.pk} on booking {self.escrow.booking_id}"


# Kept for migration 0003, which names it.
evidence_upload_to = keep_name


class DisputeEvidence(PrivateUpload):
    dispute = models.ForeignKey(PaymentDispute, on_delete=models.PROTECT, related_name="evidence")

    class Meta(PrivateUpload.Meta):
        pass
