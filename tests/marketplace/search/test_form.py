"""The search form: every filter parsed from GET parameters into SearchParams, bad input
answered with errors or notes next to the field (never an exception), and the canonical
querystring that reads back as the very same search. Its widgets and choices are
test_form_rendering.py's."""

import datetime

import pytest
from django.http import QueryDict

from marketplace.search.forms import (
    MAX_PAGE,
    Q_MAX_LENGTH,
    RADIUS_DEFAULT,
    SearchForm,
    from_querystring,
    to_querystring,
    with_changes,
)
from marketplace.search.query import SORTS, SearchParams

from .conftest import GOTEBORG, STOCKHOLM

pytestmark = pytest.mark.django_db


@pytest.fixture
def taxonomy(search_taxonomy):
    return search_taxonomy


def parse(querystring: str) -> tuple[SearchForm, SearchParams]:
    form = SearchForm(QueryDict(querystring))
    return form, form.to_params()


# Each filter


def test_an_empty_form_is_the_unfiltered_first_page(taxonomy):
    form, params = parse("")

    assert form.errors == {} and form.notes == {}
    assert params == SearchParams()


def test_an_unbound_form_is_the_unfiltered_search():
    assert SearchForm().to_params() == SearchParams()


def test_words_are_trimmed(taxonomy):
    assert parse("q=%20%20welder%20g%C3%B6teborg%20%20")[1].q == "welder göteborg"


def test_long_words_are_cut_not_refused(taxonomy):
    form, params = parse("q=" + "a" * 10_000)

    assert "q" not in form.errors
    assert params.q == "a" * Q_MAX_LENGTH


def test_skills_come_repeated_or_comma_separated_and_sorted(taxonomy):
    assert parse("skills=welding&skills=carpentry")[1].skills == ("carpentry", "welding")
    assert parse("skills=welding,carpentry,welding")[1].skills == ("carpentry", "welding")
    assert parse("skills=WELDING")[1].skills == ("welding",)


def test_unknown_skills_are_left_out_with_a_note(taxonomy):
    form, params = parse("skills=welding&skills=basket-weaving&skills=juggling")

    assert params.skills == ("welding",)
    assert "skills" not in form.errors
    assert form.notes["skills"] == ["We don't know the skills “basket-weaving”, “juggling”, so we left them out."]


def test_skills_mode(taxonomy):
    assert parse("skills=welding")[1].skills_mode == "any"
    assert parse("skills=welding&skills_mode=all")[1].skills_mode == "all"
    form, params = parse("skills_mode=most")
    assert "skills_mode" in form.errors and params.skills_mode == "any"


def test_category_known_and_unknown(taxonomy):
    assert parse("category=construction")[1].category == "construction"
    form, params = parse("category=alchemy")
    assert params.category == ""
    assert form.notes["category"] == ["We don't know the trade “alchemy”, so we left it out."]
    assert "category" not in form.errors


def test_a_named_place_is_the_centre_with_the_default_radius(taxonomy):
    form, params = parse("near=gothenburg")

    assert (params.lat, params.lon, params.radius_km) == (*GOTEBORG, RADIUS_DEFAULT)
    assert form.place.name == "Göteborg"


def test_an_unknown_place_is_an_error_next_to_it(taxonomy):
    form, params = parse("near=Atlantis&q=welder")

    assert form.errors["near"] == ["We don't know that place; try a nearby city."]
    assert (params.lat, params.radius_km, params.q) == (None, None, "welder")


def test_coordinates_are_a_centre_too(taxonomy):
    form, params = parse("lat=57.5&lon=12.25&radius=20")

    assert (params.lat, params.lon, params.radius_km) == (57.5, 12.25, 20)


def test_a_named_place_wins_over_coordinates(taxonomy):
    assert parse("near=Stockholm&lat=57.5&lon=12.25")[1].lat == STOCKHOLM[0]


@pytest.mark.parametrize("querystring", ["lat=57.5", "lon=12", "lat=95&lon=12", "lat=57&lon=200", "lat=nan&lon=1",
                                         "lat=inf&lon=1", "lat=north&lon=east"])
def test_half_or_impossible_coordinates_are_errors(taxonomy, querystring):
    form, params = parse(querystring)

    assert form.errors.keys() & {"lat", "lon"}
    assert params.lat is None and params.radius_km is None


