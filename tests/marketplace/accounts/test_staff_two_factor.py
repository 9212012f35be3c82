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
    assert client.get(reverse("dashboard:index")).status_code == 200

    # Signed in a moment ago, the member is not asked for the password again (the timeout's
    # other side is in test_staff_admin_entry.py).
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


def can_open_the_admin(client) -> bool:
    return client.get("/admin/").status_code == 200


def has_staff_powers(client) -> bool:
    """What the session gives the request's user (without the admin's pages, which a
    transactional test's emptied database lacks)."""
    return client.get(reverse("dashboard:index")).wsgi_request.user.has_staff_powers


# allauth announces a new factor on commit, which a real request reaches before its session is saved.
@pytest.mark.django_db(transaction=True)
def test_switching_totp_on_in_this_session_proves_the_factor(client, staff):
    client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    assert not has_staff_powers(client)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    client.get(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]

    client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})

    assert has_staff_powers(client)


def test_a_password_only_session_is_asked_for_the_code_and_gets_its_powers_with_it(client, staff):
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    client.force_login(staff, second_factor=False)

    response = client.get("/admin/pages/")
    assert response.status_code == 302 and response.url.startswith(reverse("mfa_reauthenticate"))
    client.post(reverse("mfa_reauthenticate"), {"code": current_code(secret)})

    assert can_open_the_admin(client)


@pytest.mark.django_db(transaction=True)
def test_switching_totp_off_takes_the_powers_away(client, staff):
    TOTP.activate(staff, generate_totp_secret())
    client.force_login(staff)
    assert has_staff_powers(client)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})

    client.post(reverse("mfa_deactivate_totp"))

    assert not Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()
    assert not has_staff_powers(client)


def test_a_staff_account_is_an_ordinary_member_until_the_code_is_given(client, staff):
    TOTP.activate(staff, generate_totp_secret())
    client.force_login(staff, second_factor=False)
    user = client.get(reverse("dashboard:index")).wsgi_request.user

    assert user.is_superuser and not user.has_staff_powers
    assert not user.has_perm("passport.review_competencedocument")
    assert not user.has_module_perms("passport") and user.get_all_permissions() == set()
    assert client.get(reverse("styleguide:index")).status_code == 404

    client.force_login(staff)
    user = client.get(reverse("dashboard:index")).wsgi_request.user
    assert user.has_staff_powers and user.has_perm("passport.review_competencedocument")
    assert client.get(reverse("styleguide:index")).status_code == 200


def test_a_user_loaded_outside_a_request_has_no_staff_powers(staff):
    TOTP.activate(staff, generate_totp_secret())
    loaded = User.objects.get(pk=staff.pk)

    assert loaded.is_staff_account and not loaded.has_staff_powers
    assert not loaded.has_perm("bookings.view_booking")
