"""Staff powers through the API need the second factor, as on the site: a support member who
gave the TOTP code at sign-in gets a token that opens a member's booking; a staff account
without TOTP signs in by password alone and its token opens nothing a member could not."""

import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from rest_framework.test import APIClient

from tests.conftest import PASSWORD

from .helpers import LOGIN

pytestmark = pytest.mark.django_db


def _support(make_staff, *, secret=None):
    staff = make_staff(groups=("Support",), second_factor=False)
    staff.set_password(PASSWORD)
    staff.save()
    EmailAddress.objects.create(user=staff, email=staff.email, primary=True, verified=True)
    if secret:
        TOTP.activate(staff, secret)
    return staff


def _bearer(token) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def test_a_token_signed_in_with_the_totp_code_carries_staff_powers(make_staff, in_progress):
    secret = generate_totp_secret()
    staff = _support(make_staff, secret=secret)
    app = APIClient()
    pending = app.post(LOGIN, {"email": staff.email, "password": PASSWORD}, format="json").json()
    app.credentials(HTTP_X_SESSION_TOKEN=pending["meta"]["session_token"])
    code = format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))
    signed_in = app.post("/api/auth/app/v1/auth/2fa/authenticate", {"code": code}, format="json")
    assert signed_in.status_code == 200, signed_in.content
    token = signed_in.json()["meta"]["access_token"]
    answer = _bearer(token).get(f"/api/v1/bookings/{in_progress.pk}/")
    assert answer.status_code == 200 and answer.json()["role"] == "staff"


def test_a_staff_password_alone_opens_nothing_private(make_staff, in_progress):
    staff = _support(make_staff)
    signed_in = APIClient().post(LOGIN, {"email": staff.email, "password": PASSWORD}, format="json")
    assert signed_in.status_code == 200
    token = signed_in.json()["meta"]["access_token"]
    assert _bearer(token).get(f"/api/v1/bookings/{in_progress.pk}/").status_code == 404
