"""The search's lookups in the gazetteer (core/places.py): a place by the name typed, by the
coordinates a search is centred on, and the names to suggest next to the search box."""

from functools import cache

from marketplace.core.places import ALIASES, PLACES, Place, normalise

__all__ = ["ALIASES", "Place", "gazetteer", "normalise", "place_at", "place_lookup", "place_names"]


def gazetteer() -> tuple[Place, ...]:
    """Every place, the larger first (as PLACES lists them)."""
    return PLACES


@cache
def _by_key() -> dict[str, Place]:
    by_key = {normalise(place.name): place for place in PLACES}
    for alias, name in ALIASES.items():
        by_key[alias] = by_key[normalise(name)]
    return by_key


@cache
def _by_point() -> dict[tuple[float, float], Place]:
    return {(place.lat, place.lon): place for place in PLACES}


def place_lookup(name: str) -> Place | None:
    """The place with this name, or None when the gazetteer does not know it."""
    return _by_key().get(normalise(name))


def place_at(lat: float | None, lon: float | None) -> Place | None:
    """The place whose coordinates these are exactly (a search centred on a named place), or None."""
    if lat is None or lon is None:
        return None
    return _by_point().get((lat, lon))


@cache
def _sorted_names() -> tuple[str, ...]:
    return tuple(sorted((place.name for place in PLACES), key=normalise))


def place_names() -> list[str]:
    """Every place's own name, A–Z, for suggestions next to the search box."""
    return list(_sorted_names())
