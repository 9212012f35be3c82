from django import template

from .. import selectors
from ..forms import LABELS
from ..models import DIMENSIONS, RatingFlag

register = template.Library()


@register.filter
def stars(score) -> str:
    """★★★★☆ for 4: shown beside the number, which is what a screen reader reads."""
    try:
        filled = max(0, min(5, round(float(score))))
    except (TypeError, ValueError):
        return ""
    return "★" * filled + "☆" * (5 - filled)


@register.filter
def dimension_label(dimension: str) -> str:
    return LABELS[dimension][0]


@register.filter
def score_rows(rating) -> list[tuple[str, int]]:
    """The five scores of a review with their labels, overall first."""
    return [(LABELS[dimension][0], getattr(rating, dimension)) for dimension in DIMENSIONS]


@register.simple_tag
def flag_reasons():
    return RatingFlag.Reason.choices


@register.simple_tag
def member_rating(user_id):
    """One query: a member's rating summary (the client line on a booking page)."""
    return selectors.member_summary(user_id=user_id)


@register.simple_tag
def booking_ratings(booking, user):
    """One query: what this party of a completed booking sees of its ratings."""
    return selectors.booking_ratings(booking=booking, user=user)
