"""A freelancer of the relevance data set as the judgement list's rules read it: skills, place,
documents and the folded text the search can read."""

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from marketplace.accounts.models import Profile
from marketplace.core.vocabulary import fold

from ..passport import template_specs
from ..people import CITIES
from ..taxonomy import SKILLS_BY_SLUG

DOMAIN = "relevance.valund.example"
CITY = {city.name: city for city in CITIES}


@dataclass(frozen=True)
class Held:
    slug: str
    level: int = 3
    years: int = 5


@dataclass(frozen=True)
class Person:
    """One freelancer of the data set, as the judgement list's rules read it."""

    number: int
    first: str
    last: str
    city: str  # a name in CITY
    skills: tuple[Held, ...]  # main skill first
    bio_language: str  # "sv" or "en"
    headline: str
    bio: str
    years: int = 5
    documents: tuple[str, ...] = ()  # approved passport document types (template names)
    pending: tuple[str, ...] = ()  # uploaded, not reviewed yet: they prove nothing
    rating: tuple[Decimal, int] | None = None  # (Bayesian average, count)
    available_in_days: int | None = 0  # 0 now, None not available
    languages: tuple[str, ...] = ("sv", "en")
    hourly_rate: int = 60000  # minor units
    visibility: str = Profile.Visibility.PUBLIC
    email_verified: bool = True
    jitter: tuple[float, float] = (0.0, 0.0)  # from the city's centre, degrees
    note: str = ""  # why a hand-written person is here

    @property
    def email(self) -> str:
        return f"r{self.number:04d}@{DOMAIN}"

    @property
    def display_name(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def country(self) -> str:
        return CITY[self.city].country

    @property
    def latitude(self) -> Decimal:
        return Decimal(f"{CITY[self.city].lat + self.jitter[0]:.6f}")

    @property
    def longitude(self) -> Decimal:
        return Decimal(f"{CITY[self.city].lon + self.jitter[1]:.6f}")

    @property
    def currency(self) -> str:
        return "SEK" if self.country == "SE" else "EUR"

    @property
    def public(self) -> bool:
        """Shown by the search at all (the directory shows public, verified freelancers)."""
        return self.visibility == Profile.Visibility.PUBLIC and self.email_verified

    @cached_property
    def skill_slugs(self) -> frozenset[str]:
        return frozenset(held.slug for held in self.skills)

    @cached_property
    def verified_skills(self) -> frozenset[str]:
        """Skills an approved document proves: the document type's skills that the person holds
        (as the upload below ticks them)."""
        proven = _template_skills()
        return frozenset(slug for name in self.documents for slug in proven[name] if slug in self.skill_slugs)

    @cached_property
    def text(self) -> str:
        """Everything the search can read of the profile, folded: name, headline, bio, skill
        names, approved document types and city."""
        parts = [self.display_name, self.headline, self.bio, *(SKILLS_BY_SLUG[s].name for s in self.skill_slugs),
                 *self.documents, self.city]
        return fold(" ".join(parts))

    def distance_km(self, city: str) -> float:
        """Great-circle distance from the person to a city's centre."""
        place = CITY[city]
        lat1, lon1, lat2, lon2 = map(math.radians, (float(self.latitude), float(self.longitude),
                                                     place.lat, place.lon))
        a = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
        return 2 * 6371.0 * math.asin(math.sqrt(a))


def _template_skills() -> dict[str, tuple[str, ...]]:
    return {spec.name: spec.skills for spec in template_specs()}


_WORD_EDGE = re.compile(r"\w")


def mentions(person: Person, phrase: str) -> bool:
    """The folded phrase occurs in the person's text, not as part of a longer word."""
    folded = fold(phrase)
    pattern = (r"(?<!\w)" if _WORD_EDGE.match(folded[:1]) else "") + re.escape(folded)
    pattern += r"(?!\w)" if _WORD_EDGE.match(folded[-1:]) else ""
    return re.search(pattern, person.text) is not None
