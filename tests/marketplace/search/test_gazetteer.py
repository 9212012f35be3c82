"""The search's lookups in the gazetteer (search/places.py): a place by the name typed,
whatever its case and accents, by its exact coordinates, and the names to suggest."""

import pytest

from marketplace.core.places import PLACES
from marketplace.search.places import normalise, place_at, place_lookup, place_names

from .conftest import GOTEBORG

pytestmark = pytest.mark.django_db


# The gazetteer


@pytest.mark.parametrize("typed", ["Göteborg", "göteborg", "GOTEBORG", "  goteborg ", "Gothenburg", "GÖTEBORG"])
def test_a_place_is_found_whatever_its_case_and_accents(typed):
    place = place_lookup(typed)

    assert place is not None
    assert (place.name, place.country, (place.lat, place.lon)) == ("Göteborg", "SE", GOTEBORG)


def test_letters_without_accents_to_strip_still_match():
    assert place_lookup("malmo").name == "Malmö"
    assert place_lookup("gdansk").name == "Gdańsk"
    assert normalise("Københavnsø Æbler") == "kobenhavnso aebler"


def test_unknown_and_empty_places_are_not_found():
    assert place_lookup("Atlantis") is None
    assert place_lookup("") is None


def test_a_place_is_found_from_its_exact_coordinates_only():
    assert place_at(*GOTEBORG).name == "Göteborg"
    assert place_at(57.7, 11.97) is None
    assert place_at(None, None) is None


def test_place_names_come_from_the_gazetteer():
    assert sorted(place_names()) == sorted(place.name for place in PLACES)