@pytest.mark.parametrize("radius", ["-5", "0", "501", "100000", "1e9", "ten", "9" * 5000])
def test_a_negative_or_absurd_radius_is_an_error_and_the_default_applies(taxonomy, radius):
    form, params = parse(f"near=Lund&radius={radius}")

    assert form.errors["radius"] == ["Choose a distance from 1 to 500 km."]
    assert params.radius_km == RADIUS_DEFAULT
    assert params.lat is not None


def test_a_radius_without_a_place_means_nothing(taxonomy):
    form, params = parse("radius=30")

    assert form.errors == {} and params.radius_km is None


def test_availability(taxonomy):
    assert parse("available=now")[1].available_now is True
    by = parse("available=by&available_by=2026-03-01")[1]
    assert (by.available_now, by.available_by) == (False, datetime.date(2026, 3, 1))
    # A date alone means "by"; "now" wins over a date.
    assert parse("available_by=2026-03-01")[1].available_by == datetime.date(2026, 3, 1)
    now = parse("available=now&available_by=2026-03-01")[1]
    assert (now.available_now, now.available_by) == (True, None)


@pytest.mark.parametrize("querystring, field", [
    ("available=by", "available_by"),
    ("available=by&available_by=next-week", "available_by"),
    ("available=soon", "available"),
])
def test_bad_availability_is_an_error_next_to_the_field(taxonomy, querystring, field):
    form, params = parse(querystring)

    assert field in form.errors
    assert (params.available_now, params.available_by) == (False, None)


def test_rates_are_major_units_in_and_minor_units_out(taxonomy):
    params = parse("rate_min=500&rate_max=900.50&currency=SEK")[1]

    assert (params.rate_min, params.rate_max, params.currency) == (50000, 90050, "SEK")


def test_a_rate_needs_a_currency(taxonomy):
    form, params = parse("rate_min=500")

    assert form.errors["currency"] == ["Choose the currency of the rate."]
    assert (params.rate_min, params.currency) == (None, "")


def test_a_lowest_rate_above_the_highest_is_an_error_next_to_the_highest(taxonomy):
    form, params = parse("rate_min=900&rate_max=500&currency=EUR")

    assert form.errors["rate_max"] == ["The highest rate must be at least the lowest."]
    assert (params.rate_min, params.rate_max) == (90000, None)


@pytest.mark.parametrize("querystring", ["rate_min=-1&currency=SEK", "rate_min=abc&currency=SEK",
                                         "rate_max=1e30&currency=SEK", "rate_max=NaN&currency=SEK",
                                         "rate_min=1&currency=USD"])
def test_bad_rates_are_errors(taxonomy, querystring):
    form, params = parse(querystring)

    assert form.errors
    assert params.rate_min is None and params.rate_max is None


def test_rating(taxonomy):
    assert parse("min_rating=4.5")[1].min_rating == 4.5
    for bad in ("0", "6", "great"):
        form, params = parse(f"min_rating={bad}")
        assert "min_rating" in form.errors and params.min_rating is None


def test_verified_only(taxonomy):
    assert parse("verified=on")[1].verified_only is True
    assert parse("")[1].verified_only is False


def test_languages_known_and_unknown(taxonomy):
    form, params = parse("languages=sv&languages=en,xx")

    assert params.languages == ("en", "sv")
    assert form.notes["languages"] == ["We don't know the language “xx”, so we left it out."]


@pytest.mark.parametrize("sort", [sort for sort in SORTS if sort != "distance"])
def test_every_sort_is_accepted(taxonomy, sort):
    assert parse(f"sort={sort}")[1].sort == sort


def test_sorting_by_distance_needs_a_place(taxonomy):
    assert parse("sort=distance")[1].sort == "relevance"
    assert parse("sort=distance&near=Lund")[1].sort == "distance"


def test_an_unknown_sort_is_the_default_order(taxonomy):
    form, params = parse("sort=price;DROP")

    assert params.sort == "relevance" and form.errors == {}


@pytest.mark.parametrize("page, expected", [("3", 3), ("0", 1), ("-2", 1), ("two", 1), ("", 1), ("1.5", 1),
                                            ("9" * 5000, 1), ("99999999999", MAX_PAGE)])
def test_page_numbers(taxonomy, page, expected):
    form, params = parse(f"page={page}")

    assert params.page == expected and form.errors == {}


