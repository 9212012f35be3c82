"""A small gazetteer: the place names the search understands, each with its coordinates.

The cities are the demo's table (marketplace.demo.people.CITIES), the places where
members live, so a radius search around any of them finds someone. Names match whatever
their case or accents: "goteborg", "GÖTEBORG" and "Göteborg" are one place; a few common
other-language names are aliases."""

import unicodedata
from dataclasses import dataclass
from functools import cache

from marketplace.demo.people import CITIES


@dataclass(frozen=True)
class Place:
    name: str
    country: str  # ISO 3166-1 alpha-2
    lat: float
    lon: float


# Other names people type for a place: exonyms and the local form of an English name.
ALIASES = {
    "gothenburg": "Göteborg",
    "kobenhavn": "Copenhagen",
    "helsingfors": "Helsinki",
    "abo": "Turku",
    "reval": "Tallinn",
    "danzig": "Gdańsk",
}


def normalise(name: str) -> str:
    """'  Göteborg ' → 'goteborg': case, accents and surrounding or repeated spaces ignored."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    # Letters with no decomposition that Nordic names use.
    stripped = stripped.translate(str.maketrans({"ø": "o", "æ": "ae", "ð": "d", "þ": "th", "ł": "l"}))
    return " ".join(stripped.split())


@cache
def _places() -> tuple[Place, ...]:
    return tuple(Place(city.name, city.country, city.latitude, city.longitude) for city in CITIES)


def gazetteer() -> tuple[Place, ...]:
    """Every place, the larger first (as CITIES lists them)."""
    return _places()


@cache
def _by_key() -> dict[str, Place]:
    by_key = {normalise(place.name): place for place in _places()}
    for alias, name in ALIASES.items():
        by_key[alias] = by_key[normalise(name)]
    return by_key


@cache
def _by_point() -> dict[tuple[float, float], Place]:
    return {(place.lat, place.lon): place for place in _places()}


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
    return tuple(sorted((place.name for place in _places()), key=normalise))


def place_names() -> list[str]:
    """Every place's own name, A–Z, for suggestions next to the search box."""
    return list(_sorted_names())
