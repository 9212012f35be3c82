"""Contract tests of the fake Stripe's connected accounts and their onboarding.

Through the real ``stripe`` library wherever the library can speak.
"""

import requests

from .stripe_checks import assert_stripe_shape

# -- accounts and onboarding -----------------------------------------------------------------------------------


def test_express_account_starts_without_onboarding(fake_stripe, stripe_client):
    account = stripe_client.v1.accounts.create(
        {"type": "express", "country": "SE", "email": "frida@example.com", "metadata": {"member": "3"},
         "capabilities": {"transfers": {"requested": True}}}
    )  # fmt: skip
    assert_stripe_shape(account, "account")
    assert account.id.startswith("acct_")
    assert (account.type, account.email, account.default_currency) == ("express", "frida@example.com", "sek")
    assert (account.details_submitted, account.charges_enabled, account.payouts_enabled) == (False, False, False)
    assert account.capabilities.to_dict() == {"transfers": "inactive"}
    assert account.metadata.to_dict() == {"member": "3"}
    assert_stripe_shape(stripe_client.v1.accounts.retrieve(account.id), "account")


def test_onboarding_through_the_account_link_enables_the_account(fake_stripe, stripe_client):
    account = stripe_client.v1.accounts.create({"type": "express", "capabilities": {"transfers": {"requested": True}}})
    link = stripe_client.v1.account_links.create(
        {"account": account.id, "type": "account_onboarding", "refresh_url": "https://valund.example/again",
         "return_url": "https://valund.example/back"}
    )  # fmt: skip
    assert_stripe_shape(link, "account_link")
    assert link.url == f"{fake_stripe.url}/_fake/onboarding/{account.id}"
    assert requests.get(link.url, timeout=5).status_code == 200
    finished = requests.post(link.url, allow_redirects=False, timeout=5)
    assert (finished.status_code, finished.headers["Location"]) == (303, "https://valund.example/back")

    account = stripe_client.v1.accounts.retrieve(account.id)
    assert (account.details_submitted, account.charges_enabled, account.payouts_enabled) == (True, True, True)
    assert account.capabilities.to_dict() == {"transfers": "active"}
    [event] = fake_stripe.events_of_type("account.updated")
    assert event["account"] == account.id
    assert event["data"]["previous_attributes"]["payouts_enabled"] is False
    assert_stripe_shape(event, "event")
