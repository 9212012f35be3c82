"""Runs the judgement list through the search and measures it (metrics.py), per query class
and overall; `report()` prints it as the benchmark shows it."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from marketplace.search import selectors
from marketplace.search.query import SearchParams

from . import metrics
from .dataset import Built, Person
from .judgements import CLASSES, JUDGEMENTS, Judgement

__all__ = ["Evaluation", "QueryResult", "Summary", "evaluate", "params_for", "report"]


def params_for(query: str) -> SearchParams:
    """What the search page sends for a search box entry: the entry as typed. (Whatever the
    search understands of it, a place or a skill, it works out from `q` itself.)"""
    return SearchParams(q=query)


@dataclass
class Returned:
    number: int | None  # the data set's person, None for anyone else
    name: str
    city: str
    grade: int


@dataclass
class QueryResult:
    judgement: Judgement
    returned: list[Returned]  # the first metrics.K, in order
    total: int
    judged: list[int]  # every grade above 0 the data set holds for the query

    @property
    def grades(self) -> list[int]:
        return [item.grade for item in self.returned]

    @property
    def ndcg(self) -> float | None:
        return metrics.ndcg(self.grades, self.judged)

    @property
    def rr(self) -> float | None:
        return metrics.reciprocal_rank(self.grades, self.judged)

    @property
    def zero(self) -> bool:
        """Nothing came back although someone is relevant."""
        return self.total == 0 and bool(self.judged)


@dataclass
class Summary:
    queries: int
    ndcg: float | None
    mrr: float | None
    zero: int  # queries with a relevant profile that returned nothing

    @classmethod
    def of(cls, results: Sequence[QueryResult]) -> "Summary":
        return cls(queries=len(results), ndcg=metrics.mean(r.ndcg for r in results),
                   mrr=metrics.mean(r.rr for r in results), zero=sum(r.zero for r in results))

    @property
    def zero_rate(self) -> float:
        return self.zero / self.queries if self.queries else 0.0


@dataclass
class Evaluation:
    results: list[QueryResult]

    def overall(self) -> Summary:
        return Summary.of(self.results)

    def by_class(self) -> dict[str, Summary]:
        return {kind: Summary.of([r for r in self.results if r.judgement.kind == kind])
                for kind in CLASSES if any(r.judgement.kind == kind for r in self.results)}

    def zero_results(self) -> list[str]:
        return [r.judgement.query for r in self.results if r.zero]

    def worst(self, count: int) -> list[QueryResult]:
        return sorted(self.results, key=lambda r: (r.ndcg if r.ndcg is not None else 1.0, r.judgement.query))[:count]


def evaluate(built: Built, population: Sequence[Person], judgements: Sequence[Judgement] = JUDGEMENTS, *,
             params: Callable[[str], SearchParams] = params_for) -> Evaluation:
    """Search for every query of the list (the first page of metrics.K results) and grade what
    comes back."""
    people = {person.number: person for person in population}
    number_of = built.number_of()
    results = []
    for judgement in judgements:
        found = selectors.search(params(judgement.query), per_page=metrics.K)
        returned = []
        for profile in found.profiles:
            person = people.get(number_of.get(profile.pk))
            returned.append(Returned(
                number=person.number if person else None, name=profile.display_name, city=profile.city,
                grade=judgement.grade(person) if person else 0,
            ))
        judged = [grade for grade in map(judgement.grade, population) if grade > 0]
        results.append(QueryResult(judgement=judgement, returned=returned, total=found.total, judged=judged))
    return Evaluation(results)


def _figure(value: float | None) -> str:
    return "   -" if value is None else f"{value:.3f}"


def report(evaluation: Evaluation, population: Sequence[Person], *, worst: int = 12) -> str:
    """The table per class, the zero-result queries, and the worst queries with what came back."""
    people = {person.number: person for person in population}
    lines = [f"{'class':<12} {'queries':>7} {'NDCG@10':>8} {'MRR':>6} {'zero results':>13}"]
    rows = [*evaluation.by_class().items(), ("overall", evaluation.overall())]
    for kind, summary in rows:
        lines.append(f"{kind:<12} {summary.queries:>7} {_figure(summary.ndcg):>8} {_figure(summary.mrr):>6} "
                     f"{summary.zero:>5} ({summary.zero_rate:>4.0%})")
    zero = evaluation.zero_results()
    lines += ["", f"Queries with a relevant profile that found nothing ({len(zero)}):"]
    lines += [f"  {query}" for query in zero] or ["  none"]
    lines += ["", f"The {worst} worst queries (NDCG@10), with the grades' rules and what came back:"]
    for result in evaluation.worst(worst):
        judgement = result.judgement
        lines.append(f"  {judgement.query!r} ({judgement.kind}): NDCG@10 {_figure(result.ndcg)}, "
                     f"{result.total} found, {len(result.judged)} relevant")
        lines.append(f"      grades: {judgement.describe()}")
        for rank, item in enumerate(result.returned, start=1):
            person = people.get(item.number)
            skills = ", ".join(held.slug for held in person.skills) if person else "not in the data set"
            lines.append(f"      {rank:>2}. [{item.grade}] {item.name}, {item.city} ({skills})")
    return "\n".join(lines)
