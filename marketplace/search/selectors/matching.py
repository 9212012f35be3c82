"""Which entries of the search index a search matches, and the rows of the page it asks for,
in the order it asks for (engine.py runs them; query.py is the contract).

Relevance is ranking.py's formula, read from the stored static score (see "The static score"
there): without words the page is the first matching rows of the (static_score, id) index, or,
when the figures counted the matches exactly, a slice of their candidates (already that order);
with words the RANK_CANDIDATES matches with the highest static score are ranked by the whole
formula and the rest follow in static order. The other sorts read indexes of their own on
PostgreSQL (migration 0005). An order is read from its index when the matches are many and
the page near enough the start (INDEX_WALK_FROM, WALK_ROWS_MAX), or nothing is filtered;
otherwise the matches are found first (through the text's or the radius's index) and sorted.
Nearest first computes the distance inside the radius, trying small rings around the centre
first when the matches are many.

Every order ends with the profile's id, so equal rows keep their order from page to page.
"""

import datetime
import math
from dataclasses import replace

from django.db.models import Exists, F, FloatField, OuterRef, Q, Value
from django.db.models.lookups import LessThanOrEqual, Lookup

from marketplace.accounts.models import Profile
from marketplace.passport.models import CompetenceDocument

from .. import ranking
from ..models import SearchEntry
from ..query import SearchParams
from . import geo
from .figures import index_size
from .taxonomy import taxonomy
from .text import Text, holds, postgres

__all__ = ["matches", "page_rows"]

# From this many matches a page is read by walking the sort's index (each match is then one
# row in this many of the index, so the walk is short); below it, matches are found first.
INDEX_WALK_FROM = 10_000
# ... and as long as the walk is expected to pass at most this many entries.
WALK_ROWS_MAX = 20_000
# The share of an estimated count that paging reaches (the estimate is within a few per cent).
ESTIMATE_PAGES_SHARE = 0.9
# The deepest page offered: MAX_PAGES × the page's size results (1,000 at 20 a page) of any
# search, however many match. Reading page n walks (or sorts) the n × per_page best matches
# first, so a page past this one costs in proportion to how deep it is; no one reads that far,
# and a search that finds more says how many ("about 34,000") and asks to be narrowed.
MAX_PAGES = 50
# Nearest first looks for the page within these distances before the whole radius.
DISTANCE_RINGS_KM = (10, 40, 160)


