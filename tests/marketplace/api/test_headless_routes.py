"""allauth's headless endpoints as we mount them: no phone endpoints (members have no phone
numbers), and a body that is not JSON answered 400, not a crash."""

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("client_name", ["browser", "app"])
def test_the_phone_endpoints_are_not_mounted(client_name):
    assert reverse(f"headless:{client_name}:account:login")
    with pytest.raises(NoReverseMatch):
        reverse(f"headless:{client_name}:account:manage_phone")
    assert Client().get(f"/api/auth/{client_name}/v1/account/phone", follow=True).status_code == 404


@pytest.mark.parametrize("client_name", ["browser", "app"])
@pytest.mark.parametrize("path", ["auth/login", "auth/signup", "auth/password/request"])
def test_a_form_body_is_refused_as_bad_input_not_a_crash(client_name, path):
    client = Client(raise_request_exception=True)
    response = client.post(f"/api/auth/{client_name}/v1/{path}", data={"email": "a@example.com", "note": "x"})
    assert response.status_code == 400


def test_json_sign_in_still_answers():
    response = Client().post(
        "/api/auth/app/v1/auth/login",
        data={"email": "nobody@example.com", "password": "wrong-password-2026"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["status"] == 400
