"""Confirming an address is one step: the email carries a code, never a link to a page with a
second "Confirm" button, and the code typed once on the page the member is already on confirms
the address and (at signup) signs them in on their dashboard. Why a code and not a link that
confirms on GET is in docs/accounts.md."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.urls import reverse

from marketplace.accounts.models import User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def signup(client, email, *, role, name="Maja Berg"):
    return client.post(
        reverse("account_signup"),
        {
            "role": role,
            "display_name": name,
            "company_name": "",
            "email": email,
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
        follow=True,
    )


def code_from(message) -> str:
    """The code alone on its line (allauth's format: four letters, a dash, four letters)."""
    return re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", message.body, re.M).group(1)


def links_in(message) -> list[str]:
    return re.findall(r"https?://\S+", message.body)


def test_a_new_member_confirms_with_the_emailed_code_in_one_step(client):
    page = signup(client, "maja@example.com", role=User.Role.FREELANCER)
    assert page.redirect_chain[-1][0] == reverse("account_email_verification_sent")
    (letter,) = mail.outbox

    assert not [link for link in links_in(letter) if "confirm-email" in link]
    answer = client.post(reverse("account_email_verification_sent"), {"code": code_from(letter)})

    assert answer.status_code == 302
    assert EmailAddress.objects.get(email="maja@example.com").verified
    assert SESSION_KEY in client.session
    # Straight on to the member's own page: no second confirmation on the way.
    landing = client.get(answer["Location"])
    assert landing.status_code == 200 and "Maja Berg" in landing.content.decode()


def test_an_address_added_later_is_confirmed_with_one_code_too(client, freelancer):
    client.post(reverse("account_login"), {"login": freelancer.email, "password": PASSWORD})
    added = client.post(reverse("account_email"), {"action_add": "", "email": "second@example.com"})
    assert added["Location"] == reverse("account_email_verification_sent")
    (letter,) = mail.outbox

    assert not [link for link in links_in(letter) if "confirm-email" in link]
    answer = client.post(reverse("account_email_verification_sent"), {"code": code_from(letter)})

    assert answer.status_code == 302
    assert EmailAddress.objects.get(email="second@example.com").verified
