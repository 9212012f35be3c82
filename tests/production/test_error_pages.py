"""Friendly error pages, in the site's design, that say nothing about what failed: with DEBUG
off (the test settings), from the real handlers."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.production.csp import inline_code
from tests.production.urls_errors import SECRET

pytestmark = pytest.mark.django_db


def assert_friendly(response, status, heading):
    assert response.status_code == status
    html = response.content.decode()
    assert heading in html
    assert 'class="site-header"' in html and "/static/css/valund.css" in html  # the site's design
    assert SECRET not in html and "Traceback" not in html and "settings" not in html.lower()
    assert inline_code(html) == []
    return html


def test_404(client):
    assert_friendly(client.get("/en/no-such-page/"), 404, "We could not find that page")


def test_403_for_a_member_in_the_admin(client, logged_in, freelancer):
    logged_in(freelancer)

    assert_friendly(client.get("/admin/"), 403, "You do not have access to this page")


def test_403_for_an_expired_form():
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("account_login"), {"login": "a@example.com", "password": "x"})

    html = assert_friendly(response, 403, "This form has expired")
    assert "CSRF" not in html


def test_400_for_an_unknown_host(client):
    assert_friendly(client.get("/en/", HTTP_HOST="attacker.example"), 400, "We could not understand that request")


@pytest.mark.urls("tests.production.urls_errors")
def test_400_for_a_suspicious_request(client):
    assert_friendly(client.get("/fail/400/"), 400, "We could not understand that request")


@pytest.mark.urls("tests.production.urls_errors")
def test_500_says_nothing_about_the_error():
    client = Client(raise_request_exception=False)

    html = assert_friendly(client.get("/fail/500/"), 500, "Something went wrong on our side")
    assert "RuntimeError" not in html


@pytest.mark.urls("tests.production.urls_errors")
@pytest.mark.parametrize("path", ["/fail/database/", "/fail/database-wrapped/"])
def test_503_for_a_database_outage(path):
    """The real outage (PostgreSQL stopped under a running server) is in test_outages.py."""
    client = Client(raise_request_exception=False)

    response = client.get(path)

    html = assert_friendly(response, 503, "Valund is back in a moment")
    assert response["Retry-After"] == "30" and response["Cache-Control"] == "no-store"
    assert "OperationalError" not in html and "InterfaceError" not in html


@pytest.mark.urls("tests.production.urls_errors")
def test_429_page_is_the_sites(client, settings):
    settings.VALUND_RATE_LIMITS = {**settings.VALUND_RATE_LIMITS, "verification": "1/m/ip"}
    client.get("/en/verify/unknown-code/")

    assert_friendly(client.get("/en/verify/unknown-code/"), 429, "Please slow down a little")
