"""The live-search block: editors describe a search as the results page's querystring; the
block checks it through the search form, keeps it canonical, and shows its current top
matches with one search per render."""

import pytest
from django.core.exceptions import ValidationError

from marketplace.search import selectors
from pages.blocks import BodyBlock, LiveSearchBlock

pytestmark = pytest.mark.django_db



def clean(filters="", count=6, heading="Welders near Göteborg"):
    block = LiveSearchBlock()
    return block.clean(block.to_python({"heading": heading, "filters": filters, "count": count}))


@pytest.mark.parametrize("pasted", [
    "q=welder&near=goteborg&verified=on",
    "?verified=on&near=Göteborg&q=+welder+&skills_mode=any&radius=50&page=4",
    "/en/freelancers/?q=welder&near=Gothenburg&verified=on",
    "https://valund.example/freelancers/?q=welder&near=G%C3%B6teborg&verified=on#results",
])
def test_filters_are_kept_in_their_canonical_form(search_taxonomy, pasted):
    assert clean(pasted)["filters"] == "q=welder&near=G%C3%B6teborg&verified=on"


def test_empty_filters_are_the_best_matches_of_all(search_taxonomy):
    assert clean("")["filters"] == ""


@pytest.mark.parametrize("filters, message", [
    ("near=Atlantis", "Near: We don't know that place; try a nearby city."),
    ("near=Lund&radius=-3", "Within (km): Choose a distance from 1 to 500 km."),
    ("skills=welding&skills=knitting", "Skills: We don't know the skill “knitting”, so we left it out."),
    ("category=alchemy", "Trade: We don't know the trade “alchemy”, so we left it out."),
    ("rate_min=9&rate_max=1&currency=SEK", "Highest: The highest rate must be at least the lowest."),
])
def test_filters_the_results_page_would_not_apply_in_full_are_refused(search_taxonomy, filters, message):
    with pytest.raises(ValidationError) as error:
        clean(filters)

    assert message in str(error.value.block_errors["filters"])


@pytest.mark.parametrize("count", [2, 13])
def test_the_count_is_three_to_twelve(search_taxonomy, count):
    with pytest.raises(ValidationError):
        clean("", count=count)


def test_the_block_shows_the_top_matches_with_one_search(search_world, page_tree, monkeypatch):
    calls = []
    real_search = selectors.search

    def counting_search(params, **kwargs):
        calls.append((params, kwargs))
        return real_search(params, **kwargs)

    monkeypatch.setattr(selectors, "search", counting_search)
    block = LiveSearchBlock()
    value = block.to_python({"heading": "Welders near Göteborg", "filters": "skills=welding&near=G%C3%B6teborg",
                             "count": 3})

    html = block.render(value)

    assert len(calls) == 1 and calls[0][1] == {"per_page": 3}
    assert "<h2>Welders near Göteborg</h2>" in html
    assert "Astrid Lindqvist" in html and "Frida Ek" in html
    assert "Bengt Svensson" not in html  # Stockholm
    assert "Verified certificates" in html
    assert "under 1 km away" in html
    assert 'href="/en/freelancers/?skills=welding&amp;near=G%C3%B6teborg"' in html


def test_more_matches_than_shown_offer_all_of_them(search_world, page_tree):
    block = LiveSearchBlock()

    html = block.render(block.to_python({"heading": "Welders", "filters": "skills=welding", "count": 3}))

    assert html.count('class="card card--link result-card"') == 3
    assert 'href="/en/freelancers/?skills=welding">See all 4 freelancers</a>' in html


def test_a_search_without_matches_says_so(search_world, page_tree):
    block = LiveSearchBlock()

    html = block.render(block.to_python({"heading": "Plumbers", "filters": "q=plumber", "count": 3}))

    assert "No freelancers match this search right now." in html
    assert 'href="/en/freelancers/?q=plumber"' in html


def test_editors_can_add_the_block_to_pages(search_world, make_page_tree, client):
    assert isinstance(BodyBlock().child_blocks["live_search"], LiveSearchBlock)
    tree = make_page_tree()
    home = tree["home"]
    home.body.append(("live_search", {"heading": "Verified welders", "filters": "skills=welding&verified=on",
                                      "count": 4}))
    home.save_revision().publish()

    html = client.get("/en/").content.decode()

    assert "<h2>Verified welders</h2>" in html
    assert "Astrid Lindqvist" in html
    assert "Frida Ek" not in html
