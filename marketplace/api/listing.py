"""Filters and ordering of the long lists read by cursor, as hand-written query parameters like
the bookings list's: each value is checked here, and a wrong one is a 400 problem naming the
parameter (never ignored, never a 500). `ordering` takes one of a whitelist of fields, `-` before
it for the other way round; the id always breaks ties, so pages stay stable."""

import datetime

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError

from .pagination import CursorPagination

TRUE, FALSE = ("true", "1"), ("false", "0")


def _refuse(name: str, message: str):
    raise ValidationError({name: [message]})


def boolean(request, name: str) -> bool | None:
    value = request.query_params.get(name)
    if value is None or value == "":
        return None
    if value.lower() in TRUE:
        return True
    if value.lower() in FALSE:
        return False
    _refuse(name, "Give true or false.")


def choice(request, name: str, choices) -> str | None:
    value = request.query_params.get(name) or None
    if value is not None and value not in choices:
        _refuse(name, f"Give one of: {', '.join(choices)}.")
    return value


def moment(request, name: str) -> datetime.datetime | None:
    """An ISO 8601 date and time (with its offset; without one, in the site's time zone) or a date
    (its midnight)."""
    value = request.query_params.get(name) or None
    if value is None:
        return None
    try:
        parsed = parse_datetime(value)
    except ValueError:
        parsed = None
    try:
        if parsed is not None:
            return (parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)).astimezone(datetime.UTC)
    except (ValueError, OverflowError):
        pass  # a moment too close to year 1 or 9999 to be put in UTC
    _refuse(name, "Give an ISO 8601 date and time, such as 2026-11-30T09:00:00+01:00.")


def day(request, name: str) -> datetime.date | None:
    value = request.query_params.get(name) or None
    if value is None:
        return None
    try:
        parsed = parse_date(value)
    except ValueError:
        parsed = None
    if parsed is None:
        _refuse(name, "Give an ISO 8601 date, such as 2026-11-30.")
    return parsed


def week(request, name: str = "week") -> datetime.date | None:
    """The Monday of an ISO week such as 2026-W48."""
    value = request.query_params.get(name) or None
    if value is None:
        return None
    try:
        return datetime.datetime.strptime(f"{value}-1", "%G-W%V-%u").date()
    except ValueError:
        _refuse(name, "Give an ISO week, such as 2026-W48.")


class Ordering:
    """The fields a list may be ordered by, and its default (`-field` for descending)."""

    def __init__(self, *fields: str, default: str):
        self.fields = fields
        self.default = default
        self.values = [value for field in fields for value in (field, f"-{field}")]

    def chosen(self, request) -> tuple[str, ...]:
        value = request.query_params.get("ordering") or self.default
        if value not in self.values:
            _refuse("ordering", f"Give one of: {', '.join(self.values)}.")
        return (value, "-pk" if value.startswith("-") else "pk")

    def parameter(self) -> OpenApiParameter:
        return OpenApiParameter(
            "ordering",
            str,
            enum=self.values,
            description=f"The order of the list: a field, with `-` before it for descending; "
            f"ties by id. Default `{self.default}`.",
        )


class OrderedCursorPagination(CursorPagination):
    """Cursor pages in the order the view chose (`view.ordering_chosen`), its default otherwise."""

    def get_ordering(self, request, queryset, view):
        return getattr(view, "ordering_chosen", None) or self.ordering
