"""Bad input on the results page is answered on the page, next to its field, never with an
error: the valid part still runs, long searches are cut, SQL is only words and HTML is escaped."""

import re

import pytest

from marketplace.accounts.models import Profile

from .helpers import HTMX, get, names

pytestmark = pytest.mark.django_db


# Bad input


BAD_INPUT = {
    "unknown skills": ("skills=welding&skills=underwater-basket-weaving", "We don&#x27;t know the skill"),
    "negative radius": ("near=Lund&radius=-10", "Choose a distance from 1 to 500 km."),
    "absurd radius": ("near=Lund&radius=99999999999999999999", "Choose a distance from 1 to 500 km."),
    "unknown place": ("near=Mordor", "We don&#x27;t know that place; try a nearby city."),
    "lowest rate above highest": ("rate_min=900&rate_max=100&currency=SEK",
                                  "The highest rate must be at least the lowest."),
    "rate without currency": ("rate_max=100", "Choose the currency of the rate."),
    "rating out of range": ("min_rating=11", "min_rating"),
    "page past the end": ("page=999", "Page 3 of 3"),
    "page not a number": ("page=last", "Page 1 of 3"),
    "negative page": ("page=-1", "Page 1 of 3"),
    "bad date": ("available=by&available_by=yesterday", "Enter a valid date."),
    "bad coordinates": ("lat=1000&lon=x", "Ensure this value is less than or equal to 90."),
    "unknown category and language": ("category=nope&languages=zz", "We don&#x27;t know the trade"),
}


@pytest.mark.parametrize("querystring, shown", BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_bad_input_is_answered_on_the_page(client, directory_world, querystring, shown):
    _, html = get(client, querystring)
    assert shown in html

    _, partial = get(client, querystring, **HTMX)
    assert '<section id="search-results"' in partial


def test_the_valid_part_of_a_bad_search_still_runs(client, directory_world):
    _, html = get(client, "skills=welding&near=Goteborg&radius=-5&rate_min=900&rate_max=1&currency=SEK")

    # radius falls back to 50 km, the highest rate is dropped, the lowest rate stays
    assert names(html) == []
    assert "At least 900 SEK an hour" in html
    _, html = get(client, "skills=welding&near=Goteborg&radius=-5&rate_min=600&rate_max=1&currency=SEK")
    assert names(html) == ["Astrid Lindqvist"]


def test_a_10000_character_search_is_cut_to_200(client, directory_world):
    _, html = get(client, "q=" + "welder" * 1667)

    value = re.search(r'<input type="search" name="q" value="([^"]*)"', html).group(1)
    assert value == ("welder" * 34)[:200]
    assert "Freelancers matching “" + ("welder" * 34)[:200] + "”" in html


def test_sql_in_the_search_is_only_words(client, directory_world):
    before = Profile.objects.count()

    _, html = get(client, "q=%27%3B+DROP+TABLE+accounts_profile%3B+--&skills=%27%3B--&near=%27+OR+1%3D1")

    assert Profile.objects.count() == before
    assert "We don&#x27;t know that place" in html


def test_html_in_the_search_is_escaped_everywhere(client, directory_world):
    script = "<script>alert(1)</script>"
    querystring = "q=%3Cscript%3Ealert(1)%3C%2Fscript%3E&skills=%3Cscript%3E&category=%3Cimg+src%3Dx%3E"

    for headers in ({}, HTMX):
        _, html = get(client, querystring, **headers)
        assert script not in html
        assert "<img src=x>" not in html and "<script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
