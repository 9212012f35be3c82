"""The demo's places: members live in every place of the gazetteer, weighted by names that are
really places there (a misspelt name would silently weigh 1)."""

from marketplace.core.places import PLACES
from marketplace.demo.people import CITIES, CITY_WEIGHTS


def test_demo_members_live_in_every_place_of_the_gazetteer():
    assert CITIES == PLACES


def test_every_weighted_city_is_a_place():
    assert set(CITY_WEIGHTS) <= {place.name for place in PLACES}
