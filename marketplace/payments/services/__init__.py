"""Every movement of money. The rules:

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
   gateway for one payment at the same time."""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.accounts.models import User
from marketplace.bookings.models import Booking, TimeLog
from marketplace.core.errors import DomainError, PermissionDenied
from marketplace.core.files import check_document
from marketplace.core.money import format_money, minor_for_minutes
from marketplace.core.storage import private_storage, store_private
from marketplace.notifications.models import Kind as NotificationKind
from marketplace.notifications.services import notify

from . import ledger
from .fees import platform_fee
from .gateways import GatewayError, GatewayUnavailable, get_gateway
from .models import (
    ConnectedAccount,
    Customer,
    DisputeEvidence,
    EscrowAccount,
    LedgerEntry,
    LedgerTransaction,
    Payment,
    PaymentDispute,
    SavedPaymentMethod,
)

logger = logging.getLogger(__name__)

Account = LedgerEntry.Account
TxKind = LedgerTransaction.Kind
PaymentKind = Payment.Kind
PaymentStatus = Payment.Status
BookingStatus = Booking.Status

FUNDABLE = (BookingStatus.ACCEPTED, BookingStatus.IN_PROGRESS, BookingStatus.COMPLETED)


# --- Payout accounts (freelancers) ---------------------------------------------------------------


def payout_account_link(*, user: User, refresh_url: str, return_url: str) -> str:
    """Where a freelancer goes to set up (or finish setting up) the account we pay them into."""
    if user.role != User.Role.FREELANCER:
        raise PermissionDenied(_("Only freelancers receive payouts."))
    if not user.email_verified:
        raise PermissionDenied(_("Confirm your email address before you set up payouts."), code="unverified")
    gateway = get_gateway()
    account = ConnectedAccount.objects.filter(user=user).first()
    if account is None:
        state = gateway.create_account(email=user.email, idempotency_key=f"user:{user.pk}:account")
        account, _created = ConnectedAccount.objects.get_or_create(
            user=user, defaults={"stripe_id": state.id, "simulated": gateway.simulated},
        )
    return gateway.onboarding_link(account_id=account.stripe_id, refresh_url=refresh_url, return_url=return_url)


@transaction.atomic
def payout_account_update(*, stripe_id: str, details_submitted: bool, charges_enabled: bool,
                          payouts_enabled: bool) -> ConnectedAccount | None:
    """The account's state as Stripe reports it (account.updated, or a refresh on return)."""
    account = ConnectedAccount.objects.select_for_update().filter(stripe_id=stripe_id).first()
    if account is None:
        return None
    was_ready = account.ready
    account.details_submitted, account.charges_enabled, account.payouts_enabled = (
        details_submitted, charges_enabled, payouts_enabled)
    account.save(update_fields=["details_submitted", "charges_enabled", "payouts_enabled", "updated_at"])
    if account.ready and not was_ready:
        # Releases that waited for the account can go now.
        waiting = EscrowAccount.objects.filter(
            booking__freelancer_id=account.user_id, booking__status=BookingStatus.COMPLETED, released_at__isnull=True,
            frozen=False, booking__approvals__action="confirmed",
        ).values_list("booking_id", flat=True)
        for booking_id in set(waiting):
            transaction.on_commit(lambda booking_id=booking_id: _enqueue_release(booking_id))
    return account


def payout_account_refresh(*, user: User) -> ConnectedAccount | None:
    account = ConnectedAccount.objects.filter(user=user).first()
    if account is None:
        return None
    state = get_gateway().retrieve_account(account.stripe_id)
    return payout_account_update(stripe_id=state.id, details_submitted=state.details_submitted,
                                 charges_enabled=state.charges_enabled, payouts_enabled=state.payouts_enabled)


def simulated_onboarding_complete(*, user: User) -> ConnectedAccount:
    """Only for the simulated gateway: the freelancer "finishes" onboarding on our own page."""
    account = ConnectedAccount.objects.filter(user=user, simulated=True).first()
    if account is None or not get_gateway().simulated:
        raise PermissionDenied(_("Payouts are not simulated on this site."))
    return payout_account_update(stripe_id=account.stripe_id, details_submitted=True, charges_enabled=True,
                                 payouts_enabled=True)


def _customer(user: User) -> Customer:
    customer = Customer.objects.filter(user=user).first()
    if customer is None:
        gateway = get_gateway()
        stripe_id = gateway.create_customer(email=user.email, name=user.profile.display_name,
                                            idempotency_key=f"user:{user.pk}:customer")
        customer, _created = Customer.objects.get_or_create(
            user=user, defaults={"stripe_id": stripe_id, "simulated": gateway.simulated})
    return customer


# --- Figures ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    """An escrow's money, from the ledger. funded = held + released + refunded, always."""

    currency: str
    funded: int
    held: int
    released: int
    refunded: int
    fees: int
    paid_out: int
    required: int
    earned: int
    settled: bool = False

    @property
    def due(self) -> int:
        """What the client still has to pay in for the work asked or done (nothing once the
        escrow was released)."""
        if self.settled:
            return 0
        return max(0, self.required - self.held - self.released)


def escrow_for(booking: Booking) -> EscrowAccount:
    escrow, _created = EscrowAccount.objects.get_or_create(booking=booking, defaults={"currency": booking.currency})
    return escrow


def earned(booking: Booking) -> int:
    """What the freelancer has earned: the fixed price, or approved time at the rate (minutes
    added up first, rounded once)."""
    if booking.pricing == Booking.Pricing.FIXED:
        return booking.fixed_price
    minutes = TimeLog.objects.filter(booking=booking, status=TimeLog.Status.APPROVED).aggregate(
        total=Sum("minutes"))["total"] or 0
    return minor_for_minutes(minutes, booking.hourly_rate)