def page_rows(matches, params: SearchParams, figures, *, text: Text, centre, per_page: int):
    """The (profile id, score, distance) rows of the page the search asks for, or of the last
    page when it asks past the end (or past MAX_PAGES); and that page's number and the number
    of pages."""
    # An estimate's pages stop short of its end, so that a page it promises almost always exists.
    reachable = figures.total * ESTIMATE_PAGES_SHARE if figures.approximate else figures.total
    num_pages = max(1, min(math.ceil(reachable / per_page), MAX_PAGES))
    page = min(max(params.page, 1), num_pages)
    if figures.total == 0:
        return [], page, num_pages
    offset = (page - 1) * per_page
    text_rank = text.rank()
    extra = text.score_extra()
    columns = ("profile_id", "score", "distance_km")
    annotations = {
        "score": ranking.stored_score(text_rank=text_rank, extra=extra),
        "distance_km": geo.distance_km(*centre) if centre else Value(None, output_field=FloatField()),
    }
    # Read the order from the sort's index only when matches are many (see _ordering) and the
    # page near enough the start that the walk past the rows failing the filters stays short,
    # or when nothing is filtered (then every row of the index is a match).
    unfiltered = replace(params, page=1, sort="relevance") == SearchParams()
    broad = unfiltered or (
        figures.total >= INDEX_WALK_FROM and (offset + per_page) * index_size() / figures.total <= WALK_ROWS_MAX
    )
    # Counted exactly, the figures carry the matches with the best static scores (figures.py):
    # all of them for a small search, whose page is then read from those ids alone, in any order.
    candidates = figures.candidates
    if (candidates is not None and text_rank is None and extra is None and params.sort == "relevance"
            and offset + per_page <= len(candidates)):
        # Without words, relevance is the static order, which the candidates are already in:
        # the page is a slice of them, read by id (a filtered search of a few thousand matches
        # no longer finds and sorts them a second time: 209 ms -> about 1 at 1,000,000 profiles).
        page_ids = candidates[offset:offset + per_page]
        found = {row[0]: row for row in SearchEntry.objects.filter(_one_of(page_ids))
                 .annotate(**annotations).values_list(*columns)}
        return [found[profile_id] for profile_id in page_ids if profile_id in found], page, num_pages
    if candidates is not None and len(candidates) >= figures.total:
        matches = SearchEntry.objects.filter(_one_of(candidates))
    ordering = _ordering(params.sort, has_centre=bool(centre), walk=broad or not postgres())
    if ordering is DISTANCE:
        # Nearest first among many matches: the page is taken from the nearest ring that holds
        # enough of them (every match inside a ring is nearer than every match outside it, so
        # its order is the whole search's), sparing the distance of every match in the radius.
        ordered = matches.annotate(**annotations).order_by(*ordering)
        for ring_km in DISTANCE_RINGS_KM if broad else ():
            if params.radius_km is not None and ring_km >= params.radius_km:
                break
            ring = ordered.filter(geo.bounding_box(*centre, ring_km), distance_km__lte=ring_km)
            rows = list(ring.values_list(*columns)[offset:offset + per_page])
            if len(rows) == per_page:
                return rows, page, num_pages
        return list(ordered.values_list(*columns)[offset:offset + per_page]), page, num_pages
    if (text_rank is None and extra is None) or params.sort not in ("relevance", "distance"):
        ordered = matches.annotate(**annotations).order_by(*ordering)
        return list(ordered.values_list(*columns)[offset:offset + per_page]), page, num_pages

    # Relevance with words: the candidates (the best static scores among the matches) ranked
    # by the whole formula, then every other match in static order (ranking.py).
    ranked_count = ranking.RANK_CANDIDATES
    rows = []
    if offset < ranked_count:
        best = (
            _one_of(candidates) if candidates is not None
            else Q(profile_id__in=matches.order_by(*ordering).values("profile_id")[:ranked_count])
        )
        ranked = SearchEntry.objects.filter(best).annotate(**annotations).order_by("-score", "profile_id")
        rows = list(ranked.values_list(*columns)[offset:min(offset + per_page, ranked_count)])
    if offset + per_page > ranked_count:
        start = max(offset, ranked_count)
        rest = matches.annotate(**annotations).order_by(*ordering)
        rows += list(rest.values_list(*columns)[start:start + per_page - len(rows)])
    return rows, page, num_pages


class _AnyOf(Lookup):
    """`column = ANY(%s)` with the ids as one array parameter (PostgreSQL): a search's up to
    RANK_CANDIDATES ids as `IN (%s, %s, …)` cost about a millisecond of Python each time,
    each id prepared and the driver splitting a statement of a thousand placeholders."""

    lookup_name = "any_of"
    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):
        return "%s", [[int(pk) for pk in value]]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", (*lhs_params, *rhs_params)


def _one_of(profile_ids: list[int]):
    """Entries of these profiles (the figures' candidates, which only PostgreSQL returns)."""
    return _AnyOf(F("profile_id"), profile_ids)


