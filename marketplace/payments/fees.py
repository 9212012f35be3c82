"""The platform fee. One place for the rule and its rounding.

fee = max(minimum, percentage × amount), computed in integer minor units and rounded half up
to a whole öre/cent (25.5 öre → 26 öre), and never more than the amount itself. The
freelancer receives amount − fee."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings


def platform_fee(amount: int, currency: str) -> int:
    if amount < 0:
        raise ValueError("Amounts are never negative.")
    if amount == 0:
        return 0
    percent = Decimal(str(settings.PLATFORM_FEE_PERCENT))
    proportional = int((Decimal(amount) * percent / 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
    minimum = settings.PLATFORM_FEE_MINIMUM.get(currency, 0)
    return min(amount, max(minimum, proportional))