def required_total(booking: Booking, earned_amount: int | None = None) -> int:
    """What the escrow must have received: the estimate, or what was earned if that is more."""
    if booking.pricing == Booking.Pricing.FIXED:
        return booking.fixed_price
    return max(booking.estimate, earned(booking) if earned_amount is None else earned_amount)


def figures(booking: Booking, escrow: EscrowAccount | None = None) -> Figures:
    """Two queries: the ledger grouped by account and transaction kind, and the approved time."""
    escrow = escrow or EscrowAccount.objects.filter(booking=booking).first()
    sums: dict[tuple[str, str], int] = {}
    if escrow is not None:
        rows = (LedgerEntry.objects.filter(escrow=escrow).order_by()
                .values("account", "transaction__kind").annotate(total=Sum("amount")))
        sums = {(row["account"], row["transaction__kind"]): row["total"] for row in rows}

    def total(account, *kinds):
        return sum(amount for (acc, kind), amount in sums.items() if acc == account and (not kinds or kind in kinds))

    escrow_by = lambda *kinds: total(Account.ESCROW, *kinds)  # noqa: E731
    earned_amount = earned(booking)
    return Figures(
        currency=booking.currency, funded=-escrow_by(TxKind.FUNDING), held=-total(Account.ESCROW),
        released=escrow_by(TxKind.RELEASE, TxKind.RELEASE_REVERSED),
        refunded=escrow_by(TxKind.REFUND, TxKind.REFUND_REVERSED, TxKind.DISPUTE_LOST),
        fees=-total(Account.PLATFORM_FEES), paid_out=-total(Account.STRIPE_CLEARING, TxKind.PAYOUT),
        required=required_total(booking, earned_amount), earned=earned_amount,
        settled=bool(escrow and escrow.released_at) or booking.status not in FUNDABLE,
    )


def escrow_start_check(booking: Booking) -> str | None:
    """For bookings.services.START_CHECKS: the escrow must hold the estimate before work starts."""
    held = figures(booking).held
    needed = required_total(booking)
    if held < needed:
        return _("The escrow holds %(held)s of the %(needed)s the client has to pay in before the work starts.") % {
            "held": format_money(held, booking.currency), "needed": format_money(needed, booking.currency)}
    return None


# --- Funding ----------------------------------------------------------------------------------------


def _next_key(escrow: EscrowAccount, kind: str) -> str:
    count = Payment.objects.filter(escrow=escrow, kind=kind).count()
    return f"booking:{escrow.booking_id}:{kind}:{count + 1}"


def funding_start(*, actor: User, booking: Booking, success_url: str, cancel_url: str,
                  payment_method_id: str = "") -> Payment:
    """The client pays what is due into escrow: through a checkout page (the returned payment's
    checkout_url), or at once with a saved card. Asking twice for the same amount reuses the
    open checkout rather than starting a second one."""
    if actor.pk != booking.client_id:
        raise PermissionDenied(_("Only the client of this booking pays into its escrow."))
    if not actor.email_verified:
        # A booking is only requested from a confirmed address, but an account made or changed
        # by other means (staff, older data) must not pay from an unproven one either.
        raise PermissionDenied(_("Confirm your email address before you pay."), code="unverified")
    if payment_method_id:
        payment_method_id = saved_method_for(user=actor, stripe_id=payment_method_id).stripe_id
    with transaction.atomic():
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        if booking.status not in FUNDABLE:
            raise DomainError(_("This booking cannot be paid for now (it is “%(status)s”).")
                              % {"status": booking.get_status_display()}, code="status")
        escrow = EscrowAccount.objects.select_for_update().get(pk=escrow_for(booking).pk)
        if escrow.frozen:
            raise DomainError(_("The escrow is frozen while a dispute is open."), code="frozen")
        due = figures(booking, escrow).due
        if due <= 0:
            raise DomainError(_("Nothing is due: the escrow already holds what this booking needs."), code="nothing")
        open_payment = (Payment.objects.filter(escrow=escrow, kind=PaymentKind.FUNDING, amount=due,
                                               status__in=[PaymentStatus.PENDING, PaymentStatus.REQUIRES_ACTION])
                        .order_by("-pk").first())
        if open_payment is not None and not payment_method_id:
            payment = open_payment
        else:
            payment = Payment.objects.create(escrow=escrow, kind=PaymentKind.FUNDING, amount=due,
                                             currency=booking.currency, idempotency_key=_next_key(escrow, "funding"),
                                             simulated=get_gateway().simulated)
    if payment.status == PaymentStatus.REQUIRES_ACTION and payment.checkout_url:
        return payment
    metadata = {"payment": str(payment.pk), "booking": str(booking.pk)}
    gateway = get_gateway()
    customer = _customer(actor)
    try:
        if payment_method_id:
            charge = gateway.charge_saved_method(
                amount=payment.amount, currency=payment.currency, customer_id=customer.stripe_id,
                payment_method_id=payment_method_id, transfer_group=_transfer_group(booking), metadata=metadata,
                idempotency_key=payment.idempotency_key)
            if charge.status == "succeeded":
                return funding_succeeded(payment_id=payment.pk, payment_intent_id=charge.payment_intent_id,
                                         charge_id=charge.charge_id, amount=charge.amount or payment.amount)
            Payment.objects.filter(pk=payment.pk).update(stripe_id=charge.payment_intent_id,
                                                         status=PaymentStatus.REQUIRES_ACTION)
        else:
            checkout = gateway.create_checkout(
                amount=payment.amount, currency=payment.currency,
                description=_("Escrow for “%(title)s”") % {"title": booking.title}, customer_id=customer.stripe_id,
                transfer_group=_transfer_group(booking), metadata=metadata, success_url=success_url,
                cancel_url=cancel_url, idempotency_key=payment.idempotency_key)
            Payment.objects.filter(pk=payment.pk).update(checkout_session_id=checkout.id, checkout_url=checkout.url,
                                                         status=PaymentStatus.REQUIRES_ACTION)
    except GatewayError as exc:
        Payment.objects.filter(pk=payment.pk).update(status=PaymentStatus.FAILED, failure_message=exc.message[:500])
        raise DomainError(exc.message, code="declined") from exc
    except GatewayUnavailable as exc:
        raise DomainError(_("The payment service did not answer. Nothing was charged twice: try again in a "
                            "moment."), code="unavailable") from exc
    payment.refresh_from_db()
    return payment


