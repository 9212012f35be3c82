"""The search engine: SearchParams in, SearchResults out (query.py is the contract).

Matching, counting, faceting and ranking run on the search index (SearchEntry, one narrow row
per profile with copies of what the filters read; see models/index.py), so that a search
over tens of thousands of matches scans one table instead of joining profiles, users and
email addresses. Only entries marked public take part, and the page's profiles are then read
through Profile.objects.for_public_display(), so a profile that stopped being public is never
shown, even before its entry catches up.

Words are matched on PostgreSQL as a tsquery: every word a prefix, stemmed as English and
as Swedish, all words required; on SQLite as substrings of the entry's casefolded text.
Relevance is ranking.score(); every order ends with the profile's id, so equal rows keep
their order from page to page.

A search costs the same number of queries however many profiles match: the count with the
facets (one statement, cached until the index changes), the page's ids, its profiles, their
skills and their verified skills; plus one to look up the chosen skills or trade and one for
the chosen languages, when given.
"""

import hashlib
import math
import re

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.cache import cache
from django.db import connection
from django.db.models import Case, Exists, F, FloatField, OuterRef, Prefetch, Q, Value, When
from django.db.models.functions import ASin, Cos, Least, Power, Radians, Sin, Sqrt
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone

from marketplace.accounts.models import Language, Profile, Skill, UserSkill
from marketplace.passport.models import CompetenceDocument

from . import ranking
from .models import SearchEntry
from .query import PER_PAGE, Facet, SearchParams, SearchResults
from .services import index_generation

MAX_WORDS = 10
MAX_WORD_LENGTH = 40
FACET_SIZE = 15
FIGURES_CACHE_SECONDS = 600
EARTH_RADIUS_KM = 6371.0088
TEXT_CONFIGS = ("english", "swedish")

# Letters and digits of any script; everything else (quotes, operators, punctuation) separates words.
_WORD = re.compile(r"[^\W_]+")


def query_words(q: str) -> list[str]:
    """The words of a search box entry that the engine uses: casefolded, letters and digits
    only, each once, at most MAX_WORDS; the rest is ignored."""
    words = []
    for word in _WORD.findall(q.casefold()):
        word = word[:MAX_WORD_LENGTH]
        if word not in words:
            words.append(word)
    return words[:MAX_WORDS]


def search(params: SearchParams, *, per_page: int = PER_PAGE) -> SearchResults:
    now = timezone.now()
    today = timezone.localdate(now)
    words = query_words(params.q)
    tsquery = _tsquery(words) if words and _postgres() else None
    matches = _matches(params, words=words, tsquery=tsquery, today=today)

    total, skill_facets, category_facets = _count_and_facets(matches)
    num_pages = max(1, math.ceil(total / per_page))
    page = min(max(params.page, 1), num_pages)
    if total == 0:
        return SearchResults(profiles=[], total=0, page=page, num_pages=num_pages, per_page=per_page)

    centre = (params.lat, params.lon) if params.lat is not None and params.lon is not None else None
    text_rank = (
        SearchRank(F("document"), tsquery, cover_density=True, normalization=Value(32))
        if tsquery is not None else None
    )
    ranked = matches.annotate(
        score=ranking.score(text_rank=text_rank, now=now, prefix=""),
        distance_km=_distance_km(*centre) if centre else Value(None, output_field=FloatField()),
    )
    offset = (page - 1) * per_page
    rows = list(
        ranked.order_by(*_ordering(params.sort, has_centre=bool(centre)))
        .values_list("profile_id", "score", "distance_km")[offset:offset + per_page]
    )
    shown = {
        profile.pk: profile
        for profile in Profile.objects.for_public_display()
        .filter(pk__in=[profile_id for profile_id, _score, _distance in rows])
        .select_related("user")
        .prefetch_related(Prefetch(
            "skills", queryset=UserSkill.objects.select_related("skill__category").order_by("-level", "skill__name")
        ))
    }
    profiles = []
    for profile_id, score, distance_km in rows:
        if profile_id in shown:
            profile = shown[profile_id]
            profile.score, profile.distance_km = score, distance_km
            profiles.append(profile)
    verified = _verified_skill_ids([profile.user_id for profile in profiles], today=today)
    for profile in profiles:
        profile.verified_skill_ids = verified.get(profile.user_id, set())

    return SearchResults(
        profiles=profiles, total=total, page=page, num_pages=num_pages, per_page=per_page,
        skill_facets=skill_facets, category_facets=category_facets,
    )


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _tsquery(words: list[str]) -> SearchQuery:
    """(english 'w1:*' OR swedish 'w1:*') AND (… 'w2:*') …. The words hold only letters and
    digits (query_words), so the raw tsquery has no operators but these; they travel as
    parameters."""
    combined = None
    for word in words:
        either = None
        for config in TEXT_CONFIGS:
            one = SearchQuery(f"{word}:*", search_type="raw", config=config)
            either = one if either is None else either | one
        combined = either if combined is None else combined & either
    return combined


