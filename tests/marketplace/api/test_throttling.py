"""Per-token rate limits: each program's sign-in has its own budget (API_THROTTLE_RATES["token"]),
a second sign-in of the same member and another member keep theirs, visitors are counted by
address ("anon"); over the limit a 429 problem with Retry-After, and the window passes (the
throttle's clock moved on, no sleeping)."""

import pytest
from django.test import override_settings

from marketplace.api.throttling import TokenThrottle

from .helpers import api_as

pytestmark = pytest.mark.django_db

SMALL = {"token": "3/min", "anon": "2/min"}


class Clock:
    def __init__(self, now=1_000_000.0):
        self.now = now

    def __call__(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(TokenThrottle, "timer", clock)
    return clock


@override_settings(API_THROTTLE_RATES=SMALL)
def test_each_token_has_its_own_budget_and_the_window_passes(freelancer, client_user, clock):
    first, second, other = api_as(freelancer), api_as(freelancer), api_as(client_user)
    assert [first.get("/api/v1/me/").status_code for _ in range(3)] == [200, 200, 200]
    refused = first.get("/api/v1/me/")
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/problem+json" and refused.json()["status"] == 429
    assert int(refused["Retry-After"]) == 60
    # The same member signed in again (another program) and another member are not held back.
    assert second.get("/api/v1/me/").status_code == 200
    assert other.get("/api/v1/me/").status_code == 200
    clock.now += 30
    again = first.get("/api/v1/me/")
    assert again.status_code == 429 and int(again["Retry-After"]) == 30
    clock.now += 31
    assert first.get("/api/v1/me/").status_code == 200


@override_settings(API_THROTTLE_RATES=SMALL)
def test_visitors_are_counted_by_address(clock):
    visitor = api_as(None)
    assert [visitor.get("/api/v1/taxonomy/").status_code for _ in range(2)] == [200, 200]
    assert visitor.get("/api/v1/taxonomy/").status_code == 429
    elsewhere = api_as(None)
    assert elsewhere.get("/api/v1/taxonomy/", REMOTE_ADDR="192.0.2.7").status_code == 200
    clock.now += 61
    assert visitor.get("/api/v1/taxonomy/").status_code == 200
