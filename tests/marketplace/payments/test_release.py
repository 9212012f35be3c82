"""The whole money flow against the fake Stripe: Checkout funds the escrow, the webhook says so,
work starts, approved time is released to the freelancer by a transfer drawn on the funding
charge, the platform keeps its fee to the öre, and the unearned rest goes back to the client."""

import pytest

from marketplace.core.errors import DomainError
from marketplace.payments import ledger, selectors, services
from marketplace.payments.models import EscrowAccount, LedgerEntry, LedgerTransaction, Payment

Account = LedgerEntry.Account
Kind = Payment.Kind
Status = Payment.Status


def assert_ledger_matches_the_fake(booking, fake):
    """Every Payment we recorded is an object Stripe holds with the same amount, and the
    ledger's figures add up."""
    escrow = EscrowAccount.objects.get(booking=booking)
    money = selectors.figures(booking)
    assert money.funded == money.held + money.released + money.refunded
    fundings = escrow.payments.filter(kind=Kind.FUNDING, status=Status.SUCCEEDED)
    assert money.funded == sum(fake.get(p.stripe_charge_id)["amount"] for p in fundings)
    transfers = escrow.payments.filter(kind=Kind.TRANSFER, status=Status.SUCCEEDED)
    for payment in transfers:
        transfer = fake.get(payment.stripe_id)
        assert (transfer["amount"], transfer["source_transaction"]) == (payment.amount,
                                                                      payment.source.stripe_charge_id)
    assert money.paid_out == sum(p.amount for p in transfers) == sum(
        t["amount"] for t in fake.objects("transfer") if t["transfer_group"] == f"booking-{booking.pk}")
    refunds = escrow.payments.filter(kind=Kind.REFUND, status=Status.SUCCEEDED)
    for payment in refunds:
        refund = fake.get(payment.stripe_id)
        assert (refund["amount"], refund["charge"]) == (payment.amount, payment.source.stripe_charge_id)
    refunded_at_stripe = sum(fake.get(p.stripe_charge_id)["amount_refunded"] for p in fundings)
    assert refunded_at_stripe == sum(p.amount for p in refunds)
    if money.held == 0:
        assert money.refunded == refunded_at_stripe
    assert money.fees == sum(p.fee for p in transfers)
    totals = ledger.balances(escrow)
    # What stays on the platform's Stripe balance is exactly the fee.
    assert totals[Account.STRIPE_CLEARING] == money.funded - money.paid_out - refunded_at_stripe
    return money


def test_an_hourly_booking_is_funded_by_checkout_and_released_with_the_fee_to_the_ore(stripe_mode, life):
    fake = stripe_mode.fake
    booking = life.accepted(hourly_rate=61_230)  # 16 h expected: 9,796.80 SEK
    assert booking.estimate == 979_680
    account = stripe_mode.onboard(booking.freelancer)
    assert account.ready and account.stripe_id.startswith("acct_")

    with pytest.raises(DomainError, match="escrow holds 0 SEK"):
        life.start(booking)
    funding = stripe_mode.fund(booking)

    assert funding.status == Status.SUCCEEDED and funding.amount == 979_680
    assert funding.idempotency_key == f"booking:{booking.pk}:funding:1"
    charge = fake.get(funding.stripe_charge_id)
    assert (charge["amount"], charge["currency"], charge["status"]) == (979_680, "sek", "succeeded")
    assert charge["transfer_group"] == f"booking-{booking.pk}" and charge["payment_intent"] == funding.stripe_id
    assert selectors.figures(booking).held == 979_680
    life.start(booking)

    life.approve_time(booking, 90)  # 1.5 h at 612.30 SEK = 918.45 SEK
    booking = life.confirm(booking)

    # 10 % of 91,845 öre is 9,184.5: rounded half up to 9,185.
    transfer, = fake.objects("transfer")
    assert transfer["amount"] == 91_845 - 9_185 == 82_660
    assert transfer["currency"] == "sek"
    assert transfer["source_transaction"] == charge["id"]
    assert transfer["transfer_group"] == f"booking-{booking.pk}"
    assert transfer["destination"] == account.stripe_id
    assert fake.idempotency_keys("POST", "/v1/transfers") == [f"booking:{booking.pk}:release:{funding.pk}"]
    refund, = fake.objects("refund")
    assert (refund["charge"], refund["amount"], refund["status"]) == (charge["id"], 979_680 - 91_845, "succeeded")
    assert fake.get(charge["id"])["amount_refunded"] == 887_835

    paid = Payment.objects.get(kind=Kind.TRANSFER)
    assert (paid.status, paid.amount, paid.fee, paid.stripe_id, paid.source) == (
        Status.SUCCEEDED, 82_660, 9_185, transfer["id"], funding)
    returned = Payment.objects.get(kind=Kind.REFUND)
    assert (returned.status, returned.amount, returned.stripe_id) == (Status.SUCCEEDED, 887_835, refund["id"])
    money = assert_ledger_matches_the_fake(booking, fake)
    assert (money.funded, money.held, money.released, money.refunded, money.fees, money.paid_out) == (
        979_680, 0, 91_845, 887_835, 9_185, 82_660)
    totals = ledger.balances(booking.escrow)
    assert totals[Account.FREELANCER_PAYABLE] == totals[Account.CLIENT_REFUNDABLE] == totals[Account.ESCROW] == 0
    assert totals[Account.PLATFORM_FEES] == -9_185 and totals[Account.STRIPE_CLEARING] == 9_185
    assert EscrowAccount.objects.get(booking=booking).released_at is not None


