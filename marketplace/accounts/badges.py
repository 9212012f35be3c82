"""How many of a freelancer's skills are proven by checked documents is known above accounts
(the passport decides it, the search keeps the figure in its index). The search hands accounts a
function that adds it to a queryset of profiles when it starts (marketplace/search/apps.py), so
the admin's freelancer chooser shows the badge without accounts importing upward."""

from django.db.models import QuerySet, Value

_annotate = None


def register_verified_skill_count(annotate) -> None:
    """`annotate(queryset)` returns the profiles annotated with `verified_skill_count`."""
    global _annotate  # noqa: PLW0603 -- set once at start-up, as core.directory's resolver
    _annotate = annotate


def with_verified_skill_count(queryset: QuerySet) -> QuerySet:
    if _annotate is None:
        return queryset.annotate(verified_skill_count=Value(0))
    return _annotate(queryset)
