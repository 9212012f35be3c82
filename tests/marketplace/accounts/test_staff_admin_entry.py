"""A staff member's way into the admin: signed in a moment ago, they are not asked for the
password again on the way (switching TOTP on, the recovery codes), and the recovery codes lead
on to the admin; once the sign-in is older than allauth's reauthentication timeout, the
sensitive two-factor steps ask again as allauth intends."""

import re
import time

import pytest
from allauth.account import app_settings as account_settings
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.urls import reverse

from marketplace.accounts.models import User
from marketplace.accounts.second_factor import signed_in_recently
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(make_member):
    user = make_member(User.Role.CLIENT, name="Signe Staff")
    User.objects.filter(pk=user.pk).update(is_staff=True, is_superuser=True, role=User.Role.ADMIN)
    user.refresh_from_db()
    return user


def code(secret):
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


def follow(client, url, data=None):
    """The URLs a browser would pass through from `url` (POSTing `data` there first)."""
    response = client.post(url, data) if data is not None else client.get(url)
    visited = [url]
    while response.status_code == 302:
        url = response.url
        response = client.get(url)
        visited.append(url)
    return visited, response


def age_the_sign_in(client, seconds):
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {**record, "at": record["at"] - seconds} for record in session[AUTHENTICATION_METHODS_SESSION_KEY]
    ]
    session.save()


def paths(urls):
    return [url.split("?")[0] for url in urls]


def activate_totp(client):
    """Switch TOTP on from its page as a member would, reading the secret the page shows."""
    html = client.get(reverse("mfa_activate_totp")).content.decode()
    secret = re.search(r'id="authenticator_secret"[^>]*value="([A-Z0-9]+)"', html).group(1)
    return follow(client, reverse("mfa_activate_totp"), {"code": code(secret)})


# allauth announces the new factor on commit, which a real request reaches before its session is saved.
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrated_data")  # Wagtail's root page, for the admin's menu
def test_a_new_staff_member_goes_from_the_password_to_totp_and_on_to_the_admin(client, staff):
    visited, page = follow(
        client, reverse("account_login") + "?next=/admin/", {"login": staff.email, "password": PASSWORD}
    )

    assert paths(visited)[-1] == reverse("mfa_activate_totp")
    assert reverse("account_reauthenticate") not in paths(visited)
    assert page.status_code == 200

    visited, page = activate_totp(client)

    assert paths(visited) == [reverse("mfa_activate_totp"), reverse("mfa_view_recovery_codes")]
    html = page.content.decode()
    assert f'<a class="button" href="{reverse("wagtailadmin_home")}">Continue to the admin</a>' in html
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_staff_with_totp_give_password_and_code_and_are_in_the_admin(client, staff):
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)

    visited, _ = follow(client, "/admin/")
    visited += follow(client, visited[-1], {"login": staff.email, "password": PASSWORD})[0]
    visited, page = follow(client, reverse("mfa_authenticate"), {"code": code(secret)})

    assert paths(visited) == [reverse("mfa_authenticate"), "/admin/"]
    assert page.status_code == 200
    # The two-factor settings open too: the sign-in a moment ago proved both factors.
    assert client.get(reverse("mfa_activate_totp")).url == reverse("mfa_deactivate_totp")
    assert client.get(reverse("mfa_deactivate_totp")).status_code == 200


def test_two_factor_steps_ask_again_once_the_sign_in_is_older_than_the_timeout(client, staff):
    follow(client, reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    age_the_sign_in(client, account_settings.REAUTHENTICATION_TIMEOUT + 1)

    response = client.get(reverse("mfa_activate_totp"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert client.get(reverse("mfa_activate_totp")).status_code == 200


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrated_data")  # Wagtail's root page, for the admin's menu
def test_recovery_codes_ask_again_for_an_old_sign_in(client, staff):
    follow(client, reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    activate_totp(client)
    age_the_sign_in(client, account_settings.REAUTHENTICATION_TIMEOUT + 1)

    response = client.get(reverse("mfa_view_recovery_codes"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))


def test_a_password_alone_is_not_a_recent_sign_in_for_an_account_with_totp(rf, staff):
    TOTP.activate(staff, generate_totp_secret())
    request = rf.get("/en/")
    request.session = {
        AUTHENTICATION_METHODS_SESSION_KEY: [{"method": "password", "at": time.time()}],
        "account_authentication_methods_user": str(staff.pk),
    }

    assert not signed_in_recently(request, staff)
    request.session[AUTHENTICATION_METHODS_SESSION_KEY].append({"method": "mfa", "at": time.time(), "type": "totp"})
    assert signed_in_recently(request, staff)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrated_data")  # Wagtail's root page, for the admin's menu
def test_members_are_led_from_their_recovery_codes_to_the_dashboard(client, freelancer):
    follow(client, reverse("account_login"), {"login": freelancer.email, "password": PASSWORD})

    _, page = activate_totp(client)

    html = page.content.decode()
    assert f'<a class="button" href="{reverse("dashboard:index")}">Continue to your dashboard</a>' in html
    assert "Continue to the admin" not in html
    assert html.count('class="form-actions"') == 1
