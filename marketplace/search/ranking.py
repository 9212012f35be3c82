"""How the search orders results by relevance: one SQL expression over the profile's search
entry (SearchEntry), computed for every match so that ordering and paging happen in the
database.

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
            needs only comparisons with fixed instants, which every database does alike.

So words decide first (a text match is worth up to 1.0, the rest together 0.9), and among
equally good matches proven skills weigh most, then reputation, then experience, a complete
profile and recent activity. Ties are broken by the profile's id (selectors.py), so the order
is the same on every request.
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


def _float(expression):
    return Cast(expression, FloatField())


def recency(*, now: datetime.datetime, field: str):
    return Case(
        *(When(**{f"{field}__gte": now - datetime.timedelta(days=days)}, then=Value(value))
          for days, value in RECENCY_STEPS),
        default=Value(0.0),
        output_field=FloatField(),
    )


def score(*, text_rank=None, now: datetime.datetime, prefix: str = "search_entry__"):
    """The score above as one expression, for a queryset whose rows reach a SearchEntry
    through `prefix` ("search_entry__" from Profile, "" from SearchEntry itself)."""
    def field(name):
        return F(f"{prefix}{name}")

    verified = _float(Least(field("verified_skill_count"), Value(VERIFIED_CAP))) / Value(float(VERIFIED_CAP))
    rating = _float(Coalesce(field("rating_average"), Value(0))) / Value(float(RATING_MAX))
    experience = _float(Least(field("experience_years"), Value(EXPERIENCE_CAP))) / Value(float(EXPERIENCE_CAP))
    expression = (
        Value(VERIFIED_WEIGHT) * verified
        + Value(RATING_WEIGHT) * rating
        + Value(EXPERIENCE_WEIGHT) * experience
        + Value(COMPLETENESS_WEIGHT) * field("completeness")
        + Value(RECENCY_WEIGHT) * recency(now=now, field=f"{prefix}last_active_at")
    )
    if text_rank is not None:
        expression = Value(TEXT_WEIGHT) * _float(text_rank) + expression
    return Cast(expression, FloatField())
