"""What happens when Stripe fails: the same idempotency key on every retry, so money moves once;
no answer leaves the payment pending for the task's retry; a definitive refusal puts the money
back in escrow for a later release."""

import datetime
import re

import pytest
from huey.contrib.djhuey import HUEY

from marketplace.core.errors import DomainError
from marketplace.payments import ledger, selectors, services
from marketplace.payments.models import Customer, EscrowAccount, LedgerEntry, LedgerTransaction, Payment

Account = LedgerEntry.Account
TxKind = LedgerTransaction.Kind
Status = Payment.Status
PRICE = 400_000
FEE = 40_000


@pytest.fixture
def completed(stripe_mode, life):
    """A fixed-price booking, funded, the freelancer onboarded, the work done and waiting for
    the client's confirmation (which releases the escrow)."""
    booking = life.accepted(pricing="fixed", fixed_price=PRICE)
    stripe_mode.onboard(booking.freelancer)
    stripe_mode.fund(booking)
    life.start(booking)
    return booking


def run_scheduled_retries():
    """What the Huey consumer does once a scheduled retry's time has come."""
    later = datetime.datetime.now(datetime.UTC).replace(tzinfo=None) + datetime.timedelta(hours=1)
    tasks = HUEY.read_schedule(later)
    for task in tasks:
        HUEY.execute(task, timestamp=later)
    return len(tasks)


def payouts(booking):
    return LedgerTransaction.objects.filter(escrow__booking=booking, kind=TxKind.PAYOUT)


def test_an_error_after_stripe_made_the_transfer_is_retried_with_the_same_key_and_transfers_once(
        stripe_mode, life, completed):
    fake = stripe_mode.fake
    fake.fail_after_processing(1, status=500, method="POST", path="/v1/transfers")

    life.confirm(completed)

    attempts = fake.requests_to("POST", "/v1/transfers")
    assert len(attempts) == 2 and attempts[0].status == 500 and attempts[1].replayed
    assert {a.idempotency_key for a in attempts} == {f"booking:{completed.pk}:release:"
                                                      f"{Payment.objects.get(kind='funding').pk}"}
    transfer, = fake.objects("transfer")
    payment = Payment.objects.get(kind=Payment.Kind.TRANSFER)
    assert (payment.status, payment.stripe_id, payment.amount) == (Status.SUCCEEDED, transfer["id"], PRICE - FEE)
    assert payouts(completed).count() == 1
    assert selectors.figures(completed).paid_out == PRICE - FEE


@pytest.mark.parametrize(("failures", "should_retry"), [(1, False), (4, None)],
                         ids=["stripe-says-do-not-retry", "every-library-retry-fails"])
def test_no_answer_leaves_the_transfer_pending_and_the_task_retry_sends_the_same_key(
        stripe_mode, life, completed, failures, should_retry):
    fake = stripe_mode.fake
    fake.fail_next(failures, 500, method="POST", path="/v1/transfers", should_retry=should_retry)

    life.confirm(completed)

    payment = Payment.objects.get(kind=Payment.Kind.TRANSFER)
    assert payment.status == Status.PENDING and payment.stripe_id == ""
    assert fake.objects("transfer") == [] and not payouts(completed).exists()
    # Allocated, not paid: the money is no longer held, and not yet out.
    money = selectors.figures(completed)
    assert (money.held, money.released, money.paid_out) == (0, PRICE, 0)
    assert len(fake.requests_to("POST", "/v1/transfers")) == failures

    assert run_scheduled_retries() == 1

    payment.refresh_from_db()
    transfer, = fake.objects("transfer")
    assert (payment.status, payment.stripe_id) == (Status.SUCCEEDED, transfer["id"])
    assert set(fake.idempotency_keys("POST", "/v1/transfers")) == {payment.idempotency_key}
    assert payouts(completed).count() == 1
    # A late duplicate of the task finds nothing left to do.
    assert services.payment_execute(payment_id=payment.pk) is None
    assert len(fake.objects("transfer")) == 1


