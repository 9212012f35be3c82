"""What the search would do now with the queries that found nothing (the search report's
misses, admin_reports.py): a search of each, kept a few minutes."""

import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.translation import get_language

from ..query import SearchParams
from ..understanding import Concept
from .engine import search
from .taxonomy import vocabulary_version

__all__ = ["Outlook", "outlooks"]

# How long the report keeps what a query finds now: long enough that reloading the report,
# or turning its weeks, searches nothing again; the key carries the vocabulary's version, so
# a new synonym shows at once.
OUTLOOK_CACHE_SECONDS = 300


@dataclass(frozen=True)
class Outlook:
    """What a search for a query finds today: how many, the skills and trades it reads in the
    words, the words it corrects (typed, correction), the place it searches around."""

    total: int
    approximate: bool = False
    concepts: tuple[Concept, ...] = ()
    corrections: tuple[tuple[str, str], ...] = ()
    relaxed: bool = False
    place: str = ""

    @property
    def concept_names(self) -> list[str]:
        language = get_language() or "en"
        return [concept.local_name(language) for concept in self.concepts]

    @property
    def named_directly(self) -> bool:
        """The words as typed name a skill or trade (not only once corrected)."""
        corrected = {correction for _typed, correction in self.corrections}
        return any(not set(concept.words) <= corrected for concept in self.concepts)


def outlooks(queries: list[str]) -> dict[str, Outlook]:
    """What the search would do now with each query, by query: one search per query not in
    the cache (a page of one profile; about as many queries as a visitor's search, and the
    report lists at most REPORT_ROWS), one cache read for all of them and one write for the
    new ones. Queries without words (filters only) are left out."""
    version = vocabulary_version()
    keys = {
        query: f"search:report-outlook:{version}:{hashlib.sha256(query.encode()).hexdigest()}"
        for query in dict.fromkeys(queries) if query.strip()
    }
    cached = cache.get_many(list(keys.values()))
    found, fresh = {}, {}
    for query, key in keys.items():
        if key in cached:
            found[query] = cached[key]
            continue
        results = search(SearchParams(q=query), per_page=1)
        understood = results.understood
        found[query] = fresh[key] = Outlook(
            total=results.total, approximate=results.approximate,
            concepts=tuple(understood.concepts) if understood else (),
            corrections=tuple(understood.corrections) if understood else (),
            relaxed=bool(understood and understood.relaxed),
            place=understood.place.name if understood and understood.place else "",
        )
    if fresh:
        cache.set_many(fresh, OUTLOOK_CACHE_SECONDS)
    return found
