"""The platform fee: a percentage with a per-currency minimum, in integer minor units, rounded
half up, never more than the amount."""

import pytest

from marketplace.payments.fees import platform_fee


@pytest.fixture(autouse=True)
def ten_percent_with_a_minimum(settings):
    settings.PLATFORM_FEE_PERCENT = "10"
    settings.PLATFORM_FEE_MINIMUM = {"SEK": 5000, "EUR": 500}


@pytest.mark.parametrize(("amount", "fee"), [
    (91_845, 9_185),   # 9,184.5 → up
    (91_855, 9_186),   # 9,185.5 → up (banker's rounding would give 9,186 too)
    (91_865, 9_187),   # 9,186.5 → up (banker's rounding would give 9,186)
    (91_844, 9_184),   # 9,184.4 → down
    (91_846, 9_185),   # 9,184.6 → up
])
def test_the_percentage_is_rounded_half_up_to_a_whole_ore(amount, fee):
    assert platform_fee(amount, "SEK") == fee


def test_a_fractional_percentage_is_computed_exactly_not_in_floating_point(settings):
    settings.PLATFORM_FEE_MINIMUM = {}
    settings.PLATFORM_FEE_PERCENT = "2.5"
    assert platform_fee(1_020, "SEK") == 26  # 25.5 → 26
    assert platform_fee(1_018, "SEK") == 25  # 25.45 → 25
    settings.PLATFORM_FEE_PERCENT = 4.1  # a float in settings too: 1,500 × 4.1 % is 61.4999… in floating point
    assert platform_fee(1_500, "SEK") == 62  # 61.5 → 62


def test_the_minimum_applies_when_the_percentage_is_smaller():
    assert platform_fee(20_000, "SEK") == 5_000  # 10 % would be 2,000
    assert platform_fee(50_000, "SEK") == 5_000
    assert platform_fee(50_010, "SEK") == 5_001
    assert platform_fee(2_000, "EUR") == 500


def test_the_fee_is_never_more_than_the_amount():
    assert platform_fee(3_000, "SEK") == 3_000
    assert platform_fee(1, "EUR") == 1


def test_nothing_earned_costs_no_fee():
    assert platform_fee(0, "SEK") == 0


def test_a_negative_amount_is_refused():
    with pytest.raises(ValueError):
        platform_fee(-1, "SEK")


def test_a_currency_without_a_minimum_pays_only_the_percentage(settings):
    settings.PLATFORM_FEE_MINIMUM = {"EUR": 500}
    assert platform_fee(20_000, "SEK") == 2_000


def test_the_percentage_and_minimum_come_from_settings(settings):
    settings.PLATFORM_FEE_PERCENT = "12.5"
    settings.PLATFORM_FEE_MINIMUM = {"SEK": 20_000}
    assert platform_fee(1_000_000, "SEK") == 125_000
    assert platform_fee(100_000, "SEK") == 20_000
    settings.PLATFORM_FEE_PERCENT = 0
    settings.PLATFORM_FEE_MINIMUM = {}
    assert platform_fee(1_000_000, "SEK") == 0
