"""The search's input and output, shared by the form (forms.py), the engine (selectors.py),
saved searches and analytics. Parsing and validation of user input happens in forms.py;
everything here is already clean."""

import datetime
from dataclasses import dataclass, field

SORTS = ("relevance", "rate_asc", "rate_desc", "distance", "rating", "newest")
PER_PAGE = 20
# The radius of a search around a place, when none is given (a place typed in the text too).
RADIUS_DEFAULT = 50


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    skills: tuple[str, ...] = ()  # skill slugs
    skills_mode: str = "any"  # "any" or "all"
    category: str = ""  # skill category slug
    lat: float | None = None  # centre of a radius search (from a city or given coordinates)
    lon: float | None = None
    radius_km: int | None = None
    available_now: bool = False
    available_by: datetime.date | None = None  # available on or before this date
    rate_min: int | None = None  # minor units, in `currency`
    rate_max: int | None = None
    currency: str = ""  # "" = any currency (rate filters then need a currency: forms.py insists)
    min_rating: float | None = None
    verified_only: bool = False  # an approved, unexpired passport document for the chosen skill(s)
    languages: tuple[str, ...] = ()  # language codes
    sort: str = "relevance"
    page: int = 1
    # Match the words as typed: no skills, places or corrections read into them ("Search
    # instead for …", and the chips that undo what the search understood).
    literal: bool = False


@dataclass
class Facet:
    slug: str
    name: str
    count: int


@dataclass(frozen=True)
class SkillTag:
    """One of a result's skills, as its card names it."""

    id: int
    slug: str
    name: str


@dataclass
class SearchResults:
    # Profile objects of this page, with only the fields a result card shows loaded (see
    # selectors.engine.CARD_FIELDS), each with .score (float), .distance_km (None without a
    # centre), .skill_tags (SkillTag list, highest level first, then by name) and
    # .verified_skill_ids (set of skill ids proven by a valid passport document)
    profiles: list
    total: int
    page: int
    num_pages: int
    per_page: int = PER_PAGE
    skill_facets: list[Facet] = field(default_factory=list)
    category_facets: list[Facet] = field(default_factory=list)
    # The total and the facets' counts are estimates (a broad search, counted from a sample):
    # the page says "about".
    approximate: bool = False
    # What the search read into its words (understanding.Understanding), None when it read
    # nothing (no words, or `literal`); with the corrections it made and whether it relaxed.
    understood: object = None

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1
