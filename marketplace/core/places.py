"""The gazetteer: the places Valund knows, each with its country and coordinates, the larger
first. Reference data that any layer may read: the search understands these names (a radius
search around one centres on its coordinates), and the demo data places its members in them.

Names match whatever their case or accents: "goteborg", "GÖTEBORG" and "Göteborg" are one
place (`normalise`); a few common other-language names are aliases."""

from dataclasses import dataclass
from decimal import Decimal
from difflib import get_close_matches
from functools import cache

from .vocabulary import fold


@dataclass(frozen=True)
class Place:
    name: str
    country: str  # ISO 3166-1 alpha-2
    lat: float
    lon: float

    @property
    def coordinates(self) -> tuple[Decimal, Decimal]:
        """Latitude and longitude as a profile stores them: degrees to six decimals."""
        return Decimal(f"{self.lat:.6f}"), Decimal(f"{self.lon:.6f}")


PLACES: tuple[Place, ...] = (
    Place("Stockholm", "SE", 59.329323, 18.068581),
    Place("Göteborg", "SE", 57.708870, 11.974560),
    Place("Malmö", "SE", 55.604981, 13.003822),
    Place("Uppsala", "SE", 59.858562, 17.638927),
    Place("Västerås", "SE", 59.609901, 16.544809),
    Place("Örebro", "SE", 59.275263, 15.213411),
    Place("Linköping", "SE", 58.410807, 15.621373),
    Place("Helsingborg", "SE", 56.046467, 12.694512),
    Place("Jönköping", "SE", 57.782614, 14.161788),
    Place("Norrköping", "SE", 58.587745, 16.192421),
    Place("Lund", "SE", 55.704660, 13.191007),
    Place("Umeå", "SE", 63.825847, 20.263035),
    Place("Gävle", "SE", 60.674880, 17.141273),
    Place("Borås", "SE", 57.721035, 12.939819),
    Place("Sundsvall", "SE", 62.390811, 17.306927),
    Place("Luleå", "SE", 65.584819, 22.156703),
    Place("Kiruna", "SE", 67.855800, 20.225282),
    Place("Eskilstuna", "SE", 59.371380, 16.509804),
    Place("Karlstad", "SE", 59.402181, 13.511498),
    Place("Växjö", "SE", 56.879004, 14.805852),
    Place("Halmstad", "SE", 56.674375, 12.857788),
    Place("Södertälje", "SE", 59.195468, 17.625650),
    Place("Skellefteå", "SE", 64.750244, 20.950917),
    Place("Östersund", "SE", 63.179184, 14.635664),
    Place("Kalmar", "SE", 56.663445, 16.356779),
    Place("Falun", "SE", 60.604700, 15.626000),
    Place("Trollhättan", "SE", 58.283489, 12.285821),
    Place("Kristianstad", "SE", 56.031200, 14.156700),
    Place("Visby", "SE", 57.634800, 18.294800),
    Place("Oslo", "NO", 59.913869, 10.752245),
    Place("Bergen", "NO", 60.391263, 5.322054),
    Place("Trondheim", "NO", 63.430515, 10.395053),
    Place("Stavanger", "NO", 58.969975, 5.733107),
    Place("Copenhagen", "DK", 55.676097, 12.568337),
    Place("Aarhus", "DK", 56.162939, 10.203921),
    Place("Odense", "DK", 55.403756, 10.402370),
    Place("Helsinki", "FI", 60.169856, 24.938379),
    Place("Espoo", "FI", 60.205491, 24.655900),
    Place("Tampere", "FI", 61.497753, 23.760954),
    Place("Turku", "FI", 60.451813, 22.266630),
    Place("Oulu", "FI", 65.012093, 25.465076),
    Place("Tallinn", "EE", 59.436962, 24.753574),
    Place("Tartu", "EE", 58.378025, 26.728493),
    Place("Riga", "LV", 56.949649, 24.105186),
    Place("Vilnius", "LT", 54.687157, 25.279652),
    Place("Kaunas", "LT", 54.898521, 23.903597),
    Place("Gdańsk", "PL", 54.352025, 18.646638),
    Place("Berlin", "DE", 52.520008, 13.404954),
    Place("Hamburg", "DE", 53.551086, 9.993682),
)

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
    """'  Göteborg ' → 'goteborg': folded as the search folds words, surrounding and repeated
    spaces ignored."""
    return " ".join(fold(name).split())


@cache
def _by_key() -> dict[str, Place]:
    by_key = {normalise(place.name): place for place in PLACES}
    for alias, name in ALIASES.items():
        by_key[alias] = by_key[normalise(name)]
    return by_key


def place_lookup(name: str) -> Place | None:
    """The place with this name or alias, whatever its case and accents, or None when the
    gazetteer does not know it."""
    return _by_key().get(normalise(name))


def places_starting(typed: str, *, limit: int) -> list[Place]:
    """The places whose name or alias starts with what is typed, the larger first, each once."""
    prefix = normalise(typed)
    if not prefix:
        return []
    found = list(dict.fromkeys(place for key, place in _by_key().items() if key.startswith(prefix)))
    found.sort(key=PLACES.index)
    return found[:limit]


def places_close_to(name: str, *, limit: int = 3) -> list[Place]:
    """The places whose names are spelt most like this one (a typing slip), the closest first."""
    keys = get_close_matches(normalise(name), _by_key(), n=limit * 2, cutoff=0.6)
    return list(dict.fromkeys(_by_key()[key] for key in keys))[:limit]


@cache
def _sorted_names() -> tuple[str, ...]:
    return tuple(sorted((place.name for place in PLACES), key=normalise))


def place_names() -> list[str]:
    """Every place's own name, A–Z: what the search box and the profile's place chooser offer."""
    return list(_sorted_names())