def _matches(params: SearchParams, *, words, tsquery, today):
    """The entries of every public profile that passes the words and filters, unordered."""
    entries = SearchEntry.objects.filter(is_public=True)

    if tsquery is not None:
        entries = entries.filter(document=tsquery)
    elif words:
        for word in words:
            entries = entries.filter(text__contains=word)

    # Slugs become ids first: the planner estimates `skill_id IN (3, 7)` from its statistics,
    # while a join through the slug (or a category's slug) looks like one row and leads it to
    # nested loops over tens of thousands of matches.
    chosen, in_category = _skill_ids(params)
    if params.skills and params.skills_mode == "all":
        for slug in dict.fromkeys(params.skills):
            entries = entries.filter(_holds(chosen.get(slug, [])))
    elif params.skills:
        entries = entries.filter(_holds([pk for ids in chosen.values() for pk in ids]))
    if params.category:
        entries = entries.filter(_holds(in_category))

    if params.verified_only:
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
            _bounding_box(params.lat, params.lon, params.radius_km),
            LessThanOrEqual(_distance_km(params.lat, params.lon), float(params.radius_km)),
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
        language_ids = dict(Language.objects.filter(code__in=params.languages).values_list("code", "pk"))
        for code in dict.fromkeys(params.languages):
            entries = entries.filter(Exists(through.objects.filter(
                profile_id=OuterRef("profile_id"), language_id=language_ids.get(code)
            )))
    return entries


def _skill_ids(params: SearchParams) -> tuple[dict[str, list[int]], list[int]]:
    """Ids of the chosen skills by slug, and of the skills in the chosen category."""
    if not (params.skills or params.category):
        return {}, []
    chosen: dict[str, list[int]] = {}
    in_category: list[int] = []
    rows = Skill.objects.filter(Q(slug__in=params.skills) | Q(category__slug=params.category or None))
    for pk, slug, category in rows.values_list("pk", "slug", "category__slug"):
        if slug in params.skills:
            chosen[slug] = [pk]
        if category == params.category:
            in_category.append(pk)
    return chosen, in_category


def _holds(skill_ids: list[int]) -> Exists:
    return Exists(UserSkill.objects.filter(profile_id=OuterRef("profile_id"), skill_id__in=skill_ids))


def _distance_km(lat: float, lon: float):
    """Great-circle (haversine) distance from (lat, lon) to the profile, in km; NULL for a
    profile without coordinates."""
    latitude, longitude = Radians(F("latitude")), Radians(F("longitude"))
    half_dlat = (latitude - Value(math.radians(lat))) / Value(2.0)
    half_dlon = (longitude - Value(math.radians(lon))) / Value(2.0)
    a = Power(Sin(half_dlat), Value(2)) + Value(math.cos(math.radians(lat))) * Cos(latitude) * Power(
        Sin(half_dlon), Value(2)
    )
    distance = Value(2 * EARTH_RADIUS_KM) * ASin(Sqrt(Least(a, Value(1.0))))
    # PostgreSQL's LEAST skips NULLs (LEAST(NULL, 1) is 1), so no coordinates must stay NULL by hand.
    return Case(
        When(latitude__isnull=False, longitude__isnull=False, then=distance), default=None, output_field=FloatField()
    )