def test_a_transfer_refused_for_good_puts_the_money_back_in_escrow_and_a_later_release_works(
        stripe_mode, life, completed):
    fake = stripe_mode.fake
    account = completed.freelancer.payout_account
    # Stripe disabled payouts; its account.updated has not reached us yet.
    disabled = fake.update_account(account.stripe_id, payouts_enabled=False)

    life.confirm(completed)

    failed = Payment.objects.get(kind=Payment.Kind.TRANSFER)
    assert failed.status == Status.FAILED and "capabilities" in failed.failure_message
    assert fake.objects("transfer") == []
    reversal = LedgerTransaction.objects.get(kind=TxKind.RELEASE_REVERSED)
    assert reversal.payment == failed
    money = selectors.figures(completed)
    assert (money.held, money.released, money.fees, money.funded) == (PRICE, 0, 0, PRICE)
    assert EscrowAccount.objects.get(booking=completed).released_at is None
    assert not payouts(completed).exists()

    # The events arrive: disabled, then enabled again, which lets the waiting release go.
    stripe_mode.deliver(disabled)
    assert any("setting up payouts" in reason for reason in selectors.release_blockers(completed))
    stripe_mode.deliver(fake.update_account(account.stripe_id, payouts_enabled=True))

    transfer, = fake.objects("transfer")
    assert transfer["amount"] == PRICE - FEE
    paid = Payment.objects.get(kind=Payment.Kind.TRANSFER, status=Status.SUCCEEDED)
    assert paid.stripe_id == transfer["id"] and paid.idempotency_key != failed.idempotency_key
    assert fake.get(transfer["id"])["destination"] == account.stripe_id
    money = selectors.figures(completed)
    assert (money.held, money.released, money.fees, money.paid_out) == (0, PRICE, FEE, PRICE - FEE)
    assert money.funded == money.held + money.released + money.refunded
    totals = ledger.balances(completed.escrow)
    assert totals[Account.FREELANCER_PAYABLE] == 0 and totals[Account.PLATFORM_FEES] == -FEE


def saved_card(stripe_mode, booking, card):
    """A card saved on the client's Stripe Customer, as Checkout saves one, and synced to us."""
    stripe_mode.checkout(booking)  # makes the client's Customer at Stripe
    customer = Customer.objects.get(user=booking.client)
    method = stripe_mode.fake.add_payment_method(customer.stripe_id, card=card)
    services.payment_methods_sync(user=booking.client)
    return method["id"]


def test_a_declined_saved_card_is_a_clear_error_and_writes_nothing_to_the_ledger(stripe_mode, life):
    booking = life.accepted()
    card = saved_card(stripe_mode, booking, "chargeDeclined")

    with pytest.raises(DomainError, match="declined") as refused:
        services.funding_start(actor=booking.client, booking=booking, success_url="http://testserver/ok",
                               cancel_url="http://testserver/no", payment_method_id=card)

    assert refused.value.code == "declined"
    payment = Payment.objects.get(idempotency_key=f"booking:{booking.pk}:funding:2")
    assert payment.status == Status.FAILED and "declined" in payment.failure_message
    assert stripe_mode.fake.idempotency_keys("POST", "/v1/payment_intents") == [payment.idempotency_key]
    assert not LedgerTransaction.objects.exists() and not LedgerEntry.objects.exists()
    assert selectors.figures(booking).due == booking.estimate


def test_a_saved_card_that_works_funds_the_escrow_at_once(stripe_mode, life):
    booking = life.accepted()
    card = saved_card(stripe_mode, booking, "visa")

    payment = services.funding_start(actor=booking.client, booking=booking, success_url="http://testserver/ok",
                                     cancel_url="http://testserver/no", payment_method_id=card)

    assert payment.status == Status.SUCCEEDED and payment.stripe_charge_id.startswith("ch_")
    intent = stripe_mode.fake.get(payment.stripe_id)
    assert (intent["amount_received"], intent["transfer_group"]) == (booking.estimate, f"booking-{booking.pk}")
    assert selectors.figures(booking).held == booking.estimate
    assert stripe_mode.fake.idempotency_keys("POST", "/v1/payment_intents") == [payment.idempotency_key]


