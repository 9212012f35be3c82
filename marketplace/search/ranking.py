"""How the search orders results by relevance: one SQL expression over the profile's search
entry (SearchEntry), so that ordering and paging happen in the database.

    score = 1.00 · text_rank
          + 0.35 · min(verified_skill_count, 3) / 3
          + 0.25 · rating_average / 5                 (0 without ratings)
          + 0.10 · min(experience_years, 20) / 20
          + 0.10 · completeness                       (0–1)
          + 0.10 · recency

text_rank   ts_rank_cd(document, query, 32) on PostgreSQL: cover density with the weights
            D 0.1, C 0.2, B 0.4, A 1.0 (name, skills, verified document types are A), scaled
            by normalisation 32 to rank / (rank + 1), so it lies in [0, 1). 0 without words,
            and 0 on SQLite, which only filters on the words.
recency     from the member's last login (or the profile's last change): 1 within 30 days,
            0.75 within 90, 0.5 within 180, 0.25 within 365, then 0. A step function: it
            needs only comparisons with fixed instants, which every database does alike, and
            changes at most a few times a year per member, so it can be stored.

So words decide first (a text match is worth up to 1.0, the rest together 0.9), and among
equally good matches proven skills weigh most, then reputation, then experience, a complete
profile and recent activity. Ties are broken by the profile's id (selectors/engine.py), so the
order is the same on every request.

The static score
----------------
Everything but text_rank is stored in SearchEntry.static_score (`static_score()` below,
written by services/index.py with every change to the entry's inputs, and for recency by the
daily task `refresh_static_scores`, since a step can pass without any change to the profile).
A btree index on (static_score DESC, profile_id) over public entries lets a search without
words read its page straight from the index instead of scoring every match, and a search with
words rank only what it must:

  without words   ORDER BY static_score DESC, profile_id: the formula above, read from the index.
  with words      the RANK_CANDIDATES matches with the highest static score are ranked by the
                  whole formula (text_rank + static_score); every further match follows them
                  in static order. With up to RANK_CANDIDATES matches (any search but a very
                  common word) that is exactly the formula. With more, a match outside the
                  candidates can rank lower than its words alone would put it: the price of
                  not computing ts_rank_cd over tens of thousands of documents. Those are the
                  searches for a word most profiles contain, where the words tell matches
                  apart least.
"""

import datetime

from django.db.models import Case, F, FloatField, Value, When
from django.db.models.functions import Cast, Coalesce, Least

TEXT_WEIGHT = 1.0
VERIFIED_WEIGHT = 0.35
VERIFIED_CAP = 3
RATING_WEIGHT = 0.25
RATING_MAX = 5
EXPERIENCE_WEIGHT = 0.10
EXPERIENCE_CAP = 20
COMPLETENESS_WEIGHT = 0.10
RECENCY_WEIGHT = 0.10
# (active within this many days, recency)
RECENCY_STEPS = ((30, 1.0), (90, 0.75), (180, 0.5), (365, 0.25))
# With words, the matches with the highest static score that are ranked by their words too.
RANK_CANDIDATES = 1000


def _float(expression):
    return Cast(expression, FloatField())


def recency(*, now: datetime.datetime, field: str):
    return Case(
        *(When(**{f"{field}__gte": now - datetime.timedelta(days=days)}, then=Value(value))
          for days, value in RECENCY_STEPS),
        default=Value(0.0),
        output_field=FloatField(),
    )


def static_score(*, now: datetime.datetime, prefix: str = ""):
    """Everything in the score but the words, as one expression, for a queryset whose rows
    reach a SearchEntry through `prefix` ("" from SearchEntry itself, "search_entry__" from
    Profile). services/index.py stores it in SearchEntry.static_score."""
    def field(name):
        return F(f"{prefix}{name}")

    verified = _float(Least(field("verified_skill_count"), Value(VERIFIED_CAP))) / Value(float(VERIFIED_CAP))
    rating = _float(Coalesce(field("rating_average"), Value(0))) / Value(float(RATING_MAX))
    experience = _float(Least(field("experience_years"), Value(EXPERIENCE_CAP))) / Value(float(EXPERIENCE_CAP))
    return Cast(
        Value(VERIFIED_WEIGHT) * verified
        + Value(RATING_WEIGHT) * rating
        + Value(EXPERIENCE_WEIGHT) * experience
        + Value(COMPLETENESS_WEIGHT) * field("completeness")
        + Value(RECENCY_WEIGHT) * recency(now=now, field=f"{prefix}last_active_at"),
        FloatField(),
    )


def score(*, text_rank=None, now: datetime.datetime, prefix: str = "search_entry__"):
    """The whole score, computed from the inputs (the static part live, not the stored copy):
    the reference the stored static_score and the engine's ordering are tested against."""
    expression = static_score(now=now, prefix=prefix)
    if text_rank is not None:
        expression = Value(TEXT_WEIGHT) * _float(text_rank) + expression
    return Cast(expression, FloatField())


def stored_score(*, text_rank=None, extra=None):
    """The score from the stored static part, for a SearchEntry queryset: what the engine orders
    by. `extra` is the query's own part besides the text rank (selectors/text.py: holding the
    skills the query names, the share of its optional words a profile has)."""
    if text_rank is None and extra is None:
        return F("static_score")
    expression = F("static_score")
    if text_rank is not None:
        expression = Value(TEXT_WEIGHT) * _float(text_rank) + expression
    if extra is not None:
        expression = expression + extra
    return Cast(expression, FloatField())
