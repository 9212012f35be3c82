"""pytest fixtures for the fake Stripe server (registered in tests/conftest.py through ``pytest_plugins``).

``fake_stripe_server`` starts one server for the session; ``fake_stripe`` hands it to a test with empty state;
``stripe_client`` is a ``stripe.StripeClient`` pointed at it. Code under test that builds its own client points it
at ``fake_stripe.url`` with the key ``TEST_API_KEY``.
"""

import pytest
import stripe

from .stripe_server import TEST_API_KEY, FakeStripe

WEBHOOK_SECRET = "whsec_test_valund_fake_stripe"


def make_stripe_client(fake: FakeStripe, *, max_network_retries: int = 2, **options) -> stripe.StripeClient:
    return stripe.StripeClient(
        options.pop("api_key", TEST_API_KEY),
        base_addresses={"api": fake.url, "connect": fake.url, "files": fake.url},
        max_network_retries=max_network_retries,
        **options,
    )


@pytest.fixture(scope="session")
def fake_stripe_server():
    with FakeStripe() as fake:
        yield fake


@pytest.fixture
def fake_stripe(fake_stripe_server):
    fake_stripe_server.reset()
    yield fake_stripe_server
    fake_stripe_server.reset()


@pytest.fixture
def stripe_client(fake_stripe):
    return make_stripe_client(fake_stripe)


@pytest.fixture
def fast_stripe_retries(monkeypatch):
    """Shrink the stripe library's retry back-off (0.5 s and up) so tests of retries stay fast."""
    monkeypatch.setattr(stripe.HTTPClient, "INITIAL_DELAY", 0.01)
    monkeypatch.setattr(stripe.HTTPClient, "MAX_DELAY", 0.02)