def matches(params: SearchParams, *, text: Text, today):
    """The entries of every public profile that passes the words and filters, unordered."""
    entries = SearchEntry.objects.filter(is_public=True)
    condition = text.condition()
    if condition is not None:
        entries = entries.filter(condition)

    # Slugs become ids first: the planner estimates `skill_id IN (3, 7)` from its statistics,
    # while a join through the slug (or a category's slug) looks like one row and leads it to
    # nested loops over tens of thousands of matches.
    chosen, in_category = _skill_ids(params)
    if params.skills and params.skills_mode == "all":
        for slug in dict.fromkeys(params.skills):
            entries = entries.filter(holds(chosen.get(slug, [])))
    elif params.skills:
        entries = entries.filter(holds([pk for ids in chosen.values() for pk in ids]))
    if params.category:
        entries = entries.filter(holds(in_category))

    if params.verified_only:
        # The entry's count of proven skills first: an index write follows every approval, so
        # without one there is no valid document to look for (but one may have expired since).
        entries = entries.filter(verified_skill_count__gt=0)
        documents = CompetenceDocument.objects.valid_on(today).filter(owner__profile=OuterRef("profile_id"))
        if params.skills and params.skills_mode == "all":
            for slug in dict.fromkeys(params.skills):
                entries = entries.filter(Exists(documents.filter(skills__in=chosen.get(slug, []))))
        elif params.skills:
            entries = entries.filter(Exists(documents.filter(skills__in=[pk for ids in chosen.values() for pk in ids])))
        elif params.category:
            entries = entries.filter(Exists(documents.filter(skills__in=in_category)))
        else:
            entries = entries.filter(Exists(documents.filter(skills__isnull=False)))

    if params.lat is not None and params.lon is not None and params.radius_km is not None:
        entries = entries.filter(
            geo.bounding_box(params.lat, params.lon, params.radius_km),
            LessThanOrEqual(geo.distance_km(params.lat, params.lon), float(params.radius_km)),
        )

    if params.available_now:
        entries = entries.filter(availability=Profile.Availability.AVAILABLE_NOW)
    elif params.available_by is not None:
        entries = entries.filter(
            Q(availability=Profile.Availability.AVAILABLE_NOW)
            | Q(availability=Profile.Availability.AVAILABLE_FROM, available_from__lte=params.available_by)
        )

    # A rate means nothing without its currency: the bounds apply only with one.
    if params.currency and (params.rate_min is not None or params.rate_max is not None):
        entries = entries.filter(currency=params.currency)
        if params.rate_min is not None:
            entries = entries.filter(hourly_rate__gte=params.rate_min)
        if params.rate_max is not None:
            entries = entries.filter(hourly_rate__lte=params.rate_max)

    if params.min_rating is not None:
        entries = entries.filter(rating_average__gte=params.min_rating)

    if params.languages:
        through = Profile.languages.through
        known = taxonomy().languages
        for code in dict.fromkeys(params.languages):
            language = known.get(code)
            entries = entries.filter(Exists(through.objects.filter(
                profile_id=OuterRef("profile_id"), language_id=language.pk if language else None
            )))
    return entries


def _skill_ids(params: SearchParams) -> tuple[dict[str, list[int]], list[int]]:
    """Ids of the chosen skills by slug, and of the skills in the chosen category."""
    if not (params.skills or params.category):
        return {}, []
    known = taxonomy()
    chosen = {slug: [known.skills[slug].pk] for slug in params.skills if slug in known.skills}
    in_category = known.skill_ids_in(params.category) if params.category else []
    return chosen, in_category


RELEVANCE = [F("static_score").desc(), "profile_id"]
DISTANCE = [F("distance_km").asc(nulls_last=True), "profile_id"]


def _ordering(sort: str, *, has_centre: bool, walk: bool = True) -> list:
    """The ORDER BY of a sort. With `walk` off (PostgreSQL, few matches) each column gets a
    no-op added, so that the planner cannot follow the sort's index: it then finds the few
    matches first and sorts them, instead of walking the index past thousands of rows that
    fail the filters (which it does when it misjudges how many match, as for two words)."""
    def column(name, zero):
        return F(name) if walk else F(name) + Value(zero)

    if sort == "rate_asc":
        return [column("hourly_rate", 0).asc(nulls_last=True), "profile_id"]
    if sort == "rate_desc":
        return [column("hourly_rate", 0).desc(nulls_last=True), "profile_id"]
    if sort == "distance" and has_centre:
        return DISTANCE
    if sort == "rating":
        return [column("rating_average", 0).desc(nulls_last=True), F("rating_count").desc(), "profile_id"]
    if sort == "newest":
        return [column("joined_at", datetime.timedelta(0)).desc(nulls_last=True), "profile_id"]
    return RELEVANCE if walk else [column("static_score", 0.0).desc(), "profile_id"]
