"""The search's lookups in the gazetteer (core/places.py): a place by the name typed, by the
coordinates a search is centred on, and the names to suggest next to the search box (the
lookups by name are core's, shared with the profile's place chooser)."""

from functools import cache

from marketplace.core.places import ALIASES, PLACES, Place, normalise, place_lookup, place_names

__all__ = ["ALIASES", "Place", "gazetteer", "normalise", "place_at", "place_lookup", "place_names"]


def gazetteer() -> tuple[Place, ...]:
    """Every place, the larger first (as PLACES lists them)."""
    return PLACES


@cache
def _by_point() -> dict[tuple[float, float], Place]:
    return {(place.lat, place.lon): place for place in PLACES}


def place_at(lat: float | None, lon: float | None) -> Place | None:
    """The place whose coordinates these are exactly (a search centred on a named place), or None."""
    if lat is None or lon is None:
        return None
    return _by_point().get((lat, lon))
