"""Rating statistics: the running figures and the Bayesian average.

    bayesian = (C × m + Σ overall) / (C + n)

with n the member's counted ratings, m = RATING_PRIOR_MEAN (4.0) and C = RATING_PRIOR_WEIGHT
(5). Every member starts as if they had five 4-star ratings: one 5-star review gives
(20 + 5) / 6 = 4.17, while fifty reviews averaging 4.8 give (20 + 240) / 55 = 4.73, so a long
record of excellent work outranks a single perfect score, and a single bad review does not sink
a newcomer either (one 1-star: 3.5). 4.0 sits a little below the typical average on review
platforms, so the prior pulls new members slightly down rather than up; five ratings is about
the number after which a member's own record should dominate.

Counted ratings are revealed and not hidden, public or private. The figures change only by
`apply` and `unapply`, in the transaction of the reveal or moderation decision that causes them;
`recompute` derives them from the ratings themselves."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Count, Q, Sum

from .models import DIMENSIONS, Rating, RatingStatistics
from .signals import rating_statistics_changed


def bayesian(total_overall: int, count: int) -> Decimal | None:
    if not count:
        return None
    prior_mean, prior_weight = Decimal(str(settings.RATING_PRIOR_MEAN)), settings.RATING_PRIOR_WEIGHT
    value = (prior_mean * prior_weight + total_overall) / (prior_weight + count)
    return value.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


def _locked(user_id) -> RatingStatistics:
    RatingStatistics.objects.get_or_create(user_id=user_id)
    return RatingStatistics.objects.select_for_update().get(user_id=user_id)


def _change(rating: Rating, sign: int) -> RatingStatistics:
    stats = _locked(rating.subject_id)
    stats.count += sign
    for dimension in DIMENSIONS:
        field = f"sum_{dimension}"
        setattr(stats, field, getattr(stats, field) + sign * getattr(rating, dimension))
    field = f"stars_{rating.overall}"
    setattr(stats, field, getattr(stats, field) + sign)
    if stats.count < 0:
        raise ValueError(f"Rating statistics of {rating.subject_id} would go negative")
    stats.bayesian_average = bayesian(stats.sum_overall, stats.count)
    stats.save()
    _publish(stats)
    return stats


def apply(rating: Rating) -> RatingStatistics:
    """A rating starts counting (revealed, or shown again by a moderator)."""
    return _change(rating, +1)


def unapply(rating: Rating) -> RatingStatistics:
    """A counted rating stops counting (hidden by a moderator)."""
    return _change(rating, -1)


def _publish(stats: RatingStatistics) -> None:
    rating_statistics_changed.send(sender=RatingStatistics, statistics=stats)


def derived(user_id) -> dict:
    """The figures computed from the ratings themselves."""
    aggregates = {f"sum_{d}": Sum(d, default=0) for d in DIMENSIONS}
    aggregates.update({f"stars_{s}": Count("pk", filter=Q(overall=s)) for s in range(1, 6)})
    figures = Rating.objects.counted().filter(subject_id=user_id).aggregate(count=Count("pk"), **aggregates)
    figures["bayesian_average"] = bayesian(figures["sum_overall"], figures["count"])
    return figures


def recompute(*, fix: bool = False) -> list[str]:
    """Compare every member's running figures with the ratings; with `fix`, overwrite them.
    Returns the differences found."""
    differences = []
    user_ids = set(Rating.objects.values_list("subject_id", flat=True)) | set(
        RatingStatistics.objects.values_list("user_id", flat=True))
    for user_id in sorted(user_ids, key=str):
        figures = derived(user_id)
        stats = RatingStatistics.objects.filter(user_id=user_id).first()
        running = {key: getattr(stats, key) for key in figures} if stats else None
        if running != figures and not (running is None and figures["count"] == 0):
            differences.append(f"member {user_id}: running {running}, recomputed {figures}")
            if fix:
                RatingStatistics.objects.update_or_create(user_id=user_id, defaults=figures)
                _publish(RatingStatistics.objects.get(user_id=user_id))
    return differences
