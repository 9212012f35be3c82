"""Security headers on every public and member page, and no inline script or style in any of
them, so the strict Content Security Policy breaks nothing. HSTS, secure cookies and the HTTPS
redirect, which only production switches on, are checked under the production settings."""

import json
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.csp import build_policy

from marketplace.accounts.models import User
from marketplace.passport.models import CompetenceDocument
from tests.conftest import PASSWORD
from tests.production.csp import inline_code
from tests.settings_runner import PRODUCTION, run

pytestmark = pytest.mark.django_db

def assert_secure_headers(response, *, policy=None):
    assert response["Content-Security-Policy"] == build_policy(policy or settings.SECURE_CSP)
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_the_site_policy_allows_no_inline_code_and_no_framing():
    policy = build_policy(settings.SECURE_CSP)

    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert "script-src 'self';" in policy
    assert "style-src 'self';" in policy
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy


@pytest.fixture
def site(page_tree, freelancer, client_user, make_document, template, skills):
    approved = make_document(freelancer, template=template, status=CompetenceDocument.Status.APPROVED)
    waiting = make_document(freelancer)
    return {"freelancer": freelancer, "client": client_user, "approved": approved, "waiting": waiting}


def public_pages(site):
    freelancer = site["freelancer"]
    return [
        "/en/", "/en/about/", "/en/freelancers/", "/en/freelancers/?q=welder",
        f"/en/freelancers/{freelancer.profile.slug}/",
        reverse("passport:verify", args=[site["approved"].verification_code]),
        reverse("account_login"), reverse("account_signup"), reverse("account_reset_password"),
    ]


def member_pages(site):
    return {
        "freelancer": [
            reverse("dashboard:index"), reverse("accounts:profile_edit"), reverse("accounts:skills"),
            reverse("passport:index"), reverse("passport:upload"),
            reverse("passport:detail", args=[site["waiting"].pk]), reverse("passport:print"),
            reverse("search:saved_list"), reverse("account_email"),
            reverse("account_change_password"), reverse("mfa_index"), reverse("account_reauthenticate"),
        ],
        "client": [reverse("dashboard:index"), reverse("accounts:profile_edit"), reverse("search:saved_list")],
    }


def test_public_pages_send_the_security_headers_and_no_inline_code(client, site):
    for url in public_pages(site):
        response = client.get(url)

        assert response.status_code == 200, url
        assert_secure_headers(response)
        assert inline_code(response.content.decode()) == [], url


def test_member_pages_send_the_security_headers_and_no_inline_code(client, site, logged_in):
    for role, urls in member_pages(site).items():
        client.logout()
        logged_in(site[role])
        for url in urls:
            response = client.get(url)

            assert response.status_code == 200, (role, url)
            assert_secure_headers(response)
            assert inline_code(response.content.decode()) == [], (role, url)


def test_error_pages_send_the_security_headers(client, site):
    response = client.get("/en/no-such-page/")

    assert response.status_code == 404
    assert_secure_headers(response)
    assert inline_code(response.content.decode()) == []


def test_inline_code_is_found_when_there_is_some():
    """The control for the checks above."""
    html = '<p style="color:red">x</p><script>alert(1)</script><script type="application/ld+json">{}</script>'

    assert len(inline_code(html)) == 2


def test_wagtail_admin_gets_its_own_policy(client, make_staff, logged_in):
    staff = make_staff(superuser=True)
    logged_in(staff)

    response = client.get("/admin/")

    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert policy == build_policy(settings.SECURE_CSP_ADMIN)
    assert "script-src 'self' 'unsafe-inline'" in policy
    assert "frame-ancestors 'self'" in policy
    assert "object-src 'none'" in policy


def test_session_and_csrf_cookies_are_http_only_and_same_site(client, freelancer):
    form = client.get(reverse("account_login"))
    csrf = form.cookies["csrftoken"]
    response = client.post(reverse("account_login"), {"login": freelancer.email, "password": PASSWORD})

    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["httponly"] is True and session["samesite"] == "Lax"
    assert csrf["httponly"] is True and csrf["samesite"] == "Lax"
    assert User.objects.get(pk=freelancer.pk).last_login is not None


PRODUCTION_HEADERS = """
import json
import django
django.setup()
from django.test import Client

client = Client(SERVER_NAME="valund.example")
plain = client.get("/robots.txt")
secure = client.get("/robots.txt", secure=True)
print(json.dumps({
    "plain": [plain.status_code, plain.get("Location")],
    "secure": [secure.status_code, dict(secure.headers)],
}))
"""


def test_production_redirects_to_https_and_sends_hsts():
    result = run(["-c", PRODUCTION_HEADERS], {**PRODUCTION, "DATABASE_URL": "sqlite:///:memory:"})

    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["plain"] == [301, "https://valund.example/robots.txt"]
    status, headers = answer["secure"]
    assert status == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "script-src 'self';" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"


PRODUCTION_COOKIES = """
import json
import django
django.setup()
from django.conf import settings as s
print(json.dumps([s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE,
                  s.CSRF_COOKIE_SECURE, s.CSRF_COOKIE_HTTPONLY, s.SECURE_SSL_REDIRECT]))
"""


def test_production_cookies_are_secure():
    result = run(["-c", PRODUCTION_COOKIES], PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [True, True, "Lax", True, True, True]