def _transfer_group(booking: Booking) -> str:
    return f"booking-{booking.pk}"


@transaction.atomic
def funding_succeeded(*, payment_id: int, payment_intent_id: str, charge_id: str, amount: int) -> Payment:
    """The client's money arrived. Safe to call for every event and retry that says so."""
    payment = Payment.objects.select_for_update().select_related("escrow__booking").get(pk=payment_id)
    if payment.status == PaymentStatus.SUCCEEDED:
        return payment
    if amount != payment.amount:
        # The ledger follows the money that actually arrived; the difference is settled at release.
        logger.warning("Payment %s: %s received where %s was asked", payment.pk, amount, payment.amount)
    payment.status, payment.succeeded_at = PaymentStatus.SUCCEEDED, timezone.now()
    payment.stripe_id, payment.stripe_charge_id = payment_intent_id or payment.stripe_id, charge_id
    payment.amount = amount
    payment.save(update_fields=["status", "succeeded_at", "stripe_id", "stripe_charge_id", "amount", "updated_at"])
    escrow = EscrowAccount.objects.select_for_update().get(pk=payment.escrow_id)
    ledger.post(escrow=escrow, kind=TxKind.FUNDING, key=f"payment:{payment.pk}:succeeded", payment=payment,
                lines={Account.STRIPE_CLEARING: amount, Account.ESCROW: -amount},
                description=f"Funding {payment.stripe_id}")
    booking = payment.escrow.booking
    for recipient in (booking.client, booking.freelancer):
        notify(recipient=recipient, kind=NotificationKind.ESCROW_FUNDED, event_key=f"payment:{payment.pk}:funded",
               title=_("%(amount)s is held in escrow for “%(title)s”")
               % {"amount": format_money(amount, payment.currency), "title": booking.title},
               url=booking.get_absolute_url())
    transaction.on_commit(lambda: _payment_methods_after_funding(payment.pk))
    return payment


@transaction.atomic
def funding_failed(*, payment_id: int, message: str) -> Payment:
    payment = Payment.objects.select_for_update().get(pk=payment_id)
    if payment.status in (PaymentStatus.SUCCEEDED, PaymentStatus.FAILED):
        return payment
    payment.status, payment.failure_message = PaymentStatus.FAILED, (message or "")[:500]
    payment.save(update_fields=["status", "failure_message", "updated_at"])
    return payment


def funding_sync(*, payment: Payment) -> Payment:
    """Ask the gateway whether an open checkout was paid (the return page does, in case the
    webhook is late)."""
    if payment.kind != PaymentKind.FUNDING or payment.status == PaymentStatus.SUCCEEDED:
        return payment
    if not payment.checkout_session_id:
        return payment
    checkout = get_gateway().retrieve_checkout(payment.checkout_session_id)
    if checkout.paid and checkout.charge_id:
        return funding_succeeded(payment_id=payment.pk, payment_intent_id=checkout.payment_intent_id,
                                 charge_id=checkout.charge_id, amount=payment.amount)
    return payment


def simulated_checkout_pay(*, actor: User, checkout_id: str) -> Payment:
    """Only for the simulated gateway: the client presses "Pay" on our stand-in checkout page."""
    payment = Payment.objects.select_related("escrow__booking").filter(checkout_session_id=checkout_id,
                                                                      simulated=True).first()
    if payment is None or not get_gateway().simulated:
        raise DomainError(_("This checkout does not exist."), code="missing")
    if actor.pk != payment.escrow.booking.client_id:
        raise PermissionDenied(_("Only the client of this booking pays into its escrow."))
    suffix = checkout_id.removeprefix("sim_cs_")
    return funding_succeeded(payment_id=payment.pk, payment_intent_id=f"sim_pi_{suffix}",
                             charge_id=f"sim_ch_{suffix}", amount=payment.amount)


# --- Release and refunds ----------------------------------------------------------------------------


def _capacity(funding: Payment) -> int:
    """What is left of one charge for transfers and refunds drawn on it."""
    used = sum(p.amount + p.fee for p in funding.derived.all()
               if p.kind in (PaymentKind.TRANSFER, PaymentKind.REFUND) and p.status != PaymentStatus.FAILED)
    return funding.amount - used


def _fundings(escrow: EscrowAccount, *, newest_first=False):
    order = "-pk" if newest_first else "pk"
    return list(Payment.objects.filter(escrow=escrow, kind=PaymentKind.FUNDING, status=PaymentStatus.SUCCEEDED)
                .prefetch_related("derived").order_by(order))


