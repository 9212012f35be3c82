"""allauth's letters greet from the site's name, not from the host the member typed: before, a
member signing up at 127.0.0.1:8767 read "Hello from 127.0.0.1:8767!"."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from wagtail.models import Site

from marketplace.accounts.models import User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def sign_up_at(host: str) -> str:
    Client(HTTP_HOST=host).post(
        reverse("account_signup"),
        {
            "role": User.Role.CLIENT,
            "display_name": "Maja Berg",
            "company_name": "",
            "email": "maja@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    (letter,) = mail.outbox
    return letter.body


def test_the_letter_greets_from_valund_on_any_host(settings):
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    Site.objects.update(site_name="")

    body = sign_up_at("127.0.0.1:8767")

    assert body.startswith("Hello from Valund!")
    assert "127.0.0.1:8767!" not in body


def test_the_letter_greets_from_the_wagtail_sites_name(settings):
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    Site.objects.update(site_name="Valund Staging")

    assert sign_up_at("127.0.0.1:8767").startswith("Hello from Valund Staging!")
