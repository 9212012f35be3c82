"""The measures, as plain functions of grades (judgements.py's 0-3) in the order returned.

NDCG@k    DCG@k = Σ_{i=1..k} grade_i / log2(i + 1) (linear gain, log2 discount, as trec_eval
          computes it), divided by the DCG@k of the ideal order: every judged grade of the
          query, highest first. 1.0 is a perfect first page.
RR@k      1 / the rank of the first result graded 2 or more (RELEVANT) within the first k,
          0 when there is none; MRR is its mean. Undefined (None) for a query that has no
          profile graded 2 or more.
zero      a query with at least one profile graded 1 or more that returns no result at all.
"""

import math
from collections.abc import Iterable, Sequence

K = 10
RELEVANT = 2


def dcg(grades: Sequence[int], k: int = K) -> float:
    return sum(grade / math.log2(rank + 1) for rank, grade in enumerate(grades[:k], start=1))


def ndcg(returned: Sequence[int], judged: Iterable[int], k: int = K) -> float | None:
    """NDCG@k of the grades returned, against all grades judged for the query; None when
    nothing is judged relevant."""
    ideal = dcg(sorted((grade for grade in judged if grade > 0), reverse=True), k)
    return dcg(returned, k) / ideal if ideal else None


def reciprocal_rank(returned: Sequence[int], judged: Iterable[int], k: int = K) -> float | None:
    if not any(grade >= RELEVANT for grade in judged):
        return None
    return next((1 / rank for rank, grade in enumerate(returned[:k], start=1) if grade >= RELEVANT), 0.0)


def mean(values: Iterable[float | None]) -> float | None:
    defined = [value for value in values if value is not None]
    return sum(defined) / len(defined) if defined else None
