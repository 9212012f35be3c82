"""Money: integer minor units with a currency, never float. The one place for parsing,
rounding and formatting amounts."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.formats import number_format
from django.utils.translation import gettext as _

MINOR_UNITS = {"SEK": 100, "EUR": 100}
CURRENCY_CHOICES = [("SEK", "SEK"), ("EUR", "EUR")]


def to_minor(amount: Decimal | str | int, currency: str) -> int:
    """Convert a decimal major-unit amount to integer minor units, rounding half up."""
    try:
        value = Decimal(str(amount))
    except InvalidOperation as exc:
        raise ValueError(_("Enter an amount such as 650 or 650.50.")) from exc
    scaled = (value * MINOR_UNITS[currency]).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    return int(scaled)


def to_major(minor: int, currency: str) -> Decimal:
    return (Decimal(minor) / MINOR_UNITS[currency]).quantize(Decimal("0.01"))


def format_money(minor: int | None, currency: str) -> str:
    """Format for display in the active locale: '650 SEK', '1 250.50 EUR'."""
    if minor is None:
        return ""
    major = to_major(minor, currency)
    decimals = 0 if major == major.to_integral_value() else 2
    return f"{number_format(major, decimal_pos=decimals, use_l10n=True, force_grouping=True)} {currency}"


def minor_for_minutes(minutes: int, hourly_rate: int) -> int:
    """The price of `minutes` of work at `hourly_rate` (minor units per hour), in whole minor
    units, rounded half up. Callers add up the minutes first and round once, so a booking's
    amount never drifts by a cent per time log."""
    if minutes < 0 or hourly_rate < 0:
        raise ValueError("Minutes and rates are never negative.")
    whole, remainder = divmod(minutes * hourly_rate, 60)
    return whole + (1 if remainder * 2 >= 60 else 0)
