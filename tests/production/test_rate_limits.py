"""Rate limits of the site's own pages: over the limit a visitor or member gets the friendly 429
page with Retry-After, and nobody else is affected: not another address, not another member,
not a member on the same address as a visitor who hit the limit."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from marketplace.core.ratelimit import Rate, parse_rates, rate_limited
from marketplace.passport.models import CompetenceDocument
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

ONE_ADDRESS = {"REMOTE_ADDR": "203.0.113.7"}
ANOTHER_ADDRESS = {"REMOTE_ADDR": "198.51.100.9"}


@pytest.fixture
def limits(settings):
    def set_limit(action, rates):
        settings.VALUND_RATE_LIMITS = {**settings.VALUND_RATE_LIMITS, action: rates}

    return set_limit


def assert_limited(response, *, window=60):
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= window
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "Please slow down a little" in html
    assert f"try again in {response['Retry-After']} second" in html


def test_visitor_searching_too_often_gets_429_and_another_address_does_not(client, page_tree, limits):
    limits("search", "3/m/ip,5/m/user")

    answers = [client.get("/en/freelancers/", {"q": f"welder {n}"}, **ONE_ADDRESS).status_code for n in range(3)]
    over = client.get("/en/freelancers/", {"q": "welder"}, **ONE_ADDRESS)
    elsewhere = client.get("/en/freelancers/", {"q": "welder"}, **ANOTHER_ADDRESS)

    assert answers == [200, 200, 200]
    assert_limited(over)
    assert elsewhere.status_code == 200


def test_members_are_counted_by_account_not_by_address(client, page_tree, limits, make_member, logged_in):
    limits("search", "2/m/ip,4/m/user")
    for _ in range(3):
        client.get("/en/freelancers/", **ONE_ADDRESS)  # a visitor on the member's address uses up its limit
    first, second = make_member(), make_member()

    logged_in(first)
    answers = [client.get("/en/freelancers/", **ONE_ADDRESS).status_code for _ in range(4)]
    over = client.get("/en/freelancers/", **ONE_ADDRESS)
    client.logout()
    logged_in(second)
    other_member = client.get("/en/freelancers/", **ONE_ADDRESS)

    assert answers == [200] * 4
    assert_limited(over)
    assert other_member.status_code == 200


def test_the_analytics_beacons_count_as_searches(client, page_tree, limits):
    limits("search", "1/m/ip")
    client.get("/en/freelancers/", **ONE_ADDRESS)

    response = client.post(
        reverse("search:click"), {"search": "8a3c1f0e-4b7d-4e55-9a51-2f0b9f3b6d10", "position": 1}, **ONE_ADDRESS
    )

    assert_limited(response)


def test_behind_a_proxy_visitors_are_told_apart_by_forwarded_address(client, page_tree, limits, settings):
    settings.VALUND_TRUSTED_PROXIES = 1
    limits("search", "1/m/ip")
    proxy = {"REMOTE_ADDR": "10.0.0.2"}

    first = client.get("/en/freelancers/", HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
    again = client.get("/en/freelancers/", HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
    someone_else = client.get("/en/freelancers/", HTTP_X_FORWARDED_FOR="198.51.100.9", **proxy)

    assert first.status_code == 200
    assert_limited(again)
    assert someone_else.status_code == 200


def test_uploads_are_limited_per_freelancer_and_only_when_posting(client, limits, freelancer, make_member,
                                                                  logged_in):
    limits("passport_upload", "2/h/user")
    logged_in(freelancer)
    url = reverse("passport:upload")

    posts = [client.post(url, {}).status_code for _ in range(2)]
    over = client.post(url, {})
    form = client.get(url)
    client.logout()
    logged_in(make_member())
    other_freelancer = client.post(url, {})

    assert posts == [200, 200]  # the empty form is shown again with its errors
    assert_limited(over, window=3600)
    assert form.status_code == 200
    assert other_freelancer.status_code == 200


def test_new_versions_share_the_upload_limit(client, limits, freelancer, logged_in, make_document):
    limits("passport_upload", "1/h/user")
    document = make_document(freelancer, status=CompetenceDocument.Status.REQUIRES_REVISION)
    logged_in(freelancer)
    client.post(reverse("passport:upload"), {})

    response = client.post(reverse("passport:new_version", args=[document.pk]), {})

    assert_limited(response, window=3600)


def test_verification_pages_are_limited_per_address(client, limits, make_document, freelancer, template):
    limits("verification", "2/m/ip")
    code = make_document(freelancer, template=template, status=CompetenceDocument.Status.APPROVED).verification_code

    page = client.get(reverse("passport:verify", args=[code]), **ONE_ADDRESS)
    qr = client.get(reverse("passport:verify_qr", args=[code]), **ONE_ADDRESS)
    over = client.get(reverse("passport:verify_json", args=[code]), **ONE_ADDRESS)
    elsewhere = client.get(reverse("passport:verify_json", args=[code]), **ANOTHER_ADDRESS)

    assert (page.status_code, qr.status_code) == (200, 200)
    assert_limited(over)
    assert elsewhere.status_code == 200


def test_allauth_answers_its_own_limits_with_the_same_page(client, settings, freelancer):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "1/m/ip"}
    url = reverse("account_login")
    client.post(url, {"login": freelancer.email, "password": PASSWORD})
    client.logout()

    response = client.post(url, {"login": freelancer.email, "password": PASSWORD})

    assert response.status_code == 429
    assert "Please slow down a little" in response.content.decode()


def test_every_limit_in_settings_parses_including_those_for_later_views(settings):
    for action in ("search", "passport_upload", "verification", "booking_request", "message", "attachment", "flag"):
        assert parse_rates(settings.VALUND_RATE_LIMITS[action]), action


def test_rates_are_written_as_allauth_writes_them():
    assert parse_rates("60/m/ip, 10/5m/user,1/d/ip") == [
        Rate(60, 60, "ip"), Rate(10, 300, "user"), Rate(1, 86400, "ip")
    ]
    for wrong in ("60/m", "60/w/ip", "60/m/key", "0/m/ip", "many/m/ip"):
        with pytest.raises(ImproperlyConfigured):
            parse_rates(wrong)


def test_a_limit_name_that_is_not_in_settings_fails_at_once():
    with pytest.raises(ImproperlyConfigured, match="no_such_limit"):
        rate_limited("no_such_limit")


def test_the_stripe_webhook_is_never_rate_limited(client, settings):
    settings.VALUND_RATE_LIMITS = {name: "1/m/ip" for name in settings.VALUND_RATE_LIMITS}

    answers = [client.post("/stripe/webhook/", b"{}", content_type="application/json", **ONE_ADDRESS).status_code
               for _ in range(3)]

    assert 429 not in answers
    assert answers[0] == answers[1] == answers[2]  # refused for its (missing) signature, every time
