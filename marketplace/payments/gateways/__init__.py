"""The payment gateway: Stripe when STRIPE_SECRET_KEY is set, otherwise a simulated one with
the same interface, so services.py never knows which is in use."""

from functools import cache

from django.conf import settings

from .base import Gateway, GatewayError, GatewayUnavailable  # noqa: F401


@cache
def _build(secret_key: str, api_base: str) -> Gateway:
    if secret_key:
        from .stripe import StripeGateway

        return StripeGateway(secret_key=secret_key, api_base=api_base or None)
    from .simulated import SimulatedGateway

    return SimulatedGateway()


def get_gateway() -> Gateway:
    return _build(settings.STRIPE_SECRET_KEY, getattr(settings, "STRIPE_API_BASE", ""))


def payments_simulated() -> bool:
    return not settings.STRIPE_SECRET_KEY