def _bounding_box(lat: float, lon: float, radius_km: float) -> Q:
    """Latitudes and longitudes that can lie within the radius: a range on the indexed
    columns that keeps the distance computation to the few rows inside it. Near a pole or
    across the antimeridian the longitude is left open."""
    angle = radius_km / EARTH_RADIUS_KM
    # A hair wider than the circle, so rounding never drops a profile on its edge.
    lat_min, lat_max = lat - math.degrees(angle) - 1e-6, lat + math.degrees(angle) + 1e-6
    box = Q(latitude__gte=lat_min, latitude__lte=lat_max)
    if lat_min > -90 and lat_max < 90:
        # The widest longitude span of the circle (Matuschek, "Finding points within a distance").
        dlon = math.degrees(math.asin(min(1.0, math.sin(angle) / math.cos(math.radians(lat))))) + 1e-6
        if lon - dlon >= -180 and lon + dlon <= 180:
            box &= Q(longitude__gte=lon - dlon, longitude__lte=lon + dlon)
    return box


def _ordering(sort: str, *, has_centre: bool) -> list:
    if sort == "rate_asc":
        return [F("hourly_rate").asc(nulls_last=True), "profile_id"]
    if sort == "rate_desc":
        return [F("hourly_rate").desc(nulls_last=True), "profile_id"]
    if sort == "distance" and has_centre:
        return [F("distance_km").asc(nulls_last=True), "profile_id"]
    if sort == "rating":
        return [F("rating_average").desc(nulls_last=True), F("rating_count").desc(), "profile_id"]
    if sort == "newest":
        return [F("joined_at").desc(nulls_last=True), "profile_id"]
    return [F("score").desc(), "profile_id"]


def _verified_skill_ids(user_ids, *, today) -> dict:
    """Skill ids proven by a valid passport document, by owner, for the page's members."""
    if not user_ids:
        return {}
    through = CompetenceDocument.skills.through
    pairs = through.objects.filter(
        competencedocument__in=CompetenceDocument.objects.valid_on(today).filter(owner_id__in=user_ids)
    ).values_list("competencedocument__owner_id", "skill_id").distinct()
    verified: dict = {}
    for owner_id, skill_id in pairs:
        verified.setdefault(owner_id, set()).add(skill_id)
    return verified


# Count and facets in one statement, so that the database finds the matches once: `matches`
# is the ORM's own SQL for the matching ids (its values are parameters); the rest is fixed.
_COUNT_AND_FACETS_SQL = """
WITH matches (id) AS ({matches}),
held AS (SELECT us.profile_id, us.skill_id FROM accounts_userskill us JOIN matches m ON m.id = us.profile_id)
SELECT 'total' AS kind, '' AS slug, '' AS name, (SELECT count(*) FROM matches) AS n
UNION ALL
SELECT * FROM (
    SELECT 'skill', s.slug, s.name, count(*) AS n
    FROM held h JOIN accounts_skill s ON s.id = h.skill_id
    GROUP BY s.id, s.slug, s.name ORDER BY n DESC, s.name LIMIT %s
) AS skills
UNION ALL
SELECT * FROM (
    SELECT 'category', c.slug, c.name, count(DISTINCT h.profile_id) AS n
    FROM held h JOIN accounts_skill s ON s.id = h.skill_id JOIN accounts_skillcategory c ON c.id = s.category_id
    GROUP BY c.id, c.slug, c.name ORDER BY n DESC, c.name LIMIT %s
) AS categories
"""


def _count_and_facets(matches) -> tuple[int, list[Facet], list[Facet]]:
    """How many profiles match, and the top skills and categories among all of them.

    Cached under the statement itself and the index generation: counting and faceting every
    match is the costly part of a broad search (tens of thousands of rows), and it is the same
    for every page and sort of that search until an entry changes."""
    matches_sql, matches_params = matches.order_by().values("profile_id").query.sql_with_params()
    sql = _COUNT_AND_FACETS_SQL.format(matches=matches_sql)  # noqa: S608 -- the ORM's SQL; values are parameters
    params = (*matches_params, FACET_SIZE, FACET_SIZE)
    identity = f"{connection.alias}|{index_generation()}|{sql}|{params!r}"
    key = "search:figures:" + hashlib.sha256(identity.encode()).hexdigest()
    figures = cache.get(key)
    if figures is None:
        total, skills, categories = 0, [], []
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for kind, slug, name, count in cursor.fetchall():
                if kind == "total":
                    total = count
                else:
                    (skills if kind == "skill" else categories).append(Facet(slug=slug, name=name, count=count))
        figures = (total, skills, categories)
        cache.set(key, figures, FIGURES_CACHE_SECONDS)
    return figures
