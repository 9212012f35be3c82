"""Property-based: random sequences of funding, approved time, start, completion, release,
refunds, disputes and their decisions, cancellations, in any order and repeated, on the
simulated gateway. After every step the ledger's invariants must hold, whatever was refused."""

import datetime
import itertools

import pytest
from django.contrib.auth.models import Permission
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marketplace.accounts.models import User
from marketplace.bookings import services as bookings
from marketplace.bookings.models import Booking, TimeLog
from marketplace.core.errors import DomainError
from marketplace.payments import selectors, services
from marketplace.payments.models import EscrowAccount, LedgerEntry, LedgerTransaction, Payment, PaymentDispute

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)

OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("fund"), st.none()),
        st.tuples(st.just("start"), st.none()),
        st.tuples(st.just("approve_time"), st.integers(min_value=1, max_value=24 * 60)),
        st.tuples(st.just("complete"), st.none()),
        st.tuples(st.just("release"), st.none()),
        st.tuples(st.just("refund"), st.integers(min_value=1, max_value=3_000_000)),
        st.tuples(st.just("dispute"), st.none()),
        st.tuples(st.just("resolve"), st.tuples(st.sampled_from(["release", "refund", "split"]),
                                               st.floats(min_value=0, max_value=1))),
        st.tuples(st.just("cancel"), st.none()),
    ),
    min_size=1, max_size=14,
)


def check_invariants(booking: Booking) -> None:
    escrow = EscrowAccount.objects.filter(booking=booking).first()
    if escrow is None:
        return
    for transaction in LedgerTransaction.objects.filter(escrow=escrow):
        assert transaction.entries.aggregate(total=Sum("amount"))["total"] == 0, transaction.key
    assert set(LedgerEntry.objects.filter(escrow=escrow).values_list("currency", flat=True)) <= {escrow.currency}
    money = selectors.figures(booking, escrow)
    assert money.held >= 0
    assert money.funded == money.held + money.released + money.refunded
    payments = Payment.objects.filter(escrow=escrow)
    paid_in = sum(p.amount for p in payments.filter(kind="funding", status="succeeded"))
    released = sum(p.amount + p.fee for p in payments.filter(kind="transfer").exclude(status="failed"))
    refunded = sum(p.amount for p in payments.filter(kind="refund").exclude(status="failed"))
    assert (paid_in, refunded) == (money.funded, money.refunded)
    # A release can be all fee (a tiny amount under the minimum fee) and have no transfer row.
    assert released <= money.released and money.released - released <= money.fees
    clearing = LedgerEntry.objects.filter(escrow=escrow, account="stripe_clearing").aggregate(
        total=Sum("amount"))["total"] or 0
    assert clearing >= 0, "more left the platform's balance than came in"


def make_world(make_member, today):
    n = next(_numbers)
    freelancer = make_member(User.Role.FREELANCER, email=f"prop-f{n}@example.com", hourly_rate=65_000)
    client = make_member(User.Role.CLIENT, email=f"prop-c{n}@example.com")
    staff = User.objects.create_user(email=f"prop-s{n}@example.com", password="x" * 12, role=User.Role.ADMIN)
    staff.user_permissions.add(Permission.objects.get(codename="resolve_paymentdispute"))
    staff = User.objects.get(pk=staff.pk)
    services.payout_account_link(user=freelancer, refresh_url="http://t/", return_url="http://t/")
    services.simulated_onboarding_complete(user=freelancer)
    booking = bookings.booking_request(client=client, freelancer=freelancer, title="Property", description="x",
                                       start_date=today, end_date=today + datetime.timedelta(days=3),
                                       expected_hours="8")
    booking = bookings.booking_accept(actor=freelancer, booking=booking)
    return booking, staff


def step(booking: Booking, staff: User, name: str, arg) -> None:
    booking.refresh_from_db()
    if name == "fund":
        payment = services.funding_start(actor=booking.client, booking=booking, success_url="http://t/",
                                         cancel_url="http://t/")
        services.simulated_checkout_pay(actor=booking.client, checkout_id=payment.checkout_session_id)
    elif name == "start":
        bookings.booking_start(actor=booking.freelancer, booking=booking)
    elif name == "approve_time":
        if booking.status != Booking.Status.IN_PROGRESS:
            raise DomainError("not in progress")
        TimeLog.objects.create(booking=booking, freelancer=booking.freelancer, date=booking.start_date, minutes=arg,
                               description="work", status=TimeLog.Status.APPROVED)
    elif name == "complete":
        bookings.booking_mark_done(actor=booking.freelancer, booking=booking)
        bookings.booking_confirm(actor=booking.client, booking=booking)
    elif name == "release":
        services.escrow_release(booking=booking)
    elif name == "refund":
        services.escrow_refund(booking=booking, amount=arg, reason="property")
    elif name == "dispute":
        services.dispute_open(actor=booking.client, booking=booking, reason="quality", description="property test")
    elif name == "resolve":
        outcome, fraction = arg
        dispute = PaymentDispute.objects.filter(escrow__booking=booking, status="open").first()
        if dispute is None:
            raise DomainError("no dispute")
        held = selectors.figures(booking).held
        services.dispute_resolve(staff=staff, dispute=dispute, outcome=outcome, note="decided",
                                 to_freelancer=int(held * fraction))
    elif name == "cancel":
        bookings.booking_cancel(actor=booking.client, booking=booking, reason="property")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(operations=OPERATIONS)
def test_the_ledger_invariants_hold_after_every_step(operations, make_member, today,
                                                      django_capture_on_commit_callbacks):
    booking, staff = make_world(make_member, today)
    for name, arg in operations:
        with django_capture_on_commit_callbacks(execute=True):
            try:
                step(booking, staff, name, arg)
            except DomainError:
                pass  # refused: the rules said no, and nothing may have changed
        check_invariants(booking)
