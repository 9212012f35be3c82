"""Public pages at the speed of a cache (marketplace/core/pagecache.py, pages/purge.py): a
visitor's page is the same bytes for everyone, sets no cookie and is shared (Cache-Control
public, ETag, 304); Django's cache keeps it under a key that keeps fragments, hosts and
languages apart; every change to what a page shows retires it; members' pages stay private."""

import datetime
import time
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from marketplace.accounts.models import Skill, SkillCategory, User, UserSkill
from marketplace.core import pagecache
from marketplace.passport.models import CompetenceDocument
from marketplace.passport.tasks import expire_and_remind
from marketplace.search.models import SearchAnalytics, SearchEntry
from marketplace.search.services import refresh_static_scores
from tests.pages.fixtures import home_body

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "search-results"}


@pytest.fixture
def page_cache(settings):
    settings.VALUND_PAGE_CACHE = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs what waits for the commit (the search index, the purges) as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def world(make_page_tree, make_member, committed):
    with committed():
        welder = make_member(User.Role.FREELANCER, name="Astrid Lindqvist", headline="Certified welder")
        category = SkillCategory.objects.create(name="Construction", slug="construction")
        welding = Skill.objects.create(name="Welding", slug="welding", category=category)
        UserSkill.objects.create(profile=welder.profile, skill=welding, level=3)
    tree = make_page_tree(categories=[category], featured=[welder.profile])
    profile = welder.profile.get_absolute_url()
    return {
        "welder": welder, "tree": tree, "profile": profile,
        "public": ["/en/", "/en/about/", "/en/freelancers/", "/en/freelancers/?q=weld",
                   "/en/freelancers/?category=construction", profile],
    }


def test_a_visitors_pages_are_the_same_bytes_for_everyone_with_no_cookie_and_no_token(world, make_member):
    signed_in = Client()
    signed_in.force_login(make_member(User.Role.CLIENT), backend="django.contrib.auth.backends.ModelBackend")
    for url in world["public"]:
        assert "Log out" in signed_in.get(url).content.decode()  # a member came first
        first, second = Client().get(url), Client().get(url)

        assert first.status_code == 200, url
        assert first.content == second.content, url
        assert not first.cookies and "Set-Cookie" not in first, url
        html = first.content.decode()
        assert "csrf" not in html.lower() and "X-CSRFToken" not in html, url
        assert "Log out" not in html and "Dashboard" not in html, url
        assert first["Cache-Control"] == pagecache.PUBLIC_CACHE_CONTROL, url
        assert first["ETag"] and first["Last-Modified"], url


def test_the_cache_control_says_public_short_for_browsers_longer_for_proxies_and_stale_while_failing(world):
    cache_control = Client().get("/en/")["Cache-Control"]

    assert cache_control.startswith("public, ")
    assert "max-age=60" in cache_control and "s-maxage=300" in cache_control
    assert "stale-while-revalidate=" in cache_control and "stale-if-error=86400" in cache_control


def test_a_members_pages_are_private_and_carry_their_token(world, make_member):
    client = Client()
    client.force_login(make_member(User.Role.CLIENT), backend="django.contrib.auth.backends.ModelBackend")

    for url in [*world["public"], "/dashboard/"]:
        response = client.get(url)
        assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"], url
        assert pagecache.HEADER not in response, url
    assert "X-CSRFToken" in client.get("/en/").content.decode()


