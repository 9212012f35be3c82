"""Reads for payment pages and for the services: an escrow's money from the ledger, what stops
a release, the bookings the daily run looks at, and a member's payment history."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import DateTimeField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, ExtractYear
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from marketplace.bookings.models import Booking, TimeLog
from marketplace.core.money import format_money, minor_for_minutes

from .gateways import payments_simulated
from .models import (
    ConnectedAccount,
    DisputeEvidence,
    EscrowAccount,
    LedgerEntry,
    LedgerTransaction,
    Payment,
    PaymentDispute,
    SavedPaymentMethod,
)
from .rules import CLIENT_KINDS, FREELANCER_KINDS, can_resolve, can_see_all_payments, dispute_refusal

Account = LedgerEntry.Account
TxKind = LedgerTransaction.Kind
BookingStatus = Booking.Status

FUNDABLE = (BookingStatus.ACCEPTED, BookingStatus.IN_PROGRESS, BookingStatus.COMPLETED)


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


def ledger_totals(*, using: str = "default") -> dict:
    """The whole ledger in one read: each currency's balance per account (every currency's accounts
    sum to zero) and how many transactions and entries there are. A backup's manifest records it
    and a restore must give the same (marketplace/backups), so it reads any database alias."""
    entries = LedgerEntry.objects.using(using)
    rows = (entries.order_by().values_list("currency", "account")
            .annotate(total=Sum("amount")).order_by("currency", "account"))
    return {
        "balances": {f"{currency}:{account}": total for currency, account, total in rows},
        "transactions": LedgerTransaction.objects.using(using).count(),
        "entries": entries.count(),
    }




def bookings_to_fund(*, user) -> list[Booking]:
    """The client's accepted bookings whose escrow holds less than the estimate, soonest first,
    for the dashboard: one query (the escrow's balance summed in a subquery). An accepted booking
    has no approved time yet, so what it needs is its estimate (required_total)."""
    balance = (LedgerEntry.objects.filter(escrow__booking=OuterRef("pk"), account=Account.ESCROW)
               .order_by().values("escrow__booking").annotate(total=Sum("amount")).values("total"))
    bookings = (Booking.objects.filter(client=user, status=BookingStatus.ACCEPTED)
                .annotate(escrow_balance=Coalesce(Subquery(balance), 0)).order_by("start_date", "pk"))
    return [booking for booking in bookings if -booking.escrow_balance < booking.estimate]


def payouts_ready(*, user) -> bool:
    """Whether released escrow can reach the member's payout account."""
    account = ConnectedAccount.objects.filter(user=user).first()
    return bool(account and account.ready)


def payout_account(*, user) -> ConnectedAccount | None:
    """The freelancer's payout account (Stripe Express or its simulated stand-in), or None before
    onboarding started: the payouts page's state."""
    return ConnectedAccount.objects.filter(user=user).first()

# --- Release ---------------------------------------------------------------------------------------


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



# --- The escrow on the booking page ----------------------------------------------------------------


@dataclass(frozen=True)
class EscrowSummary:
    figures: Figures
    frozen: bool
    released: bool
    simulated: bool
    can_fund: bool
    can_release: bool
    release_blockers: list
    payout_ready: bool
    saved_methods: list = field(default_factory=list)


def escrow_summary(*, booking: Booking) -> EscrowSummary:
    escrow = EscrowAccount.objects.filter(booking=booking).first()
    money = figures(booking, escrow)
    frozen = bool(escrow and escrow.frozen)
    released = bool(escrow and escrow.released_at)
    blockers = release_blockers(booking) if booking.status == Booking.Status.COMPLETED else []
    account = ConnectedAccount.objects.filter(user_id=booking.freelancer_id).first()
    can_fund = booking.status in FUNDABLE and money.due > 0 and not frozen and not released
    return EscrowSummary(
        figures=money, frozen=frozen, released=released, simulated=payments_simulated(),
        can_fund=can_fund, can_release=booking.status == Booking.Status.COMPLETED and not blockers,
        release_blockers=blockers, payout_ready=bool(account and account.ready),
        saved_methods=list(saved_methods(user_id=booking.client_id)) if can_fund else [],
    )


# --- Payment history and receipts ------------------------------------------------------------------

Kind = Payment.Kind
Status = Payment.Status


def payments_visible_to(user) -> QuerySet[Payment]:
    """The payments a member may see: a client, the money they paid into the escrow of their
    bookings and what came back; a freelancer, what was transferred to them and taken back.
    The other party's side of the same booking stays theirs. Each row carries `date`: when the
    money moved, or when it was asked for if it has not."""
    if not (user and user.is_authenticated):
        return Payment.objects.none()
    return _dated(Payment.objects.filter(Q(escrow__booking__client=user, kind__in=CLIENT_KINDS)
                                         | Q(escrow__booking__freelancer=user, kind__in=FREELANCER_KINDS)))


def _dated(payments: QuerySet[Payment]) -> QuerySet[Payment]:
    return payments.annotate(date=Coalesce("succeeded_at", "created_at", output_field=DateTimeField()))


def history_kinds(user) -> list[tuple[str, str]]:
    """The kinds of payment a member's history can be filtered by, with their labels."""
    kinds = FREELANCER_KINDS if user.is_freelancer else CLIENT_KINDS
    return [(kind.value, kind.label) for kind in kinds]


@dataclass(frozen=True)
class PaymentTotals:
    """What the filtered payments add up to in one currency, counting only money that moved.
    Client: paid in and refunded. Freelancer: earned (before the fee), the fees, what was taken
    back after a chargeback, and what they received (earned − fees − reversed)."""

    currency: str
    paid_in: int
    refunded: int
    released: int
    fees: int
    reversed: int

    @property
    def earned(self) -> int:
        return self.released + self.fees

    @property
    def received(self) -> int:
        return self.released - self.reversed


class History:
    """A member's payments, newest first, filtered by kind and year. The totals of the filtered
    rows (one grouped aggregate) and the years there is anything for are read when asked for,
    so the CSV export costs one query. A kind the member cannot have is ignored rather than
    answered with an empty page."""

    def __init__(self, *, user, kind: str = "", year: int | None = None):
        self.kinds = history_kinds(user)
        self.kind = kind if kind in dict(self.kinds) else ""
        self.year = year
        self.visible = payments_visible_to(user)
        rows = self.visible
        if self.kind:
            rows = rows.filter(kind=self.kind)
        if year:
            rows = rows.filter(date__year=year)
        self.filtered = rows
        self.payments = rows.select_related("escrow__booking").order_by("-date", "-pk")

    @cached_property
    def totals(self) -> list[PaymentTotals]:
        return payment_totals(self.filtered)

    @cached_property
    def years(self) -> list[int]:
        years = self.visible.annotate(year=ExtractYear("date")).order_by().values_list("year", flat=True).distinct()
        return sorted(set(years), reverse=True)


def payment_history(*, user, kind: str = "", year: int | None = None) -> History:
    return History(user=user, kind=kind, year=year)


def payment_totals(payments: QuerySet[Payment]) -> list[PaymentTotals]:
    succeeded = Q(status=Status.SUCCEEDED)
    rows = (payments.order_by().values("currency").annotate(
        paid_in=Sum("amount", filter=succeeded & Q(kind=Kind.FUNDING), default=0),
        refunded=Sum("amount", filter=succeeded & Q(kind=Kind.REFUND), default=0),
        released=Sum("amount", filter=succeeded & Q(kind=Kind.TRANSFER), default=0),
        fees=Sum("fee", filter=succeeded & Q(kind=Kind.TRANSFER), default=0),
        reversed=Sum("amount", filter=succeeded & Q(kind=Kind.REVERSAL), default=0),
    ).order_by("currency"))
    return [PaymentTotals(**row) for row in rows]


def receipt_payment(*, user, pk: int) -> Payment:
    """One payment for its receipt: the member it belongs to sees it (a client their funding
    and refunds, a freelancer their transfers and reversals), staff with the view permission
    see any; everyone else gets a 404 and learns nothing."""
    payments = _dated(Payment.objects.all()) if can_see_all_payments(user) else payments_visible_to(user)
    payment = (payments.select_related("escrow__booking__client__profile", "escrow__booking__freelancer__profile",
                                       "source").filter(pk=pk).first())
    if payment is None:
        raise Http404
    return payment


# --- Saved payment methods -------------------------------------------------------------------------


def saved_methods(*, user_id: int) -> QuerySet[SavedPaymentMethod]:
    """The client's saved cards at the gateway in use."""
    return SavedPaymentMethod.objects.filter(customer__user_id=user_id,
                                             customer__simulated=payments_simulated()).order_by("pk")


def saved_method_for_owner(*, user, pk: int) -> SavedPaymentMethod:
    method = SavedPaymentMethod.objects.select_related("customer").filter(pk=pk, customer__user=user).first()
    if method is None:
        raise Http404
    return method


def open_dispute(*, booking: Booking) -> PaymentDispute | None:
    """The booking's open dispute opened by a party, with the opener's name, or None."""
    return (PaymentDispute.objects.filter(escrow__booking=booking, source=PaymentDispute.Source.MEMBER,
                                          status=PaymentDispute.Status.OPEN)
            .select_related("opened_by__profile").order_by("-created_at").first())


def dispute_booking_for_viewer(*, user, pk: int) -> Booking:
    """The booking whose disputes `user` may read and whose evidence they may open: its two
    parties, and staff who decide disputes (with their second factor, as has_perm asks); a 404
    for anyone else, who learns nothing."""
    booking = Booking.objects.select_related("client__profile", "freelancer__profile").filter(pk=pk).first()
    if booking is None or not (booking.is_party(user) or can_resolve(user)):
        raise Http404
    return booking


def booking_disputes(*, booking: Booking) -> list[PaymentDispute]:
    """The disputes a party opened about the booking, newest first, open or decided (with the
    amounts released and refunded, when, and the note to both parties), with their evidence;
    chargebacks, which the card network decides, are not among them."""
    return list(PaymentDispute.objects.filter(escrow__booking=booking, source=PaymentDispute.Source.MEMBER)
                .select_related("escrow__booking", "opened_by__profile").prefetch_related("evidence")
                .order_by("-created_at", "-pk"))


def dispute_evidence_get(*, booking: Booking, dispute_pk: int, pk: int) -> DisputeEvidence:
    """One file of evidence of one of the booking's member disputes (the opener's or the other
    party's answer); the caller has checked who may see the booking's disputes."""
    evidence = (DisputeEvidence.objects.select_related("dispute")
                .filter(pk=pk, dispute_id=dispute_pk, dispute__escrow__booking=booking,
                        dispute__source=PaymentDispute.Source.MEMBER).first())
    if evidence is None:
        raise Http404
    return evidence


def withheld_actions(booking: Booking) -> dict[str, str]:
    """The booking actions payments withholds, with why (bookings.steps.WITHHELD)."""
    refusal = dispute_refusal(EscrowAccount.objects.filter(booking=booking).first())
    return {"dispute": refusal} if refusal else {}