def release_blockers(booking: Booking) -> list[str]:
    """Why the escrow of a booking cannot be released now (empty when it can)."""
    escrow = EscrowAccount.objects.filter(booking=booking).first()
    reasons = []
    if booking.status != BookingStatus.COMPLETED:
        reasons.append(_("The booking is not completed."))
    if escrow is None:
        return [*reasons, _("Nothing was paid into escrow.")]
    if escrow.released_at:
        reasons.append(_("The escrow was already released."))
    if escrow.frozen:
        reasons.append(_("A dispute is open: the money stays in escrow until it is decided."))
    account = ConnectedAccount.objects.filter(user_id=booking.freelancer_id).first()
    if account is None or not account.ready:
        reasons.append(_("The freelancer has not finished setting up payouts; the release waits for it."))
    figures_now = figures(booking, escrow)
    if figures_now.held < figures_now.earned - figures_now.released:
        reasons.append(_("The approved work (%(earned)s) is more than the escrow holds (%(held)s): the client "
                         "pays in the difference first.") % {
            "earned": format_money(figures_now.earned, booking.currency),
            "held": format_money(figures_now.held, booking.currency)})
    return reasons


def escrow_release(*, booking: Booking, actor: User | None = None) -> list[Payment]:
    """Pay the freelancer what they earned, minus the platform fee, and refund the client
    whatever was paid in and not earned. Decided once under the escrow's lock: twenty
    simultaneous requests make one set of transfers; the gateway is called after commit."""
    if actor is not None and actor.pk != booking.client_id:
        raise PermissionDenied(_("Only the client can release the escrow early."))
    with transaction.atomic():
        escrow = EscrowAccount.objects.select_for_update().filter(booking=booking).first()
        booking = Booking.objects.get(pk=booking.pk)
        if escrow is not None and escrow.released_at:
            return list(escrow.payments.filter(kind__in=[PaymentKind.TRANSFER, PaymentKind.REFUND])
                        .exclude(status=PaymentStatus.FAILED))
        blockers = release_blockers(booking)
        if blockers:
            raise DomainError(" ".join(blockers), code="release")
        account = ConnectedAccount.objects.get(user_id=booking.freelancer_id)
        now_figures = figures(booking, escrow)
        # After a transfer failed for good, only what it took is back in escrow: release that.
        release_total = now_figures.earned - now_figures.released
        fee_total = platform_fee(now_figures.earned, escrow.currency) - now_figures.fees
        payments = _allocate_release(escrow, release_total, fee_total, account)
        leftover = now_figures.held - release_total
        if leftover > 0:
            payments += _allocate_refund(escrow, leftover, reason="leftover")
        escrow.released_at = timezone.now()
        escrow.save(update_fields=["released_at", "updated_at"])
        for payment in payments:
            transaction.on_commit(lambda pk=payment.pk: _enqueue_execute(pk))
        notify(recipient=booking.freelancer, kind=NotificationKind.ESCROW_RELEASED,
               event_key=f"escrow:{escrow.pk}:released",
               title=_("%(amount)s is on its way to you for “%(title)s”")
               % {"amount": format_money(release_total - fee_total, escrow.currency), "title": booking.title},
               body=_("Earned %(earned)s, Valund's fee %(fee)s.") % {
                   "earned": format_money(release_total, escrow.currency),
                   "fee": format_money(fee_total, escrow.currency)},
               url=booking.get_absolute_url())
    return payments


def _allocate_release(escrow, release_total: int, fee_total: int, account: ConnectedAccount) -> list[Payment]:
    """Split the release over the charges that funded the escrow (a transfer can only draw on
    one charge), the fee first; take each part out of escrow in the ledger."""
    payments, remaining, fee_left = [], release_total, fee_total
    for funding in _fundings(escrow):
        if remaining <= 0:
            break
        part = min(remaining, _capacity(funding))
        if part <= 0:
            continue
        fee = min(fee_left, part)
        transfer = part - fee
        key = f"booking:{escrow.booking_id}:release:{funding.pk}"
        earlier = Payment.objects.filter(source=funding, kind=PaymentKind.TRANSFER).count()
        if earlier:  # the earlier transfer from this charge failed: a new movement needs its own key
            key = f"{key}:{earlier + 1}"
        payment = None
        if transfer > 0:
            payment = Payment.objects.create(
                escrow=escrow, kind=PaymentKind.TRANSFER, amount=transfer, fee=fee, currency=escrow.currency,
                idempotency_key=key, source=funding, simulated=funding.simulated)
            payments.append(payment)
        ledger.post(escrow=escrow, kind=TxKind.RELEASE, key=f"{key}:allocated", payment=payment,
                    lines={Account.ESCROW: part, Account.PLATFORM_FEES: -fee, Account.FREELANCER_PAYABLE: -transfer},
                    description=f"Release to {account.stripe_id}")
        remaining -= part
        fee_left -= fee
    if remaining:
        raise ledger.LedgerError(f"Escrow {escrow.pk}: {remaining} of the release has no charge to draw on.")
    return payments


def _allocate_refund(escrow, total: int, *, reason: str) -> list[Payment]:
    payments, remaining = [], total
    count = Payment.objects.filter(escrow=escrow, kind=PaymentKind.REFUND).count()
    for funding in _fundings(escrow, newest_first=True):
        if remaining <= 0:
            break
        part = min(remaining, _capacity(funding))
        if part <= 0:
            continue
        count += 1
        key = f"booking:{escrow.booking_id}:refund:{count}"
        payment = Payment.objects.create(escrow=escrow, kind=PaymentKind.REFUND, amount=part,
                                         currency=escrow.currency, idempotency_key=key, source=funding,
                                         simulated=funding.simulated)
        ledger.post(escrow=escrow, kind=TxKind.REFUND, key=f"{key}:allocated", payment=payment,
                    lines={Account.ESCROW: part, Account.CLIENT_REFUNDABLE: -part}, description=reason)
        payments.append(payment)
        remaining -= part
    if remaining:
        raise ledger.LedgerError(f"Escrow {escrow.pk}: {remaining} of the refund has no charge to draw on.")
    return payments