def test_stripe_confirming_the_transfer_and_refund_by_webhook_changes_nothing(stripe_mode, life):
    fake = stripe_mode.fake
    booking = life.accepted()
    stripe_mode.onboard(booking.freelancer)
    stripe_mode.fund(booking)
    life.start(booking)
    life.approve_time(booking, 60)
    life.confirm(booking)
    rows = LedgerTransaction.objects.count()
    before = selectors.figures(booking)

    stripe_mode.deliver(*fake.events_of_type("transfer.created", "charge.refunded", "refund.created"))

    assert LedgerTransaction.objects.count() == rows
    assert selectors.figures(booking) == before


@pytest.mark.parametrize(("price", "fee"), [(1_234_567, 123_457), (30_000, 5_000)],
                         ids=["percentage-rounded-half-up", "minimum-fee"])
def test_a_fixed_price_booking_releases_the_price_minus_the_fee_and_refunds_nothing(stripe_mode, life, price, fee):
    fake = stripe_mode.fake
    booking = life.accepted(pricing="fixed", fixed_price=price)
    account = stripe_mode.onboard(booking.freelancer)
    funding = stripe_mode.fund(booking)
    assert funding.amount == price
    life.start(booking)

    life.confirm(booking)

    transfer, = fake.objects("transfer")
    assert (transfer["amount"], transfer["destination"], transfer["source_transaction"]) == (
        price - fee, account.stripe_id, funding.stripe_charge_id)
    assert fake.objects("refund") == []
    money = assert_ledger_matches_the_fake(booking, fake)
    assert (money.funded, money.released, money.refunded, money.fees, money.held) == (price, price, 0, fee, 0)


def test_approved_time_beyond_the_funded_estimate_is_paid_in_by_the_client_before_the_release(stripe_mode, life):
    fake = stripe_mode.fake
    booking = life.accepted(expected_hours="2")  # 2 h at 650 SEK
    stripe_mode.onboard(booking.freelancer)
    first = stripe_mode.fund(booking)
    assert first.amount == 130_000
    life.start(booking)
    life.approve_time(booking, 180)  # 3 h: 1,950 SEK

    booking = life.confirm(booking)

    assert fake.objects("transfer") == []
    assert EscrowAccount.objects.get(booking=booking).released_at is None
    assert any("pays in the difference" in reason for reason in selectors.release_blockers(booking))
    with pytest.raises(DomainError, match="pays in the difference"):
        services.escrow_release(booking=booking, actor=booking.client)
    assert selectors.figures(booking).due == 65_000

    second = stripe_mode.fund(booking)
    assert (second.amount, second.idempotency_key) == (65_000, f"booking:{booking.pk}:funding:2")
    assert second.stripe_charge_id != first.stripe_charge_id
    with stripe_mode.capture(execute=True):
        services.escrow_release(booking=booking, actor=booking.client)

    # Fee 10 % of 195,000 = 19,500, taken from the first charge; one transfer per charge.
    transfers = {t["source_transaction"]: t for t in fake.objects("transfer")}
    assert {charge: t["amount"] for charge, t in transfers.items()} == {
        first.stripe_charge_id: 130_000 - 19_500, second.stripe_charge_id: 65_000}
    assert sorted(fake.idempotency_keys("POST", "/v1/transfers")) == sorted(
        [f"booking:{booking.pk}:release:{first.pk}", f"booking:{booking.pk}:release:{second.pk}"])
    assert fake.objects("refund") == []
    money = assert_ledger_matches_the_fake(booking, fake)
    assert (money.funded, money.released, money.refunded, money.fees, money.paid_out, money.held) == (
        195_000, 195_000, 0, 19_500, 175_500, 0)
