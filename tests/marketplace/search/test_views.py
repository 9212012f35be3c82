"""The results page at /freelancers/: the whole page without JavaScript, every link a
canonical search, a constant number of queries, and results that link straight to the
profiles (the search counted by the page's beacon). The parts htmx asks for are
test_views_htmx.py's, bad input test_views_bad_input.py's."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from marketplace.accounts.models import Language, Skill, SkillCategory, UserSkill
from marketplace.search import services
from marketplace.search.models import SearchAnalytics

from .helpers import HTMX, URL, get, names

pytestmark = pytest.mark.django_db


def hrefs(html: str) -> list[str]:
    return [href.replace("&amp;", "&") for href in re.findall(r'href="([^"]*)"', html)]


# The whole page


def test_the_page_has_the_intro_the_form_the_count_and_the_first_results(client, directory_world):
    response, html = get(client)

    assert html.startswith("<!DOCTYPE html>")
    assert '<h1 id="search-heading">Find freelancers</h1>' in html
    assert "Browse <b>verified</b> freelancers." in html
    assert '<form id="search" class="search" method="get" action="/en/freelancers/"' in html
    assert '<h2 id="search-count" class="search__count" tabindex="-1">6 freelancers</h2>' in html
    assert len(names(html)) == 2
    assert "HX-Request" in response["Vary"]
    assert "<title>Find freelancers · Valund</title>" in html
    assert '<link rel="canonical" href="http://testserver/en/freelancers/">' in html


def test_the_form_works_without_javascript(client, directory_world):
    _, html = get(client, "q=welder")

    form = html[html.index('<form id="search"'):html.index("</form>")]
    for name in ("q", "near", "radius", "category", "skills", "skills_mode", "available", "available_by",
                 "rate_min", "rate_max", "currency", "min_rating", "verified", "languages", "sort"):
        assert f'name="{name}"' in form, name
    assert '<button class="button" type="submit">Search</button>' in form
    assert '<label for="id_q">Search</label>' in form
    assert "<legend>Skills</legend>" in form and "<legend>Hourly rate</legend>" in form
    assert '<details class="search__filters">' in form
    assert 'data-hx-get="/en/freelancers/"' in form and 'data-hx-push-url="true"' in form
    assert 'data-hx-trigger="input changed delay:300ms from:#id_q, change from:#id_near' in form
    assert 'class="htmx-indicator' in form
    assert "style=" not in html and "<script>" not in html


def test_filters_narrow_the_results_and_name_the_page(client, directory_world):
    _, html = get(client, "skills=welding&near=gothenburg&sort=distance")

    assert names(html) == ["Astrid Lindqvist", "Frida Ek"]
    assert "<title>Welding freelancers near Göteborg · Valund</title>" in html
    assert '<h1 id="search-heading">Welding freelancers near Göteborg</h1>' in html
    assert ">2 freelancers</h2>" in html
    # Filtered pages point search engines at the directory itself.
    assert '<link rel="canonical" href="http://testserver/en/freelancers/">' in html


def test_cards_show_distance_rate_availability_and_verified_skills(client, directory_world):
    _, html = get(client, "skills=welding&lat=57.8&lon=11.97456&radius=20&sort=rate_desc")

    astrid, frida = html.split('<article class="card card--link result-card" data-hx-boost="false">')[1:3]
    assert "Astrid Lindqvist" in astrid and "Frida Ek" in frida
    assert "10 km away" in astrid and "10 km away" in frida
    assert "650 SEK per hour" in astrid and "550 SEK per hour" in frida
    assert '<span class="result-card__now">Now</span>' in astrid
    available_from = (timezone.localdate() + datetime.timedelta(days=10)).strftime("%-d %b %Y")
    assert f"From {available_from}" in frida
    assert "Verified certificates" in astrid and "Verified certificates" not in frida
    assert '<li class="badge badge--verified">Welding' in astrid
    assert '<li class="badge">Welding</li>' in frida
    assert "<title>Welding freelancers within 20 km · Valund</title>" in html


def test_an_expired_certificate_is_not_a_verified_badge(client, directory_world):
    _, html = get(client, "q=bengt")

    assert names(html) == ["Bengt Svensson"]
    assert "badge--verified" not in html


def test_a_freelancer_who_is_not_available_says_so(client, directory_world):
    _, html = get(client, "skills=carpentry")

    assert "Not at the moment" in html


def test_the_count_is_grouped_by_thousands(client, directory_world, monkeypatch):
    from marketplace.search import selectors
    from marketplace.search.query import SearchResults

    monkeypatch.setattr(selectors, "search", lambda params, per_page: SearchResults(
        profiles=[], total=1234, page=1, num_pages=617, per_page=per_page))

    _, html = get(client)

    assert ">1,234 freelancers</h2>" in html


def test_an_estimated_count_says_about(client, directory_world, monkeypatch):
    from marketplace.search import selectors
    from marketplace.search.query import Facet

    real_search = selectors.search

    def broad(params, per_page):
        results = real_search(params, per_page=per_page)
        results.total, results.num_pages, results.approximate = 33392, 16696, True
        results.skill_facets = [Facet("welding", "Welding", 12345)]
        return results

    monkeypatch.setattr(selectors, "search", broad)

    _, html = get(client)

    assert ">about 33,000 freelancers</h2>" in html
    assert re.search(r'>Welding <span class="chip__count"><span aria-hidden="true">~</span>'
                     r'<span class="visually-hidden">about </span>12,000</span>', html)


def test_an_exact_count_does_not_say_about(client, directory_world):
    _, html = get(client)

    assert ">6 freelancers</h2>" in html
    assert "about" not in html.split('id="search-count"')[1].split("</h2>")[0]


# Links that change the search


def test_facets_are_links_that_add_the_filter(client, directory_world):
    _, html = get(client, "q=g%C3%B6teborg")  # astrid and frida (welding), carl (carpentry)

    links = hrefs(html)
    assert "/en/freelancers/?q=g%C3%B6teborg&skills=welding" in links
    assert "/en/freelancers/?q=g%C3%B6teborg&category=construction" in links
    facets = html[html.index('class="search__facets"'):html.index('class="grid search__cards"')]
    assert re.search(r'>Welding <span class="chip__count">2</span>', facets)
    assert re.search(r'>Carpentry <span class="chip__count">1</span>', facets)
    assert re.search(r'>Construction <span class="chip__count">3</span>', facets)


def test_a_chosen_skill_facet_removes_it(client, directory_world):
    _, html = get(client, "skills=welding&skills=electrical")

    assert re.search(r'<a class="chip chip--selected" href="/en/freelancers/\?skills=electrical" aria-current="true">'
                     r'Welding', html)


def test_each_filter_in_use_has_a_link_without_it(client, directory_world):
    _, html = get(client, "q=welder&near=G%C3%B6teborg&verified=on")

    links = hrefs(html)
    assert "/en/freelancers/?near=G%C3%B6teborg&verified=on" in links  # without the words
    assert "/en/freelancers/?q=welder&verified=on" in links  # without the place
    assert "/en/freelancers/?q=welder&near=G%C3%B6teborg" in links  # without "verified"
    assert "Within 50 km of Göteborg" in html


def test_pagination_keeps_every_filter(client, directory_world):
    _, first = get(client, "skills=welding&available=by&available_by=2099-01-01&currency=SEK&rate_min=1")

    assert "Page 1 of 2" in first
    assert ("/en/freelancers/?skills=welding&available=by&available_by=2099-01-01&rate_min=1&currency=SEK&page=2"
            in hrefs(first))

    _, second = get(client, "skills=welding&available=by&available_by=2099-01-01&currency=SEK&rate_min=1&page=2")
    assert "Page 2 of 2" in second
    assert '<meta name="robots" content="noindex, follow">' in second
    assert "/en/freelancers/?skills=welding&available=by&available_by=2099-01-01&rate_min=1&currency=SEK" in hrefs(
        second)
    assert set(names(first)).isdisjoint(names(second))


def test_pagination_shows_a_few_numbers_around_the_current_page(client, directory_world, make_member, search_taxonomy):
    for number in range(14):
        make_member(name=f"Extra {number:02}")
    services.rebuild()

    _, html = get(client, "page=5")  # 20 freelancers, 2 a page: 10 pages

    numbers = re.findall(r'<span class="visually-hidden">Page </span>(\d+)</a>', html)
    assert numbers == ["1", "3", "4", "5", "6", "7", "10"]
    assert html.count('<li aria-hidden="true">…</li>') == 2
    assert 'href="/en/freelancers/?page=5" aria-current="page"' in html
    assert 'rel="prev" href="/en/freelancers/?page=4"' in html and 'rel="next" href="/en/freelancers/?page=6"' in html


def test_the_empty_state_suggests_what_to_change(client, directory_world):
    _, html = get(client, "q=plumber&near=Stockholm&radius=40")

    assert "No freelancers match this search." in html
    links = hrefs(html)
    assert "/en/freelancers/?near=Stockholm&radius=40" in links  # remove the words
    assert "/en/freelancers/?q=plumber" in links  # remove the place
    assert "/en/freelancers/?q=plumber&near=Stockholm&radius=80" in links  # twice the radius
    assert "/en/freelancers/?skills=welding&near=Stockholm&radius=40" in links  # a skill common there
    assert "/en/freelancers/" in links


def test_with_no_one_around_the_popular_skills_are_from_anywhere(client, directory_world):
    _, html = get(client, "q=plumber&near=Kiruna&radius=10")

    links = hrefs(html)
    assert "/en/freelancers/?q=plumber&near=Kiruna" in links  # 50 km, the default
    assert "/en/freelancers/?skills=welding" in links
    assert re.search(r'>Welding <span class="chip__count">4</span>', html)


def test_the_whole_directory_empty_says_so(client, page_tree):
    _, html = get(client)

    assert "No freelancers to show here yet." in html


# Queries


def _crowd(make_member, count, skill, language):
    for _ in range(count):
        member = make_member(city="Göteborg", country="SE", latitude=Decimal("57.708870"),
                             longitude=Decimal("11.974560"), hourly_rate=60000, currency="SEK")
        UserSkill.objects.create(profile=member.profile, skill=skill, level=3, years=4)
        member.profile.languages.add(language)
    services.rebuild()


def _queries(client, querystring, *, cold=False, **headers) -> int:
    client.get(f"{URL}?{querystring}", **headers)  # warm the caches (site, directory URL, taxonomy)
    if cold:
        services.index_changed()  # the search's count and facets not cached, as after any index change
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{URL}?{querystring}", **headers)
    assert response.status_code == 200
    return len(queries)


def _counts(client, querystring) -> dict[str, int]:
    return {
        f"{kind}, {state}": _queries(client, querystring, cold=state == "cold", **headers)
        for kind, headers in (("page", {}), ("htmx", HTMX)) for state in ("cold", "warm")
    }


# The search's own queries (the count and facets when cold; the page of entries; the cards'
# profiles, skills and verified skills) and Wagtail's serve() (the page's aliases and view
# restrictions): nothing for the taxonomy, the language switcher or the page around it.
MOST_QUERIES = {"page, cold": 9, "page, warm": 7, "htmx, cold": 9, "htmx, warm": 7}


@pytest.mark.parametrize("querystring", [
    "", "q=welding", "skills=welding&near=G%C3%B6teborg&languages=sv&sort=distance",
    "category=construction&skills=welding&skills_mode=all&languages=sv&sort=rate_desc",
])
def test_the_number_of_queries_does_not_grow_with_the_results(client, page_tree, make_member, querystring):
    page_tree["directory"].profiles_per_page = 24
    page_tree["directory"].save_revision().publish()
    category = SkillCategory.objects.create(name="Construction", slug="construction")
    welding = Skill.objects.create(name="Welding", slug="welding", category=category)
    swedish = Language.objects.create(code="sv", name="Swedish")
    english = Language.objects.create(code="en", name="English")

    _crowd(make_member, 5, welding, swedish)
    few = _counts(client, querystring)
    # More results, and more skills, trades and languages for the facets, the chips and the form.
    for n in range(12):
        trade = SkillCategory.objects.create(name=f"Trade {n}", slug=f"trade-{n}", name_sv=f"Yrke {n}")
        skill = Skill.objects.create(name=f"Skill {n}", slug=f"skill-{n}", category=trade, name_sv=f"Kunskap {n}")
        Language.objects.create(code=f"x{n}", name=f"Language {n}")
        _crowd(make_member, 3, skill, english)
    _crowd(make_member, 35, welding, swedish)
    many = _counts(client, querystring)

    assert few == many
    assert all(many[kind] <= most for kind, most in MOST_QUERIES.items()), many
    assert client.get(f"{URL}?{querystring}").content.decode().count('class="card card--link result-card"') == 24


def test_results_link_straight_to_the_profiles_and_the_search_is_counted_by_its_beacon(client, directory_world):
    response = client.get("/en/freelancers/", {"q": "weld"})

    assert response.status_code == 200
    assert not SearchAnalytics.objects.exists()
    html = response.content.decode()
    profile_path = response.context["search"].cards[0].profile.get_absolute_url()
    assert f'href="{profile_path}"' in html and 'href="/search/click/' not in html
    assert "Save this search" in html

    token = response.context["search"].record_token
    assert f'data-search-record="{token}"' in html
    search_id = client.post(reverse("search:record"), {"token": token}).json()["search"]
    assert client.post(reverse("search:click"), {"search": search_id, "position": 1}).status_code == 204
    search = SearchAnalytics.objects.get()
    assert (str(search.pk), search.query, search.member_id, search.clicked_position) == (search_id, "weld", None, 1)