def test_hostile_strings_are_only_words(taxonomy):
    form, params = parse("q=%27%3B+DROP+TABLE+accounts_profile%3B+--&skills=%3Cscript%3E&near=%3Cb%3E")

    assert params.q == "'; DROP TABLE accounts_profile; --"
    assert params.skills == ()
    assert "near" in form.errors


def test_a_null_character_is_an_error_not_a_crash(taxonomy):
    form, params = parse("q=weld%00er&near=Lu%00nd")

    assert "q" in form.errors and params.q == ""


# The canonical querystring


ROUND_TRIPS = {
    "nothing": SearchParams(),
    "words": SearchParams(q="svetsare & elektriker ö/?=#"),
    "one skill": SearchParams(skills=("welding",)),
    "skills, all": SearchParams(skills=("carpentry", "welding"), skills_mode="all"),
    "category": SearchParams(category="construction"),
    "named place": SearchParams(lat=GOTEBORG[0], lon=GOTEBORG[1], radius_km=RADIUS_DEFAULT),
    "named place, radius": SearchParams(lat=STOCKHOLM[0], lon=STOCKHOLM[1], radius_km=120),
    "coordinates": SearchParams(lat=57.123456789, lon=-11.5, radius_km=1),
    "coordinates, max radius": SearchParams(lat=-33.0, lon=151.25, radius_km=500),
    "available now": SearchParams(available_now=True),
    "available by": SearchParams(available_by=datetime.date(2027, 1, 31)),
    "rates": SearchParams(rate_min=50000, rate_max=90050, currency="SEK"),
    "lowest rate": SearchParams(rate_min=1, currency="EUR"),
    "highest rate": SearchParams(rate_max=999999999, currency="EUR"),
    "currency alone": SearchParams(currency="EUR"),
    "rating": SearchParams(min_rating=4.5),
    "whole rating": SearchParams(min_rating=3.0),
    "verified": SearchParams(verified_only=True),
    "languages": SearchParams(languages=("en", "sv")),
    "sort": SearchParams(sort="rate_desc"),
    "distance sort": SearchParams(lat=GOTEBORG[0], lon=GOTEBORG[1], radius_km=50, sort="distance"),
    "page": SearchParams(page=7),
    "everything": SearchParams(
        q="welder", skills=("electrical", "welding"), skills_mode="all", category="construction",
        lat=GOTEBORG[0], lon=GOTEBORG[1], radius_km=80, available_by=datetime.date(2026, 12, 24),
        rate_min=55000, rate_max=70000, currency="SEK", min_rating=4.0, verified_only=True,
        languages=("de", "en", "sv"), sort="distance", page=3,
    ),
}


@pytest.mark.parametrize("params", ROUND_TRIPS.values(), ids=ROUND_TRIPS.keys())
def test_every_filter_survives_the_url_round_trip(taxonomy, params):
    querystring = to_querystring(params)

    assert from_querystring(querystring) == params
    assert from_querystring(f"?{querystring}") == params


def test_the_querystring_is_short_and_readable(taxonomy):
    params = SearchParams(q="welder", skills=("welding",), lat=GOTEBORG[0], lon=GOTEBORG[1], radius_km=50,
                          verified_only=True, rate_min=60000, rate_max=80050, currency="SEK", page=2)

    assert to_querystring(params) == (
        "q=welder&skills=welding&near=G%C3%B6teborg&rate_min=600&rate_max=800.50&currency=SEK&verified=on&page=2"
    )
    assert to_querystring(SearchParams()) == ""


def test_the_querystring_of_a_form_reads_back_as_the_form(taxonomy):
    querystring = ("q=+Welder+&skills=welding,carpentry&near=stockholm&radius=30&available=by&available_by=2026-05-01"
                   "&rate_min=500&currency=SEK&languages=sv&languages=en&verified=on&sort=distance&page=2"
                   "&min_rating=4&skills_mode=any&category=")
    params = parse(querystring)[1]

    canonical = to_querystring(params)
    assert from_querystring(canonical) == params
    assert to_querystring(from_querystring(canonical)) == canonical


def test_with_changes_starts_again_at_page_one(taxonomy):
    params = SearchParams(q="welder", page=4)

    assert with_changes(params, q="carpenter") == SearchParams(q="carpenter")
    assert with_changes(params, page=5).page == 5
