"""The payment gateway: Stripe when STRIPE_SECRET_KEY is set, otherwise a simulated one with
the same interface, so the services never know which is in use. Stripe's webhook deliveries
are checked here too (webhook_event), so nothing outside this package touches stripe."""

from functools import cache

from django.conf import settings

from .base import Gateway, GatewayError, GatewayUnavailable, WebhookRefused
from .simulated import SimulatedGateway
from .stripe import StripeGateway, webhook_event

__all__ = ["Gateway", "GatewayError", "GatewayUnavailable", "WebhookRefused", "get_gateway", "payments_simulated",
           "webhook_event"]


@cache
def _build(secret_key: str, api_base: str) -> Gateway:
    if secret_key:
        return StripeGateway(secret_key=secret_key, api_base=api_base or None)
    return SimulatedGateway()


def get_gateway() -> Gateway:
    return _build(settings.STRIPE_SECRET_KEY, getattr(settings, "STRIPE_API_BASE", ""))


def payments_simulated() -> bool:
    return not settings.STRIPE_SECRET_KEY