def escrow_refund(*, booking: Booking, amount: int | None = None, reason: str = "") -> list[Payment]:
    """Give the client back what escrow holds (all of it, or `amount`), e.g. when a booking is
    cancelled or a dispute is decided so."""
    with transaction.atomic():
        escrow = EscrowAccount.objects.select_for_update().filter(booking=booking).first()
        if escrow is None:
            return []
        held = figures(booking, escrow).held
        amount = held if amount is None else amount
        if amount <= 0:
            return []
        if amount > held:
            raise DomainError(_("The escrow holds only %(held)s.") % {"held": format_money(held, escrow.currency)},
                              code="amount")
        payments = _allocate_refund(escrow, amount, reason=reason or "refund")
        for payment in payments:
            transaction.on_commit(lambda pk=payment.pk: _enqueue_execute(pk))
        notify(recipient=booking.client, kind=NotificationKind.ESCROW_REFUNDED,
               event_key=f"escrow:{escrow.pk}:refund:{payments[0].pk}",
               title=_("%(amount)s is being refunded to you for “%(title)s”")
               % {"amount": format_money(amount, escrow.currency), "title": booking.title},
               url=booking.get_absolute_url())
    return payments


def payment_execute(*, payment_id: int) -> Payment | None:
    """Carry out one allocated transfer or refund at the gateway, once. Raises
    GatewayUnavailable (the task retries with the same idempotency key) when there is no
    definitive answer."""
    with transaction.atomic():
        # Only the payment's row: PostgreSQL cannot lock the nullable side (source) of an outer join.
        payment = (Payment.objects.select_for_update(skip_locked=True, of=("self",))
                   .select_related("source", "escrow__booking")
                   .filter(pk=payment_id, status=PaymentStatus.PENDING).first())
        if payment is None:
            return None  # done already, failed, or another worker has it right now
        gateway = get_gateway()
        escrow = payment.escrow
        booking = escrow.booking
        metadata = {"payment": str(payment.pk), "booking": str(booking.pk)}
        try:
            if payment.kind == PaymentKind.TRANSFER:
                account = ConnectedAccount.objects.get(user_id=booking.freelancer_id)
                moved = gateway.create_transfer(
                    amount=payment.amount, currency=payment.currency, destination=account.stripe_id,
                    source_charge_id=payment.source.stripe_charge_id, transfer_group=_transfer_group(booking),
                    metadata=metadata, idempotency_key=payment.idempotency_key)
                lines = {Account.FREELANCER_PAYABLE: payment.amount, Account.STRIPE_CLEARING: -payment.amount}
                kind = TxKind.PAYOUT
            elif payment.kind == PaymentKind.REFUND:
                moved = gateway.create_refund(charge_id=payment.source.stripe_charge_id, amount=payment.amount,
                                              metadata=metadata, idempotency_key=payment.idempotency_key)
                lines = {Account.CLIENT_REFUNDABLE: payment.amount, Account.STRIPE_CLEARING: -payment.amount}
                kind = TxKind.REFUND_PAID
            elif payment.kind == PaymentKind.REVERSAL:
                moved = gateway.reverse_transfer(transfer_id=payment.source.stripe_id, amount=payment.amount,
                                                 metadata=metadata, idempotency_key=payment.idempotency_key)
                lines = {Account.STRIPE_CLEARING: payment.amount, Account.DISPUTE_LOSSES: -payment.amount}
                kind = TxKind.RECOVERED
            else:
                raise ValueError(f"Payment {payment.pk} of kind {payment.kind} is not executed here.")
        except GatewayError as exc:
            _undo_allocation(payment, exc.message)
            return payment
        payment.status, payment.stripe_id, payment.succeeded_at = PaymentStatus.SUCCEEDED, moved.id, timezone.now()
        payment.save(update_fields=["status", "stripe_id", "succeeded_at", "updated_at"])
        ledger.post(escrow=escrow, kind=kind, key=f"payment:{payment.pk}:succeeded", payment=payment, lines=lines,
                    description=moved.id)
    return payment


def _undo_allocation(payment: Payment, message: str) -> None:
    """The gateway definitively refused: put the money back in escrow with a reversing
    transaction, and let the release be decided again."""
    payment.status, payment.failure_message = PaymentStatus.FAILED, message[:500]
    payment.save(update_fields=["status", "failure_message", "updated_at"])
    escrow = EscrowAccount.objects.select_for_update().get(pk=payment.escrow_id)
    if payment.kind == PaymentKind.REVERSAL:
        # Nothing was allocated: the loss stays in dispute_losses, where it is reported.
        logger.warning("Reversal %s refused: %s; the loss stays recorded", payment.pk, message)
        return
    if payment.kind == PaymentKind.TRANSFER:
        lines = {Account.ESCROW: -(payment.amount + payment.fee), Account.PLATFORM_FEES: payment.fee,
                 Account.FREELANCER_PAYABLE: payment.amount}
        kind = TxKind.RELEASE_REVERSED
        escrow.released_at = None
        escrow.save(update_fields=["released_at", "updated_at"])
    else:
        lines = {Account.ESCROW: -payment.amount, Account.CLIENT_REFUNDABLE: payment.amount}
        kind = TxKind.REFUND_REVERSED
    ledger.post(escrow=escrow, kind=kind, key=f"payment:{payment.pk}:failed", payment=payment, lines=lines,
                description=message)
    logger.warning("Payment %s failed at the gateway: %s", payment.pk, message)


def _enqueue_execute(payment_id: int) -> None:
    from .tasks import execute_payment

    execute_payment(payment_id)


def _enqueue_release(booking_id: int) -> None:
    from .tasks import release_escrow

    release_escrow(booking_id)


# --- Reacting to the booking lifecycle --------------------------------------------------------------


