"""Reads for payment pages."""

from dataclasses import dataclass, field

from django.db.models import DateTimeField, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, ExtractYear
from django.http import Http404
from django.utils.functional import cached_property

from marketplace.bookings.models import Booking

from . import services
from .gateways import payments_simulated
from .models import ConnectedAccount, EscrowAccount, Payment, SavedPaymentMethod


@dataclass(frozen=True)
class EscrowSummary:
    figures: services.Figures
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
    figures = services.figures(booking, escrow)
    frozen = bool(escrow and escrow.frozen)
    released = bool(escrow and escrow.released_at)
    blockers = services.release_blockers(booking) if booking.status == Booking.Status.COMPLETED else []
    account = ConnectedAccount.objects.filter(user_id=booking.freelancer_id).first()
    can_fund = booking.status in services.FUNDABLE and figures.due > 0 and not frozen and not released
    return EscrowSummary(
        figures=figures, frozen=frozen, released=released, simulated=payments_simulated(),
        can_fund=can_fund, can_release=booking.status == Booking.Status.COMPLETED and not blockers,
        release_blockers=blockers, payout_ready=bool(account and account.ready),
        saved_methods=list(saved_methods(user_id=booking.client_id)) if can_fund else [],
    )


# --- Payment history and receipts ------------------------------------------------------------------

Kind = Payment.Kind
Status = Payment.Status
CLIENT_KINDS = (Kind.FUNDING, Kind.REFUND)
FREELANCER_KINDS = (Kind.TRANSFER, Kind.REVERSAL)
VIEW_ALL_PERMISSION = "payments.view_payment"


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
    payments = _dated(Payment.objects.all()) if user.has_perm(VIEW_ALL_PERMISSION) else payments_visible_to(user)
    payment = (payments.select_related("escrow__booking__client__profile", "escrow__booking__freelancer__profile",
                                       "source").filter(pk=pk).first())
    if payment is None:
        raise Http404
    return payment


def can_see_payment(user, *, kind: str, booking: Booking) -> bool:
    """Whether `user` may open the receipt of a payment of `kind` for `booking` (so a receipt
    links to the one it drew on only for those who may see it)."""
    if user.has_perm(VIEW_ALL_PERMISSION):
        return True
    return ((kind in CLIENT_KINDS and booking.client_id == user.pk)
            or (kind in FREELANCER_KINDS and booking.freelancer_id == user.pk))


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
