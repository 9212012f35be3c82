"""A Redis outage does not take the site down: with a real Redis (a private one, on its own
port) stopped, the public pages, sign-in and the rate limits work from each process's own
cache, /readyz says not ready, and everything is back on Redis by itself when it returns.

The cache settings are production's own for a REDIS_URL (read from the settings module in a
fresh interpreter, through tests/settings_runner.py), pointed at the private server."""

import time

import pytest
from django.core.cache import cache
from django.urls import reverse

from marketplace.search import services as search_services
from tests.conftest import PASSWORD
from tests.production.private_services import private_redis  # noqa: F401
from tests.settings_runner import settings_under

pytestmark = pytest.mark.django_db

RETRY_SECONDS = 0.3


@pytest.fixture(scope="module")
def production_cache_settings():
    """CACHES["default"] as production builds it from REDIS_URL, with the URL left to fill in."""
    return settings_under({"REDIS_URL": "redis://placeholder:1/0"})["cache"]


@pytest.fixture
def redis_cache(settings, private_redis, production_cache_settings):  # noqa: F811
    """The site's cache on the private Redis; a short pause between attempts while it is down,
    so the tests need not wait the production's seconds for the return to be noticed."""
    config = {**production_cache_settings, "LOCATION": private_redis.url}
    config["OPTIONS"] = {**config.get("OPTIONS", {}), "retry_seconds": RETRY_SECONDS}
    settings.CACHES = {"default": config}  # Django's setting_changed drops the old cache objects
    return private_redis


@pytest.fixture
def site(page_tree, make_member):
    member = make_member(name="Anna Berg", headline="Certified welder", city="Göteborg", country="SE")
    search_services.rebuild()
    return {"profile": f"/en/freelancers/{member.profile.slug}/", "member": member}


def public_pages(site) -> dict[str, str]:
    return {
        "home": "/en/",
        "profile": site["profile"],
        "search": "/en/freelancers/?q=welder",
        "directory": "/en/freelancers/",
        "login": reverse("account_login"),
        "signup": reverse("account_signup"),
    }


def statuses(client, urls: dict[str, str]) -> dict[str, int]:
    return {name: client.get(url).status_code for name, url in urls.items()}


def wait_for_retry():
    time.sleep(RETRY_SECONDS * 1.5)


def test_pages_render_without_redis_and_come_back_to_it(client, redis_cache, site):
    urls = public_pages(site)
    every_page_ok = dict.fromkeys(urls, 200)
    assert statuses(client, urls) == every_page_ok
    assert client.get("/readyz").status_code == 200

    redis_cache.stop()
    assert statuses(client, urls) == every_page_ok  # the first call finds Redis gone
    assert statuses(client, urls) == every_page_ok  # and the next ones do not wait for it
    assert "Anna Berg" in client.get(urls["search"]).content.decode()
    assert client.get("/readyz").status_code == 503
    assert client.get("/readyz").json()["checks"]["cache"]["ok"] is False

    redis_cache.start()
    wait_for_retry()
    assert statuses(client, urls) == every_page_ok
    assert client.get("/readyz").status_code == 200
    assert cache.is_down is False
    assert cache._cache.get_client().dbsize() > 0  # the pages cache their lookups in Redis again


def test_members_sign_in_and_stay_signed_in_without_redis(client, redis_cache, site):
    """Sessions are in the database (not the cache), and allauth's sign-in limits count in the
    process's own cache meanwhile."""
    redis_cache.stop()

    response = client.post(reverse("account_login"), {"login": site["member"].email, "password": PASSWORD})

    assert response.status_code == 302
    assert client.get(reverse("dashboard:index")).status_code == 200


def test_rate_limits_hold_per_process_without_redis(client, settings, redis_cache, site):
    settings.VALUND_RATE_LIMITS = {**settings.VALUND_RATE_LIMITS, "verification": "2/m/ip"}
    redis_cache.stop()

    answers = [client.get("/en/verify/unknown-code/").status_code for _ in range(3)]

    assert answers[:2] == [404, 404] and answers[2] == 429


def test_failed_sign_ins_are_still_limited_without_redis(client, settings, redis_cache, site):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "3/m/ip"}
    redis_cache.stop()
    wrong = {"login": site["member"].email, "password": "not-the-password"}

    answers = [client.post(reverse("account_login"), wrong).content.decode() for _ in range(4)]

    assert not any("Too many failed login attempts" in html for html in answers[:3])
    assert "Too many failed login attempts" in answers[3]