def on_booking_changed(*, booking: Booking, action: str, to_status: str, **kwargs) -> None:
    """Called inside each booking transition's transaction (bookings.signals.booking_changed)."""
    escrow = EscrowAccount.objects.filter(booking=booking).first()
    if escrow is None:
        return
    if to_status == BookingStatus.CANCELLED:
        transaction.on_commit(lambda: escrow_refund(booking=booking, reason="cancelled"))
    elif to_status == BookingStatus.DISPUTED:
        _open_member_dispute(booking=booking, actor=kwargs.get("actor"))
    elif action == "confirmed":
        transaction.on_commit(lambda: _enqueue_release(booking.pk))


def due_for_auto_release(now):
    deadline = now - timezone.timedelta(days=settings.ESCROW_AUTO_RELEASE_DAYS)
    return Booking.objects.filter(status=BookingStatus.COMPLETED, completed_at__lte=deadline,
                                  escrow__released_at__isnull=True, escrow__frozen=False)


def due_for_release_reminder(now):
    days = settings.ESCROW_AUTO_RELEASE_DAYS - settings.ESCROW_RELEASE_REMINDER_DAYS_BEFORE
    deadline = now - timezone.timedelta(days=days)
    return Booking.objects.filter(status=BookingStatus.COMPLETED, completed_at__lte=deadline,
                                  escrow__released_at__isnull=True, escrow__frozen=False,
                                  escrow__release_reminded_at__isnull=True)


@transaction.atomic
def release_remind(*, booking: Booking, now=None) -> bool:
    escrow = EscrowAccount.objects.select_for_update().get(booking=booking)
    if escrow.release_reminded_at or escrow.released_at:
        return False
    escrow.release_reminded_at = now or timezone.now()
    escrow.save(update_fields=["release_reminded_at", "updated_at"])
    notify(recipient=booking.client, kind=NotificationKind.ESCROW_RELEASE_SOON,
           event_key=f"escrow:{escrow.pk}:release_reminder",
           title=_("The escrow for “%(title)s” is released to the freelancer in %(days)s days")
           % {"title": booking.title, "days": settings.ESCROW_RELEASE_REMINDER_DAYS_BEFORE},
           body=_("If something is wrong with the work, open a dispute before then."),
           url=booking.get_absolute_url())
    return True


# --- Disputes --------------------------------------------------------------------------------------

RESOLVE_PERMISSION = "payments.resolve_paymentdispute"


def can_resolve(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.has_perm(RESOLVE_PERMISSION))


def dispute_open(*, actor: User, booking: Booking, reason: str, description: str, evidence=()) -> PaymentDispute:
    """A party disputes the booking (in progress, or completed within the dispute window): the
    booking becomes disputed, the escrow freezes, and staff decide. Evidence files are checked
    and stored like passport documents."""
    from marketplace.bookings import services as booking_services

    if reason not in PaymentDispute.Reason.values:
        raise DomainError(_("Choose what the dispute is about."), code="reason")
    description = (description or "").strip()
    if not description:
        raise DomainError(_("Describe what went wrong, so staff can decide fairly."), code="description")
    if len(description) > 5000:
        raise DomainError(_("Keep the description to 5,000 characters."), code="description")
    evidence = list(evidence)
    if len(evidence) > 10:
        raise DomainError(_("Attach at most 10 files."), code="evidence")
    checked = [(upload, check_document(upload)) for upload in evidence]
    stored: list[str] = []
    try:
        with transaction.atomic():
            booking_services.booking_dispute(
                actor=actor, booking=booking,
                reason=f"{PaymentDispute.Reason(reason).label}: {description}")
            dispute = PaymentDispute.objects.filter(escrow__booking=booking, status=PaymentDispute.Status.OPEN,
                                                    source=PaymentDispute.Source.MEMBER).order_by("-pk").first()
            if dispute is None:  # no escrow yet: nothing was paid in
                escrow = escrow_for(booking)
                dispute = PaymentDispute.objects.create(escrow=escrow, opened_by=actor)
            dispute.reason, dispute.description = reason, description
            dispute.save(update_fields=["reason", "description", "updated_at"])
            for upload, check in checked:
                name = store_private("disputes", upload, check)
                stored.append(name)
                DisputeEvidence.objects.create(dispute=dispute, uploaded_by=actor, file=name,
                                               original_name=upload.name[:255], content_type=check.content_type,
                                               size=check.size, sha256=check.sha256)
    except BaseException:
        for name in stored:
            private_storage().delete(name)
        raise
    return dispute


def _open_member_dispute(*, booking: Booking, actor) -> None:
    """booking_changed → disputed: freeze the escrow and open the dispute record."""
    escrow = EscrowAccount.objects.select_for_update().get(booking=booking)
    escrow.frozen = True
    escrow.save(update_fields=["frozen", "updated_at"])
    if not escrow.disputes.filter(status=PaymentDispute.Status.OPEN, source=PaymentDispute.Source.MEMBER).exists():
        PaymentDispute.objects.create(escrow=escrow, opened_by=actor, description=booking.closed_reason[:5000])


