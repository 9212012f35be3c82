"""Programs sign in through allauth's headless endpoints and use the access token on the API;
the tokens obey the site's rules: email verification, rotation of refresh tokens, logout and
password changes ending them, inactive accounts refused."""

import re

import pytest
from allauth.account.models import EmailAddress
from rest_framework.test import APIClient

from marketplace.accounts.models import User
from tests.conftest import PASSWORD

from .helpers import LOGIN, REFRESH, SESSION, api_as, sign_in

pytestmark = pytest.mark.django_db

BOOKINGS = "/api/v1/bookings/"


def bearer(token) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def test_a_member_signs_in_and_the_access_token_opens_the_api(client_user):
    tokens = sign_in(client_user)
    assert tokens["access_token"] and tokens["refresh_token"]
    assert bearer(tokens["access_token"]).get(BOOKINGS).status_code == 200


def test_a_visitor_is_asked_to_sign_in_with_a_problem(db):
    response = APIClient().get(BOOKINGS)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["status"] == 401


def test_a_forged_or_garbled_token_is_refused(client_user):
    access = sign_in(client_user)["access_token"]
    header, payload, signature = access.split(".")
    forged = f"{header}.{payload}.{signature[::-1]}"
    assert bearer(forged).get(BOOKINGS).status_code == 401
    assert bearer("not-a-token").get(BOOKINGS).status_code == 401


def test_a_wrong_password_gets_no_token(client_user):
    response = APIClient().post(LOGIN, {"email": client_user.email, "password": "wrong-password-1"}, format="json")
    assert response.status_code == 400
    assert "access_token" not in response.content.decode()


def test_an_unverified_address_gets_no_token_until_it_is_verified(make_member):
    member = make_member(verified=False)
    response = APIClient().post(LOGIN, {"email": member.email, "password": PASSWORD}, format="json")
    assert response.status_code == 401
    body = response.json()
    assert "access_token" not in body.get("meta", {})
    assert any(flow["id"] == "verify_email" and flow.get("is_pending") for flow in body["data"]["flows"])


def test_the_refresh_token_is_rotated_and_the_old_one_refused(client_user):
    tokens = sign_in(client_user)
    renewed = APIClient().post(REFRESH, {"refresh_token": tokens["refresh_token"]}, format="json")
    assert renewed.status_code == 200
    fresh = renewed.json()["data"]
    assert fresh["refresh_token"] != tokens["refresh_token"]
    assert bearer(fresh["access_token"]).get(BOOKINGS).status_code == 200
    replayed = APIClient().post(REFRESH, {"refresh_token": tokens["refresh_token"]}, format="json")
    assert replayed.status_code == 400


def test_logging_out_revokes_the_access_token(client_user):
    access = sign_in(client_user)["access_token"]
    assert bearer(access).delete(SESSION).status_code == 401  # allauth answers a logout with "not signed in"
    assert bearer(access).get(BOOKINGS).status_code == 401


def test_a_new_password_revokes_the_tokens_issued_before(client_user):
    tokens = sign_in(client_user)
    client_user.set_password("another-long-password-42")
    client_user.save()
    assert bearer(tokens["access_token"]).get(BOOKINGS).status_code == 401
    assert APIClient().post(REFRESH, {"refresh_token": tokens["refresh_token"]}, format="json").status_code == 400


def test_a_deactivated_account_is_refused_at_once(client_user):
    client = api_as(client_user)
    client_user.is_active = False
    client_user.save()
    assert client.get(BOOKINGS).status_code == 401


def test_staff_with_two_factor_must_give_the_code_before_getting_a_token(make_staff):
    staff = make_staff(superuser=True)
    staff.set_password(PASSWORD)
    staff.save()
    EmailAddress.objects.update_or_create(user=staff, email=staff.email, defaults={"primary": True, "verified": True})
    response = APIClient().post(LOGIN, {"email": staff.email, "password": PASSWORD}, format="json")
    assert response.status_code == 401
    body = response.json()
    assert "access_token" not in body.get("meta", {})
    assert any(flow["id"] == "mfa_authenticate" and flow.get("is_pending") for flow in body["data"]["flows"])


def test_a_program_signs_up_verifies_the_address_by_code_and_gets_its_tokens(db, mailoutbox):
    app = APIClient()
    signed_up = app.post(
        "/api/auth/app/v1/auth/signup",
        {
            "email": "new@example.com",
            "password": "a-long-password-42",
            "role": "freelancer",
            "display_name": "Nils Nyman",
        },
        format="json",
    )
    assert signed_up.status_code == 401, signed_up.content
    pending = signed_up.json()
    assert "access_token" not in pending["meta"]
    assert any(flow["id"] == "verify_email" and flow.get("is_pending") for flow in pending["data"]["flows"])
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", mailoutbox[-1].body, re.M).group(1)
    app.credentials(HTTP_X_SESSION_TOKEN=pending["meta"]["session_token"])
    assert app.post("/api/auth/app/v1/auth/email/verify", {"key": "WRON-GCOD"}, format="json").status_code == 400
    verified = app.post("/api/auth/app/v1/auth/email/verify", {"key": code}, format="json")
    assert verified.status_code == 200, verified.content
    access = verified.json()["meta"]["access_token"]
    assert bearer(access).get(BOOKINGS).status_code == 200
    member = User.objects.get(email="new@example.com")
    assert member.role == User.Role.FREELANCER and member.profile.display_name == "Nils Nyman"


def test_a_signup_without_the_role_is_refused_and_makes_no_account(db):
    response = APIClient().post(
        "/api/auth/app/v1/auth/signup", {"email": "new@example.com", "password": "a-long-password-42"}, format="json"
    )
    assert response.status_code == 400
    assert {error["param"] for error in response.json()["errors"]} >= {"role", "display_name"}
    assert not User.objects.filter(email="new@example.com").exists()


def test_the_sites_own_sign_in_pages_still_work(db):
    assert APIClient().get("/accounts/login/").status_code == 200
    assert APIClient().get("/accounts/signup/").status_code == 200


def test_expired_access_and_refresh_tokens_are_refused(client_user, settings):
    settings.HEADLESS_JWT_ACCESS_TOKEN_EXPIRES_IN = -10
    settings.HEADLESS_JWT_REFRESH_TOKEN_EXPIRES_IN = -10
    tokens = sign_in(client_user)
    assert bearer(tokens["access_token"]).get(BOOKINGS).status_code == 401
    assert APIClient().post(REFRESH, {"refresh_token": tokens["refresh_token"]}, format="json").status_code == 400
