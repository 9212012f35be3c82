"""For staff: the parts of each result's relevance score (ranking.py's formula), so that a
person can see why a profile ranks where it does. One query for the page's entries, only
when someone with staff powers asks (the results page's "Why this rank" for staff)."""

import datetime
from dataclasses import dataclass

from django.db.models import FloatField, Value
from django.utils import timezone

from .. import ranking
from ..models import SearchEntry
from ..query import SearchParams, SearchResults
from . import geo
from .text import Text

__all__ = ["ScoreParts", "score_parts"]


@dataclass(frozen=True)
class ScoreParts:
    text: float  # TEXT_WEIGHT × the text rank (0 on SQLite, which only filters on words)
    skill: float  # holding the skills the words name
    words: float  # the share of the optional words (or, relaxed, of all words) matched
    verified: float
    rating: float
    experience: float
    completeness: float
    activity: float
    distance_km: float | None  # not part of the score: the order of "Nearest"

    @property
    def total(self) -> float:
        return (self.text + self.skill + self.words + self.verified + self.rating + self.experience
                + self.completeness + self.activity)

    def rows(self) -> list[tuple[str, float]]:
        return [("text", self.text), ("skill", self.skill), ("words", self.words), ("verified", self.verified),
                ("rating", self.rating), ("experience", self.experience), ("completeness", self.completeness),
                ("activity", self.activity)]


def static_parts(entry, *, now: datetime.datetime) -> dict[str, float]:
    """ranking.static_score(), part by part, in Python (tested to add up to the stored score)."""
    active = entry["last_active_at"]
    activity = 0.0
    if active is not None:
        for days, value in ranking.RECENCY_STEPS:
            if active >= now - datetime.timedelta(days=days):
                activity = value
                break
    rating = float(entry["rating_average"] or 0)
    return {
        "verified": ranking.VERIFIED_WEIGHT * min(entry["verified_skill_count"], ranking.VERIFIED_CAP)
        / ranking.VERIFIED_CAP,
        "rating": ranking.RATING_WEIGHT * rating / ranking.RATING_MAX,
        "experience": ranking.EXPERIENCE_WEIGHT * min(entry["experience_years"], ranking.EXPERIENCE_CAP)
        / ranking.EXPERIENCE_CAP,
        "completeness": ranking.COMPLETENESS_WEIGHT * entry["completeness"],
        "activity": ranking.RECENCY_WEIGHT * activity,
    }


def score_parts(results: SearchResults, params: SearchParams) -> dict[int, ScoreParts]:
    """The parts of the score of each profile on this page of results, by profile id."""
    ids = [profile.pk for profile in results.profiles]
    if not ids:
        return {}
    understood = results.understood
    text = Text.of(understood) if understood is not None else Text.as_typed(params.q)
    lat, lon = params.lat, params.lon
    if understood is not None and understood.place is not None and lat is None:
        lat, lon = understood.place.lat, understood.place.lon
    zero = Value(0.0, output_field=FloatField())
    entries = SearchEntry.objects.filter(profile_id__in=ids).annotate(
        text_rank=text.rank() or zero, skill_part=text.skill_match() or zero, words_part=text.words_match() or zero,
        distance=geo.distance_km(lat, lon) if lat is not None else Value(None, output_field=FloatField()),
    ).values("profile_id", "text_rank", "skill_part", "words_part", "distance", "verified_skill_count",
             "rating_average", "experience_years", "completeness", "last_active_at")
    now = timezone.now()
    return {
        entry["profile_id"]: ScoreParts(
            text=ranking.TEXT_WEIGHT * float(entry["text_rank"] or 0), skill=float(entry["skill_part"] or 0),
            words=float(entry["words_part"] or 0), distance_km=entry["distance"], **static_parts(entry, now=now),
        )
        for entry in entries
    }
