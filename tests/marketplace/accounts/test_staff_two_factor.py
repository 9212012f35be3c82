import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.urls import reverse

from marketplace.accounts.models import User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(make_member):
    user = make_member(User.Role.CLIENT, name="Signe Staff")
    User.objects.filter(pk=user.pk).update(is_staff=True, is_superuser=True, role=User.Role.ADMIN)
    user.refresh_from_db()
    return user


def current_code(secret):
    from allauth.mfa import app_settings

    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD))


def test_admin_login_goes_through_allauth(client):
    response = client.get("/admin/")

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_staff_without_two_factor_is_sent_to_set_it_up(client, logged_in, staff):
    logged_in(staff)

    response = client.get("/admin/pages/")

    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa_activate_totp"))


def test_staff_with_two_factor_must_give_a_code_and_then_reaches_the_admin(client, staff):
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)

    login = client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    assert login.status_code == 302
    assert login.url == reverse("mfa_authenticate")
    assert client.get("/admin/").status_code == 302  # not logged in until the code is given

    wrong = client.post(
        reverse("mfa_authenticate"), {"code": "000000" if current_code(secret) != "000000" else "111111"}
    )
    assert wrong.status_code == 200
    right = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert right.status_code == 302

    assert client.get("/admin/").status_code == 200


def test_members_are_not_forced_into_two_factor_but_may_switch_it_on(client, freelancer):
    client.post(reverse("account_login"), {"login": freelancer.email, "password": PASSWORD})
    assert client.get(reverse("accounts:dashboard")).status_code == 200

    # allauth asks for the password again before a second factor is added.
    first = client.get(reverse("mfa_activate_totp"))
    assert first.url.startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    secret = client.session["mfa.totp.secret"]
    response = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})

    assert response.status_code == 302
    assert Authenticator.objects.filter(user=freelancer, type=Authenticator.Type.TOTP).exists()


def test_members_cannot_open_the_admin(client, logged_in, freelancer):
    logged_in(freelancer)

    response = client.get("/admin/pages/")

    assert response.status_code == 403


def test_wagtails_own_login_form_cannot_be_used_to_skip_two_factor(client, staff):
    TOTP.activate(staff, generate_totp_secret())

    response = client.post("/admin/login/?next=/admin/", {"username": staff.email, "password": PASSWORD})

    assert response.status_code in (301, 302)
    assert response.url.startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session