def test_when_one_of_two_transfers_is_refused_only_its_part_is_released_again(stripe_mode, life):
    fake = stripe_mode.fake
    booking = life.accepted(expected_hours="2")
    stripe_mode.onboard(booking.freelancer)
    first = stripe_mode.fund(booking)
    life.start(booking)
    life.approve_time(booking, 180)  # 1,950 SEK earned, 1,300 SEK funded
    booking = life.confirm(booking)
    second = stripe_mode.fund(booking)
    fake.fail_next(1, 400, method="POST", path="/v1/transfers")  # the first charge's transfer: refused

    with stripe_mode.capture(execute=True):
        services.escrow_release(booking=booking, actor=booking.client)

    refused = Payment.objects.get(kind=Payment.Kind.TRANSFER, status=Status.FAILED)
    assert refused.source == first and refused.fee == 19_500
    transfer, = fake.objects("transfer")
    assert (transfer["source_transaction"], transfer["amount"]) == (second.stripe_charge_id, 65_000)
    money = selectors.figures(booking)
    assert (money.held, money.released, money.fees) == (130_000, 65_000, 0)
    assert selectors.release_blockers(booking) == []

    with stripe_mode.capture(execute=True):
        services.escrow_release(booking=booking, actor=booking.client)

    amounts = {t["source_transaction"]: t["amount"] for t in fake.objects("transfer")}
    assert amounts == {first.stripe_charge_id: 110_500, second.stripe_charge_id: 65_000}
    assert f"booking:{booking.pk}:release:{first.pk}:2" in fake.idempotency_keys("POST", "/v1/transfers")
    money = selectors.figures(booking)
    assert (money.held, money.released, money.fees, money.paid_out) == (0, 195_000, 19_500, 175_500)
    assert fake.objects("refund") == []


OUR_KEY = re.compile(r"^(booking:\d+|user:[0-9a-f-]{36}):[a-z]+(:\d+)?$")


def test_every_stripe_post_carries_an_idempotency_key_derived_from_our_records(stripe_mode, life):
    fake = stripe_mode.fake
    booking = life.accepted(expected_hours="2")
    stripe_mode.onboard(booking.freelancer)
    stripe_mode.fund(booking)
    life.start(booking)
    life.approve_time(booking, 60)
    life.confirm(booking)

    posts = [r for r in fake.requests if r.method == "POST"]
    assert {r.path for r in posts} == {"/v1/accounts", "/v1/account_links", "/v1/customers",
                                       "/v1/checkout/sessions", "/v1/transfers", "/v1/refunds"}
    # An account link is a fresh single-use URL each time: the library's own random key is right there.
    ours = [r for r in posts if r.path != "/v1/account_links"]
    assert [r.idempotency_key for r in ours if not OUR_KEY.match(r.idempotency_key or "")] == []
    keys = {r.path: r.idempotency_key for r in ours}
    funding = Payment.objects.get(kind=Payment.Kind.FUNDING)
    assert keys == {
        "/v1/accounts": f"user:{booking.freelancer_id}:account",
        "/v1/customers": f"user:{booking.client_id}:customer",
        "/v1/checkout/sessions": f"booking:{booking.pk}:funding:1",
        "/v1/transfers": f"booking:{booking.pk}:release:{funding.pk}",
        "/v1/refunds": f"booking:{booking.pk}:refund:1",
    }
    # And each is recorded on its Payment before the call.
    assert set(Payment.objects.values_list("idempotency_key", flat=True)) == {
        keys["/v1/checkout/sessions"], keys["/v1/transfers"], keys["/v1/refunds"]}