def dispute_resolve(*, staff: User, dispute: PaymentDispute, outcome: str, note: str,
                    to_freelancer: int | None = None) -> PaymentDispute:
    """Staff decide a member's dispute: release all that is held to the freelancer, refund it
    all to the client, or split (`to_freelancer` of it released, the rest refunded). The fee is
    taken on what is released. Both parties are told, with the note."""
    if not can_resolve(staff):
        raise PermissionDenied(_("Only staff who resolve disputes may do this."))
    note = (note or "").strip()
    if not note:
        raise DomainError(_("Write a note to both parties explaining the decision."), code="note")
    if outcome not in (PaymentDispute.Outcome.RELEASE, PaymentDispute.Outcome.REFUND, PaymentDispute.Outcome.SPLIT):
        raise DomainError(_("Choose release, refund or split."), code="outcome")
    with transaction.atomic():
        dispute = PaymentDispute.objects.select_for_update().select_related("escrow__booking").get(pk=dispute.pk)
        if dispute.status != PaymentDispute.Status.OPEN:
            raise DomainError(_("This dispute was already decided."), code="resolved")
        if dispute.source != PaymentDispute.Source.MEMBER:
            raise DomainError(_("A chargeback is decided by the card network, not here."), code="chargeback")
        escrow = EscrowAccount.objects.select_for_update().get(pk=dispute.escrow_id)
        booking = escrow.booking
        held = figures(booking, escrow).held
        if outcome == PaymentDispute.Outcome.RELEASE:
            to_freelancer = held
        elif outcome == PaymentDispute.Outcome.REFUND:
            to_freelancer = 0
        elif to_freelancer is None or not 0 < to_freelancer < held:
            raise DomainError(_("For a split, release more than nothing and less than the %(held)s held.")
                              % {"held": format_money(held, escrow.currency)}, code="to_freelancer")
        to_client = held - to_freelancer
        payments = []
        if to_freelancer:
            account = ConnectedAccount.objects.filter(user_id=booking.freelancer_id).first()
            if account is None or not account.ready:
                raise DomainError(_("The freelancer has not finished setting up payouts; decide again once they "
                                    "have."), code="payouts")
            payments += _allocate_release(escrow, to_freelancer, platform_fee(to_freelancer, escrow.currency),
                                          account)
        if to_client:
            payments += _allocate_refund(escrow, to_client, reason=f"dispute {dispute.pk}")
        escrow.frozen = escrow.disputes.filter(status=PaymentDispute.Status.OPEN).exclude(pk=dispute.pk).exists()
        escrow.released_at = timezone.now()
        escrow.save(update_fields=["frozen", "released_at", "updated_at"])
        dispute.status, dispute.outcome, dispute.resolution_note = PaymentDispute.Status.RESOLVED, outcome, note
        dispute.to_freelancer, dispute.to_client = to_freelancer, to_client
        dispute.resolved_by, dispute.resolved_at = staff, timezone.now()
        dispute.save()
        for payment in payments:
            transaction.on_commit(lambda pk=payment.pk: _enqueue_execute(pk))
        for recipient in (booking.client, booking.freelancer):
            notify(recipient=recipient, kind=NotificationKind.DISPUTE_RESOLVED,
                   event_key=f"dispute:{dispute.pk}:resolved",
                   title=_("The dispute about “%(title)s” was decided: %(outcome)s")
                   % {"title": booking.title, "outcome": dispute.get_outcome_display()},
                   body=_("%(note)s\n\nTo the freelancer: %(released)s. To the client: %(refunded)s.") % {
                       "note": note, "released": format_money(to_freelancer, escrow.currency),
                       "refunded": format_money(to_client, escrow.currency)},
                   url=booking.get_absolute_url())
    return dispute


# --- Chargebacks -----------------------------------------------------------------------------------


def _funding_for_charge(charge_id: str) -> Payment | None:
    return Payment.objects.filter(kind=PaymentKind.FUNDING, stripe_charge_id=charge_id).select_related(
        "escrow__booking").first()


def chargeback_opened(*, stripe_dispute_id: str, charge_id: str, amount: int) -> PaymentDispute | None:
    """Stripe took `amount` back from the platform for a card dispute: record it, freeze what is
    still held, and tell staff and both parties."""
    funding = _funding_for_charge(charge_id)
    if funding is None:
        logger.warning("Chargeback %s on charge %s that funded no escrow", stripe_dispute_id, charge_id)
        return None
    with transaction.atomic():
        escrow = EscrowAccount.objects.select_for_update().get(pk=funding.escrow_id)
        dispute, created = PaymentDispute.objects.get_or_create(
            stripe_dispute_id=stripe_dispute_id,
            defaults={"escrow": escrow, "source": PaymentDispute.Source.CHARGEBACK, "amount": amount,
                      "description": _("Card chargeback on %(charge)s") % {"charge": charge_id}})
        if not created:
            return dispute
        escrow.frozen = True
        escrow.save(update_fields=["frozen", "updated_at"])
        ledger.post(escrow=escrow, kind=TxKind.DISPUTE_OPENED, key=f"stripe:{stripe_dispute_id}:opened",
                    lines={Account.STRIPE_CLEARING: -amount, Account.DISPUTED: amount},
                    description=f"Chargeback {stripe_dispute_id}")
        booking = escrow.booking
        for recipient in (booking.client, booking.freelancer):
            notify(recipient=recipient, kind=NotificationKind.DISPUTE_OPENED,
                   event_key=f"dispute:{dispute.pk}:opened",
                   title=_("The card payment for “%(title)s” is disputed with the bank") % {"title": booking.title},
                   body=_("The escrow is frozen until the bank decides."), url=booking.get_absolute_url())
    return dispute


