"""The freelancer's payout set-up through the API, with real tokens: the state of the account
and the onboarding link, in the simulated gateway (no Stripe keys: completed through the
simulated onboarding endpoint) and with Stripe on the fake Stripe server (the link is Stripe
Connect's, the state asked of Stripe with refresh=true). Clients, visitors and a freelancer
whose address is not confirmed are refused; each freelancer sees their own account only."""

import pytest

from marketplace.payments.models import ConnectedAccount
from tests.fakes.stripe_fixture import WEBHOOK_SECRET
from tests.fakes.stripe_server import TEST_API_KEY

from .helpers import api_as

pytestmark = pytest.mark.django_db

PAYOUTS = "/api/v1/me/payouts/"
ONBOARDING = "/api/v1/me/payouts/onboarding/"
SIMULATED = "/api/v1/me/payouts/simulated-onboarding/"


@pytest.fixture
def no_stripe_keys(settings):
    settings.STRIPE_SECRET_KEY = ""
    settings.STRIPE_WEBHOOK_SECRET = ""


@pytest.fixture
def stripe_keys(settings, fake_stripe, fast_stripe_retries):
    settings.STRIPE_SECRET_KEY = TEST_API_KEY
    settings.STRIPE_API_BASE = fake_stripe.url
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    return fake_stripe


def test_a_freelancer_sets_up_payouts_in_the_simulated_gateway(no_stripe_keys, freelancer, make_member):
    api = api_as(freelancer)
    before = api.get(PAYOUTS)
    assert before.status_code == 200, before.content
    assert before.json() == {
        "set_up": False,
        "ready": False,
        "details_submitted": False,
        "charges_enabled": False,
        "payouts_enabled": False,
        "simulated": True,
    }
    link = api.post(ONBOARDING)
    assert link.status_code == 201, link.content
    body = link.json()
    assert body["simulated"] is True and body["url"].endswith("/payments/simulated/onboarding/")
    assert body["account"]["set_up"] is True and body["account"]["ready"] is False
    other = make_member(name="Other Freelancer")
    assert api_as(other).get(PAYOUTS).json()["set_up"] is False  # each sees their own account
    assert api_as(other).post(SIMULATED).status_code == 403  # no simulated account of theirs yet
    done = api.post(SIMULATED)
    assert done.status_code == 200, done.content
    assert done.json()["ready"] is True and done.json()["payouts_enabled"] is True
    assert api.get(PAYOUTS).json()["ready"] is True
    assert ConnectedAccount.objects.get(user=freelancer).simulated is True


def test_clients_visitors_and_unconfirmed_freelancers_are_refused(no_stripe_keys, client_user, make_member):
    for url, method in ((PAYOUTS, "get"), (ONBOARDING, "post"), (SIMULATED, "post")):
        assert getattr(api_as(client_user), method)(url).status_code == 404, url
        assert getattr(api_as(None), method)(url).status_code == 401, url
    unconfirmed = make_member(name="Not Yet Confirmed")
    api = api_as(unconfirmed)  # signed in, then the address is no longer confirmed (changed)
    unconfirmed.emailaddress_set.update(verified=False)
    refused = api.post(ONBOARDING)
    assert refused.status_code == 403 and refused.json()["code"] == "unverified", refused.content
    assert not ConnectedAccount.objects.exists()


def test_with_stripe_keys_the_link_is_stripe_connects_and_refresh_asks_stripe(stripe_keys, freelancer):
    api = api_as(freelancer)
    link = api.post(ONBOARDING)
    assert link.status_code == 201, link.content
    body = link.json()
    assert body["simulated"] is False and body["url"].startswith(stripe_keys.url)
    account = ConnectedAccount.objects.get(user=freelancer)
    assert account.simulated is False and account.stripe_id.startswith("acct_")
    assert api.post(SIMULATED).status_code == 404  # no simulated onboarding with a real gateway
    stripe_keys.complete_onboarding(account.stripe_id)  # the freelancer finished on Stripe's pages
    assert api.get(PAYOUTS).json()["ready"] is False  # not told yet: no webhook, no refresh
    refreshed = api.get(PAYOUTS, {"refresh": "true"})
    assert refreshed.status_code == 200, refreshed.content
    assert refreshed.json()["ready"] is True and refreshed.json()["simulated"] is False
    again = api.post(ONBOARDING)  # a new link for the same account, none made twice
    assert again.status_code == 201 and ConnectedAccount.objects.filter(user=freelancer).count() == 1
