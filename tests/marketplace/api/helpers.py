"""Signing in through the headless endpoints as a program does, and reading problems."""

import time

from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from rest_framework.test import APIClient

from tests.conftest import PASSWORD

LOGIN = "/api/auth/app/v1/auth/login"
REFRESH = "/api/auth/app/v1/tokens/refresh"
SESSION = "/api/auth/app/v1/auth/session"


def sign_in(user, password=PASSWORD) -> dict:
    """The access and refresh tokens a program gets for `user`'s email and password."""
    response = APIClient().post(LOGIN, {"email": user.email, "password": password}, format="json")
    assert response.status_code == 200, response.content
    return response.json()["meta"]


def api_as(user) -> APIClient:
    """A client that sends `user`'s access token, obtained through the headless sign-in; a
    visitor's for None."""
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {sign_in(user)['access_token']}")
    return client


def api_as_staff(staff, *, second_factor=True) -> APIClient:
    """A client with the access token of `staff` (made with make_staff(second_factor=False)):
    signed in with the TOTP code (staff powers), or by password alone without one."""
    staff.set_password(PASSWORD)
    staff.save()
    EmailAddress.objects.get_or_create(user=staff, email=staff.email, defaults={"primary": True, "verified": True})
    if not second_factor:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {sign_in(staff)['access_token']}")
        return client
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    app = APIClient()
    pending = app.post(LOGIN, {"email": staff.email, "password": PASSWORD}, format="json").json()
    app.credentials(HTTP_X_SESSION_TOKEN=pending["meta"]["session_token"])
    code = format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))
    signed_in = app.post("/api/auth/app/v1/auth/2fa/authenticate", {"code": code}, format="json")
    assert signed_in.status_code == 200, signed_in.content
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {signed_in.json()['meta']['access_token']}")
    return client