def chargeback_closed(*, stripe_dispute_id: str, won: bool) -> PaymentDispute | None:
    """The bank decided. Won: the money comes back to the platform. Lost: what escrow still holds
    covers it; the rest is a loss, which we try to recover by reversing the freelancer's transfer."""
    with transaction.atomic():
        dispute = (PaymentDispute.objects.select_for_update().select_related("escrow__booking")
                   .filter(stripe_dispute_id=stripe_dispute_id).first())
        if dispute is None or dispute.status == PaymentDispute.Status.RESOLVED:
            return dispute
        escrow = EscrowAccount.objects.select_for_update().get(pk=dispute.escrow_id)
        amount = dispute.amount
        reversals = []
        if won:
            ledger.post(escrow=escrow, kind=TxKind.DISPUTE_WON, key=f"stripe:{stripe_dispute_id}:closed",
                        lines={Account.STRIPE_CLEARING: amount, Account.DISPUTED: -amount})
            dispute.outcome = PaymentDispute.Outcome.CHARGEBACK_WON
        else:
            covered = min(amount, figures(escrow.booking, escrow).held)
            loss = amount - covered
            ledger.post(escrow=escrow, kind=TxKind.DISPUTE_LOST, key=f"stripe:{stripe_dispute_id}:closed",
                        lines={Account.DISPUTED: -amount, Account.ESCROW: covered, Account.DISPUTE_LOSSES: loss})
            dispute.outcome, dispute.to_client = PaymentDispute.Outcome.CHARGEBACK_LOST, amount
            if loss:
                reversals = _allocate_reversals(escrow, loss, stripe_dispute_id)
        dispute.status, dispute.resolved_at = PaymentDispute.Status.RESOLVED, timezone.now()
        dispute.save()
        escrow.frozen = escrow.disputes.filter(status=PaymentDispute.Status.OPEN).exists()
        escrow.save(update_fields=["frozen", "updated_at"])
        for payment in reversals:
            transaction.on_commit(lambda pk=payment.pk: _enqueue_execute(pk))
    return dispute


def _allocate_reversals(escrow, loss: int, stripe_dispute_id: str) -> list[Payment]:
    """Ask for `loss` back from the transfers made for this escrow, newest first."""
    payments, remaining = [], loss
    transfers = Payment.objects.filter(escrow=escrow, kind=PaymentKind.TRANSFER, status=PaymentStatus.SUCCEEDED)
    for transfer in transfers.order_by("-pk"):
        already = transfer.derived.filter(kind=PaymentKind.REVERSAL).exclude(status=PaymentStatus.FAILED).aggregate(
            total=Sum("amount"))["total"] or 0
        part = min(remaining, transfer.amount - already)
        if part <= 0:
            continue
        payments.append(Payment.objects.create(
            escrow=escrow, kind=PaymentKind.REVERSAL, amount=part, currency=escrow.currency, source=transfer,
            idempotency_key=f"booking:{escrow.booking_id}:reversal:{stripe_dispute_id}:{transfer.pk}",
            simulated=transfer.simulated))
        remaining -= part
        if remaining <= 0:
            break
    return payments


# --- Saved payment methods -------------------------------------------------------------------------


def _saved_methods_customer(user: User) -> Customer | None:
    """The client's Customer at the gateway in use: one made while payments were simulated
    means nothing to Stripe, and the other way round."""
    return Customer.objects.filter(user=user, simulated=get_gateway().simulated).first()


def payment_methods_sync(*, user: User) -> list[SavedPaymentMethod]:
    """Make our copy of the cards saved on the client's Customer match the gateway's: new cards
    added, changed ones updated, those the gateway no longer has removed. Checkout saves the
    card it charged (setup_future_usage), so this runs after each funding through checkout,
    and when the client asks for a refresh."""
    customer = _saved_methods_customer(user)
    if customer is None:
        return []
    cards = get_gateway().list_payment_methods(customer.stripe_id)
    with transaction.atomic():
        customer = Customer.objects.select_for_update().get(pk=customer.pk)
        customer.payment_methods.exclude(stripe_id__in=[card.id for card in cards]).delete()
        for card in cards:
            SavedPaymentMethod.objects.update_or_create(stripe_id=card.id, defaults={
                "customer": customer, "brand": card.brand[:20], "last4": card.last4[:4],
                "exp_month": card.exp_month, "exp_year": card.exp_year})
    return list(customer.payment_methods.order_by("pk"))


def _payment_methods_after_funding(payment_id: int) -> None:
    """After a funding through checkout, the card it saved shows up. Never fails the funding:
    the next refresh or funding tries again."""
    payment = Payment.objects.select_related("escrow__booking__client").filter(pk=payment_id).first()
    if payment is None or payment.simulated or not payment.checkout_session_id:
        return
    try:
        payment_methods_sync(user=payment.escrow.booking.client)
    except (GatewayError, GatewayUnavailable) as exc:
        logger.warning("Could not sync saved cards after payment %s: %s", payment_id, exc)


def saved_method_for(*, user: User, stripe_id: str) -> SavedPaymentMethod:
    """One of the client's own saved cards, or a refusal: a client never pays with a card id
    they typed in or found elsewhere."""
    method = (SavedPaymentMethod.objects.filter(stripe_id=stripe_id, customer__user=user,
                                                customer__simulated=get_gateway().simulated)
              .select_related("customer").first())
    if method is None:
        raise DomainError(_("That card is not one of your saved cards. Choose another, or pay through checkout."),
                          code="payment_method")
    return method


def payment_method_remove(*, user: User, method: SavedPaymentMethod) -> None:
    """Forget a saved card: detach it from the Customer at the gateway, then remove our copy.
    When the gateway refuses (the card is no longer attached there), our copy goes all the same."""
    if method.customer.user_id != user.pk:
        raise PermissionDenied(_("This is not one of your saved cards."))
    try:
        get_gateway().detach_payment_method(payment_method_id=method.stripe_id,
                                            idempotency_key=f"saved_method:{method.pk}:detach")
    except GatewayError as exc:
        logger.warning("Detaching %s refused (%s): removed here all the same", method.stripe_id, exc.message)
    except GatewayUnavailable as exc:
        raise DomainError(_("The payment service did not answer; the card is still saved. Try again in a "
                            "moment."), code="unavailable") from exc
    SavedPaymentMethod.objects.filter(pk=method.pk).delete()
