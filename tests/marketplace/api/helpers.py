"""Signing in through the headless endpoints as a program does, and reading problems."""

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