def test_a_conditional_request_for_the_same_page_gets_304(world, page_cache):
    first = Client().get(world["profile"])

    again = Client().get(world["profile"], HTTP_IF_NONE_MATCH=first["ETag"])
    since = Client().get(world["profile"], HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    other = Client().get(world["profile"], HTTP_IF_NONE_MATCH='"something-else"')

    assert (again.status_code, again.content, again["ETag"]) == (304, b"", first["ETag"])
    assert since.status_code == 304
    assert other.status_code == 200 and other.content == first.content


def test_visitors_pages_come_from_djangos_cache_after_the_first(world, page_cache, django_assert_num_queries):
    for url in world["public"]:
        first = Client().get(url)
        with django_assert_num_queries(0):
            second = Client().get(url)
        assert (first[pagecache.HEADER], second[pagecache.HEADER]) == ("miss", "hit"), url
        assert second.content == first.content
        assert second["Cache-Control"] == first["Cache-Control"] and second["ETag"] == first["ETag"]
        assert second["X-Request-ID"] != first["X-Request-ID"]
        assert "Content-Security-Policy" in second


def test_the_htmx_fragment_the_language_and_the_host_each_have_their_own_entry(world, page_cache):
    url = "/en/freelancers/?q=weld"
    page = Client().get(url)
    fragment = Client().get(url, **HTMX)
    swedish = Client().get(url.replace("/en/", "/sv/", 1))
    other_host = Client().get(url, HTTP_HOST="127.0.0.1")

    for response in (fragment, swedish, other_host):
        assert response[pagecache.HEADER] == "miss"
    assert b"<html" in page.content and b"<html" not in fragment.content
    assert Client().get(url, **HTMX).content == fragment.content
    assert swedish.content != page.content
    assert 'lang="sv"' in swedish.content.decode()


def test_the_address_says_the_language_whatever_the_browser_asks(world, page_cache):
    """/en/… is English for a Swedish browser too: one entry, never the Swedish page."""
    url = "/en/freelancers/?q=weld"
    english = Client().get(url, HTTP_ACCEPT_LANGUAGE="en")
    asked_in_swedish = Client().get(url, HTTP_ACCEPT_LANGUAGE="sv")

    assert asked_in_swedish[pagecache.HEADER] == "hit"
    assert asked_in_swedish.content == english.content
    assert 'lang="en"' in asked_in_swedish.content.decode()
    assert "Accept-Language" not in english.get("Vary", "")


def test_the_redirect_of_an_address_without_language_is_never_shared(world, page_cache):
    swedish = Client().get("/freelancers/?q=weld", HTTP_ACCEPT_LANGUAGE="sv")
    english = Client().get("/freelancers/?q=weld", HTTP_ACCEPT_LANGUAGE="en")

    assert (swedish.status_code, swedish["Location"]) == (302, "/sv/freelancers/?q=weld")
    assert (english.status_code, english["Location"]) == (302, "/en/freelancers/?q=weld")
    for response in (swedish, english):
        assert "private" in response["Cache-Control"]
        assert {"Accept-Language", "Cookie"} <= {part.strip() for part in response["Vary"].split(",")}
        assert pagecache.HEADER not in response


def test_members_and_visitors_with_a_message_waiting_are_never_served_from_the_cache(world, page_cache, make_member):
    Client().get("/en/")
    client = Client()
    client.force_login(make_member(User.Role.CLIENT), backend="django.contrib.auth.backends.ModelBackend")

    response = client.get("/en/")

    assert pagecache.HEADER not in response and "Log out" in response.content.decode()
    with_message = Client()
    with_message.cookies["messages"] = "anything"
    assert pagecache.HEADER not in with_message.get("/en/")


@pytest.mark.parametrize(
    "query", ["q=weld&min_rating=4", "q=weld&near=G%C3%B6teborg&radius=50", "rate_min=100&currency=SEK"]
)
def test_searches_beyond_a_plain_first_page_are_not_shared(world, page_cache, query):
    response = Client().get(f"/en/freelancers/?{query}")

    assert pagecache.HEADER not in response
    assert "public" not in response.get("Cache-Control", "")


def test_a_profile_change_is_on_the_next_request_to_its_page_the_directory_and_the_home_page(
    world, page_cache, committed
):
    # In both languages: Wagtail serves the untranslated pages at /sv/… too, and both are cached.
    urls = [world["profile"], "/en/freelancers/?q=weld", "/en/", world["profile"].replace("/en/", "/sv/", 1),
            "/sv/freelancers/?q=weld", "/sv/"]
    for url in urls:
        assert "Certified welder" in Client().get(url).content.decode()
        assert Client().get(url)[pagecache.HEADER] == "hit"
    profile = world["welder"].profile

    with committed():
        profile.headline = "Master welder"
        profile.save()

    for url in urls:
        response = Client().get(url)
        assert response[pagecache.HEADER] == "miss", url
        assert "Master welder" in response.content.decode(), url


def test_a_skill_added_and_a_member_suspended_are_on_the_next_request(world, page_cache, committed):
    welder = world["welder"]
    assert "Astrid Lindqvist" in Client().get("/en/freelancers/").content.decode()
    Client().get(world["profile"])
    brazing = Skill.objects.create(name="Brazing", slug="brazing", category=SkillCategory.objects.get())
    with committed():
        UserSkill.objects.create(profile=welder.profile, skill=brazing, level=2)
    assert "Brazing" in Client().get(world["profile"]).content.decode()

    with committed():
        welder.is_active = False
        welder.save()

    assert Client().get(world["profile"]).status_code == 404
    assert "Astrid Lindqvist" not in Client().get("/en/freelancers/").content.decode()


def test_a_published_page_is_on_the_next_request_and_its_children_stay_cached(world, page_cache, committed):
    """Publishing purges the page's own addresses and its ancestors' (pages/purge.py), not its
    children's: the home page's body is on no other page."""
    assert Client().get("/en/")[pagecache.HEADER] == "miss"
    assert Client().get("/en/about/")[pagecache.HEADER] == "miss"
    home = world["tree"]["home"]
    body = home_body()
    body[0]["value"]["heading"] = "Newly published heading"

    with committed():
        home.body = body
        home.save_revision().publish()

    assert "Newly published heading" in Client().get("/en/").content.decode()
    assert Client().get("/en/about/")[pagecache.HEADER] == "hit"


def test_a_search_shown_from_the_cache_is_still_counted(world, page_cache):
    Client().get("/en/freelancers/?q=weld")
    cached = Client().get("/en/freelancers/?q=weld")
    assert cached[pagecache.HEADER] == "hit"
    token = cached.content.decode().split('data-search-record="', 1)[1].split('"', 1)[0]

    for _ in range(2):
        Client().post(reverse("search:record"), {"token": token})

    assert SearchAnalytics.objects.filter(query="weld").count() == 2


def test_a_search_shown_from_the_cache_without_javascript_is_counted_and_its_click_too(world, page_cache):
    """What a browser without scripts does with the cached page: loads its <noscript> image,
    then follows a result link, whose `ping` posts PING to the click beacon."""
    Client().get("/en/freelancers/?q=weld")
    cached = Client().get("/en/freelancers/?q=weld", HTTP_USER_AGENT="NoScript/1")
    assert cached[pagecache.HEADER] == "hit"
    html = cached.content.decode()
    pixel = html.split("<noscript><img", 1)[1].split('src="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    ping = html.split('class="card__link"', 1)[1].split('ping="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    visitor = Client(HTTP_USER_AGENT="NoScript/1")

    image = visitor.get(pixel)
    clicked = visitor.post(ping, "PING", content_type="text/ping", HTTP_PING_FROM="http://testserver/en/freelancers/",
                           HTTP_PING_TO=f"http://testserver{world['profile']}")

    assert image.status_code == 200 and image["Content-Type"] == "image/gif" and image["Cache-Control"] == "no-store"
    assert clicked.status_code == 204
    search = SearchAnalytics.objects.get(query="weld")
    assert search.result_count == 1 and search.clicked_position == 1
    assert not image.cookies and not clicked.cookies


class _DatabaseDown:
    """Every query fails as it does while PostgreSQL is down (Django's own query hook)."""

    def __call__(self, execute, sql, params, many, context):
        raise OperationalError("connection refused")


def test_while_the_database_is_down_a_visitor_gets_the_last_copy_past_its_freshness(world, page_cache, monkeypatch):
    first = Client().get(world["profile"])
    assert first[pagecache.HEADER] == "miss"
    later = time.time() + pagecache.S_MAXAGE + 1
    monkeypatch.setattr(pagecache, "time", SimpleNamespace(time=lambda: later))
    failing = Client(raise_request_exception=False)
    member = Client(raise_request_exception=False)
    member.force_login(world["welder"], backend="django.contrib.auth.backends.ModelBackend")

    with connection.execute_wrapper(_DatabaseDown()):
        stale = failing.get(world["profile"])
        never_cached = failing.get("/en/about/")
        members_page = member.get(world["profile"])

    assert (stale.status_code, stale[pagecache.HEADER]) == (200, "stale")
    assert stale.content == first.content and "Certified welder" in stale.content.decode()
    assert never_cached.status_code == 503  # the outage page
    assert members_page.status_code == 503  # a member is never served a visitor's copy
    assert Client().get(world["profile"])[pagecache.HEADER] == "miss"  # back up: rendered again


def test_a_credential_expired_by_the_nightly_task_leaves_the_profile_on_the_next_request(
    world, page_cache, committed, make_document
):
    document = make_document(
        world["welder"], title="Hot work certificate", status=CompetenceDocument.Status.APPROVED,
        expiry_date=timezone.localdate() + datetime.timedelta(days=30),
    )
    assert "Hot work certificate" in Client().get(world["profile"]).content.decode()
    # The night it expires: the date passed, and the copy made the day before is still kept.
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    CompetenceDocument.objects.filter(pk=document.pk).update(expiry_date=yesterday)
    assert Client().get(world["profile"])[pagecache.HEADER] == "hit"

    with committed():
        assert expire_and_remind.call_local()["expired"] == 1

    response = Client().get(world["profile"])
    assert response[pagecache.HEADER] == "miss"
    assert "Hot work certificate" not in response.content.decode()


def test_the_daily_ranking_refresh_retires_every_search_of_the_directory(world, page_cache, committed):
    urls = ["/en/freelancers/", "/en/freelancers/?q=weld"]
    for url in urls:
        Client().get(url)
        assert Client().get(url)[pagecache.HEADER] == "hit"
    SearchEntry.objects.update(static_score=0)  # as if a recency step passed since it was written

    with committed():
        assert refresh_static_scores() > 0

    assert [Client().get(url)[pagecache.HEADER] for url in urls] == ["miss", "miss"]
