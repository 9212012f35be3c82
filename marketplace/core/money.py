"""Money: integer minor units with a currency, never float. The one place for parsing,
rounding and formatting amounts."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from marketplace.core.formats import style

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


# How each language writes an amount of each currency, as CLDR has it for the short form
# (Babel's data, without the dependency for two languages and two currencies): English keeps
# the code after the figure for kronor ("1,250 SEK", as Valund has always written it) and the
# sign before it for euros ("€95"); Swedish writes "1 250 kr" and "95 €". A language missing
# here writes "<amount> <code>".
CURRENCY_FORMATS = {
    "en": {"SEK": "{amount} SEK", "EUR": "€{amount}"},
    "sv": {"SEK": "{amount}\xa0kr", "EUR": "{amount}\xa0€"},
}


def format_number(value, decimal_pos: int | None = None) -> str:
    """A number as the active language writes it: "1,250.5" in English, "1 250,5" in Swedish
    (a no-break space between thousands, a decimal comma). Trailing zeros after the decimal
    point are dropped when `decimal_pos` is None: 7.50 hours reads "7.5"."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value))
    if decimal_pos is None:
        text = f"{number:f}"
        decimal_pos = len(text.split(".")[1].rstrip("0")) if "." in text else 0
    return number_format(number, decimal_pos=decimal_pos, use_l10n=True, force_grouping=True)


def format_money(minor: int | None, currency: str) -> str:
    """An amount for people, in the active language: '650 SEK', '€1,250.50' in English;
    '650 kr', '1 250,50 €' in Swedish. Whole amounts without decimals. Files for machines
    (CSV, the API) carry minor units and the currency code instead."""
    if minor is None:
        return ""
    major = to_major(minor, currency)
    decimals = 0 if major == major.to_integral_value() else 2
    amount = number_format(major, decimal_pos=decimals, use_l10n=True, force_grouping=True)
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    pattern = CURRENCY_FORMATS.get(language, {}).get(currency, "{amount} " + currency)
    return pattern.format(amount=amount)


def format_rate(minor: int | None, currency: str) -> str:
    """An hourly rate: '650 SEK per hour', '€95 per hour' in English; '1 250 kr/tim',
    '95 €/tim' in Swedish (the language's PER_HOUR_FORMAT)."""
    if minor is None:
        return ""
    return style("PER_HOUR_FORMAT", "{amount}/h").format(amount=format_money(minor, currency))


def format_hours(value) -> str:
    """A number of hours, short: '7.5 h' in English, '7,5 tim' in Swedish (HOURS_FORMAT)."""
    if value is None or value == "":
        return ""
    return style("HOURS_FORMAT", "{hours} h").format(hours=format_number(value))


def minor_for_minutes(minutes: int, hourly_rate: int) -> int:
    """The price of `minutes` of work at `hourly_rate` (minor units per hour), in whole minor
    units, rounded half up. Callers add up the minutes first and round once, so a booking's
    amount never drifts by a cent per time log."""
    if minutes < 0 or hourly_rate < 0:
        raise ValueError("Minutes and rates are never negative.")
    whole, remainder = divmod(minutes * hourly_rate, 60)
    return whole + (1 if remainder * 2 >= 60 else 0)
