"""Search analytics in Chromium, from a results page served by the page cache: with
JavaScript off the page records itself (its <noscript> image counts the search, the result
link's `ping` its click), with JavaScript on search.js does (its beacon, and a click by
sendBeacon, the link's `ping` taken off): each way one search and one click, never two."""

import time

import pytest
from django.test import Client

from marketplace.accounts import services as accounts
from marketplace.accounts.models import Skill, SkillCategory, User, UserSkill
from marketplace.core import pagecache
from marketplace.search import services as search
from marketplace.search.models import SearchAnalytics

from .conftest import track

SEARCH = "/en/freelancers/?q=welder"


@pytest.fixture
def welder(make_page_tree, make_member, settings):
    settings.VALUND_PAGE_CACHE = True
    trade = SkillCategory.objects.create(name="Construction", slug="construction")
    welding = Skill.objects.create(name="Welding", slug="welding", category=trade)
    astrid = make_member(User.Role.FREELANCER, name="Astrid Lindqvist", headline="Certified welder")
    accounts.skill_add(actor=astrid, profile=astrid.profile, skill=welding, level=UserSkill.Level.ADVANCED, years=5)
    search.rebuild()
    make_page_tree()
    return astrid


def _warm(site):
    """Put the page in the cache as the browser will ask for it (its host, gzip)."""
    host = site.url.split("//", 1)[1]
    assert Client().get(SEARCH, HTTP_HOST=host, HTTP_ACCEPT_ENCODING="gzip, deflate, br")[pagecache.HEADER] == "miss"
    assert not SearchAnalytics.objects.exists()


def _eventually(condition, seconds=10):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


@pytest.fixture
def sent(monkeypatch):
    """The clicks the click beacon was sent, by form: search.js's beacon or a link's ping (the
    live server is a thread of this process)."""
    calls = {"beacon": 0, "ping": 0}

    def counting(kind, function):
        def call(*args, **kwargs):
            calls[kind] += 1
            return function(*args, **kwargs)
        return call

    monkeypatch.setattr(search, "record_click", counting("beacon", search.record_click))
    monkeypatch.setattr(search, "record_click_from_token", counting("ping", search.record_click_from_token))
    return calls


def _click_the_result(page, welder):
    with page.expect_navigation():
        page.locator("#search-results a.card__link", has_text="Astrid Lindqvist").click()
    assert page.url.endswith(welder.profile.get_absolute_url())
    assert _eventually(lambda: SearchAnalytics.objects.filter(clicked_position=1).exists())
    time.sleep(1)  # anything else the page sent has arrived
    row = SearchAnalytics.objects.get()
    assert (row.query, row.result_count, row.clicked_position) == ("welder", 1, 1)


def test_without_javascript_a_cached_search_and_its_click_are_recorded_once(browser_context, welder, site, sent):
    _warm(site)
    page = track(browser_context(javascript=False).new_page())

    response = page.goto(SEARCH)

    assert response.ok and response.headers.get(pagecache.HEADER.lower()) == "hit"
    assert _eventually(lambda: SearchAnalytics.objects.count() == 1)
    # (No judges here: axe runs in the page, which has no JavaScript. The Nu checker validates
    # the same HTML, <noscript> image and pings included, in test_cards.py.)
    _click_the_result(page, welder)
    assert sent == {"beacon": 0, "ping": 1}


def test_with_javascript_a_cached_search_and_its_click_are_recorded_once(browser_context, welder, site, sent):
    _warm(site)
    page = track(browser_context().new_page())

    with page.expect_response(lambda answer: "/search/record/" in answer.url):
        response = page.goto(SEARCH)
    assert response.ok and response.headers.get(pagecache.HEADER.lower()) == "hit"
    page.wait_for_function("() => document.getElementById('search-results').dataset.searchId")
    _click_the_result(page, welder)
    assert sent == {"beacon": 1, "ping": 0}
