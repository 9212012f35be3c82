"""/search/suggest/?q=: the combobox's listbox for htmx, a page of links without JavaScript,
cacheable, rate limited, a few database queries at most, and any input answered."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .conftest import searched

pytestmark = pytest.mark.django_db


URL = "/search/suggest/"
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "search-suggestions"}


def options(html: str) -> list[tuple[str, str, str]]:
    """(field, value, text) of each option of the listbox."""
    return [
        (field, value, re.sub(r"<[^>]+>", "", text))
        for field, value, text in re.findall(
            r'<li class="combobox__option" role="option" aria-selected="false" id="[^"]+" '
            r'data-field="([^"]+)" data-value="([^"]+)">(.*?)</li>', html)
    ]


def test_htmx_gets_the_listbox_alone(client, vocabulary):
    response = client.get(URL, {"q": "svets"}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and "<body" not in html
    assert 'role="listbox"' in html and 'id="search-suggestions-listbox"' in html
    assert options(html) == [("q", "Welding", "Welding — Svetsning")]
    assert 'data-status="1 suggestion"' in html
    assert re.search(r'aria-labelledby="(search-suggestions-group-1)".*id="\1">Skills<', html, re.S)


def test_the_reader_language_names_the_skills(client, vocabulary):
    html = client.get(URL, {"q": "weld"}, HTTP_ACCEPT_LANGUAGE="sv", **HTMX).content.decode()
    assert options(html)[0] == ("q", "Svetsning", "Svetsning — Welding")


def test_places_fill_the_near_field_and_several_groups_are_labelled(client, vocabulary):
    html = client.get(URL, {"q": "s"}, **HTMX).content.decode()
    found = options(html)
    assert ("q", "Welding", "Welding — Svetsning") in found
    assert ("near", "Stockholm", "Stockholm") in found
    # One skill; the places take the room it leaves (five start with S).
    assert len(found) == 6
    assert html.count('role="group"') == 2
    assert 'data-status="6 suggestions"' in html


def test_nothing_to_suggest_is_an_empty_answer_that_says_so(client, vocabulary):
    html = client.get(URL, {"q": "zzzz"}, **HTMX).content.decode()
    assert 'role="listbox"' not in html and 'data-status="No suggestions"' in html


def test_without_htmx_a_page_of_links_to_the_searches(client, page_tree, vocabulary):
    response = client.get(URL, {"q": "göte"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" in html and 'name="q" value="göte"' in html
    assert 'href="/en/freelancers/?near=G%C3%B6teborg"' in html
    response = client.get(URL, {"q": "svets"})
    assert 'href="/en/freelancers/?q=Welding"' in response.content.decode()
    assert response["Cache-Control"] == "private, max-age=300"


def test_the_listbox_is_cacheable_by_anyone_and_sets_no_cookie(client, vocabulary):
    response = client.get(URL, {"q": "weld"}, **HTMX)
    assert response["Cache-Control"] == "public, max-age=300"
    vary = {value.strip().lower() for value in response["Vary"].split(",")}
    assert {"hx-request", "accept-language"} <= vary
    assert not response.cookies


def test_only_get(client, vocabulary):
    assert client.post(URL, {"q": "weld"}).status_code == 405


def test_rate_limited_like_the_rest_of_the_site(client, vocabulary, settings):
    settings.VALUND_RATE_LIMITS = {**settings.VALUND_RATE_LIMITS, "suggest": "2/m/ip"}
    assert [client.get(URL, {"q": "w"}, **HTMX).status_code for _ in range(3)] == [200, 200, 429]


def test_a_keystroke_costs_no_database_query_once_warm(client, vocabulary):
    searched("welder stockholm", by=["a" * 64, "b" * 64, "c" * 64])
    client.get(URL, {"q": "w"}, **HTMX)
    counts = []
    for typed in ("we", "wel", "weld", "welde", "göt", "stock", "c#", "elektriker"):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL, {"q": typed}, **HTMX).status_code == 200
        counts.append(len(captured))
    assert counts == [0] * len(counts)
    html = client.get(URL, {"q": "welder s"}, **HTMX).content.decode()
    assert ("q", "welder stockholm", "welder stockholm") in options(html)


@pytest.mark.parametrize("typed", [
    "x" * 10_000, "%%%***", "<script>alert(1)</script>", "свет weld", "ω" * 70, "'; DROP TABLE x; --",
    "\u202e\u0301", "a" * 61, "🙂🙂",
])
def test_odd_input_is_answered_without_an_error(client, vocabulary, typed):
    for headers in (HTMX, {}):
        response = client.get(URL, {"q": typed}, **headers)
        assert response.status_code == 200
        assert "<script>alert" not in response.content.decode()


def test_a_nul_is_refused_before_the_view(client, vocabulary):
    assert client.get(URL, {"q": "we\x00ld"}, **HTMX).status_code == 400


def test_repeated_or_missing_q(client, vocabulary):
    assert client.get(f"{URL}?q=weld&q=svets", **HTMX).status_code == 200
    assert client.get(URL, **HTMX).status_code == 200


def test_the_directory_search_box_asks_for_suggestions(client, page_tree, vocabulary):
    html = client.get("/en/freelancers/").content.decode()
    box = re.search(r'<div class="field search-field search-field--q combobox[^>]*>', html).group(0)
    assert 'data-hx-get="/search/suggest/"' in box
    assert 'data-hx-trigger="input changed delay:150ms from:#id_q"' in box and 'data-hx-include="#id_q"' in box
    assert '<div id="search-suggestions" class="combobox__popup" hidden></div>' in html
    assert 'id="search-suggestions-status" class="visually-hidden" role="status"' in html
    assert "js/combobox.js" in html
    # Without JavaScript the box stays a plain search field: the script makes it a combobox.
    assert 'role="combobox"' not in html
