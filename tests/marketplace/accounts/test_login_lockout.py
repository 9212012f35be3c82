"""allauth's sign-in limits, answered the way tools expect: 429 with Retry-After, the seconds until
allauth lets the next try through, and for a locked account the same form and message as before.
The limits are allauth's own (ACCOUNT_RATE_LIMITS), counted by allauth in the cache."""

import time

import pytest
from django.urls import reverse

from marketplace.accounts.models import User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def log_in(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def retry_after(response) -> int:
    assert response.status_code == 429, response.status_code
    assert "Retry-After" in response, "a 429 without Retry-After"
    return int(response["Retry-After"])


def test_a_locked_account_answers_429_with_retry_after_and_the_same_form(client, freelancer):
    for i in range(5):
        assert log_in(client, freelancer.email, f"wrong-{i}").status_code == 200

    # allauth allows 5 failures per 5 minutes for one account; then even the right password is refused.
    response = log_in(client, freelancer.email, PASSWORD)

    assert 290 <= retry_after(response) <= 300
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "Too many failed login attempts" in html
    assert 'name="login"' in html and 'name="password"' in html
    assert "_auth_user_id" not in client.session


def test_retry_after_is_when_the_next_try_gets_through(client, freelancer, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "10/m/ip,2/3s/key"}
    log_in(client, freelancer.email, "wrong-1")
    log_in(client, freelancer.email, "wrong-2")

    wait = retry_after(log_in(client, freelancer.email, PASSWORD))
    assert 1 <= wait <= 3
    time.sleep(wait)

    assert log_in(client, freelancer.email, PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(freelancer.pk)


def test_failures_over_many_accounts_from_one_address_lock_that_address(client, make_member):
    members = [make_member(User.Role.CLIENT) for _ in range(11)]
    for member in members[:10]:
        assert log_in(client, member.email, "wrong").status_code == 200

    wait = retry_after(log_in(client, members[10].email, PASSWORD))

    assert 1 <= wait <= 60
    # Another address is not affected.
    assert client.post(reverse("account_login"), {"login": members[10].email, "password": PASSWORD},
                       REMOTE_ADDR="192.0.2.99").status_code == 302


@pytest.mark.parametrize(("action", "url", "data"), [
    ("login", "account_login", {"login": "nobody@example.com", "password": "wrong"}),
    ("signup", "account_signup", {"role": "client", "display_name": "Bot", "email": "bot@example.com",
                                  "password1": PASSWORD, "password2": PASSWORD}),
    ("reset_password", "account_reset_password", {"email": "nobody@example.com"}),
])
def test_every_allauth_limit_by_address_answers_with_retry_after(client, settings, action, url, data):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, action: "1/m/ip"}
    client.post(reverse(url), data)
    client.logout()

    response = client.post(reverse(url), data)

    assert 1 <= retry_after(response) <= 60
    assert "Please slow down a little" in response.content.decode()
