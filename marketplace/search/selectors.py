"""The search engine: SearchParams in, SearchResults out (query.py is the contract).

Public profiles only (Profile.objects.for_public_display()), joined to their search entry
(models/index.py). Words are matched on PostgreSQL as a tsquery: every word a prefix, stemmed
as English and as Swedish, all words required; on SQLite as substrings of the entry's
casefolded text. Relevance is ranking.score(); every other order ends with the profile's id
too, so equal rows keep their order from page to page.

A search costs the same number of queries however many profiles match: the count with the
facets, the page, the page's skills, the page's verified skills (the last three are skipped
when nothing matches).
"""

import math
import re
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, Exists, F, FloatField, OuterRef, Prefetch, Q, Value, When
from django.db.models.functions import ASin, Cast, Cos, Least, Power, Radians, Sin, Sqrt
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone

from marketplace.accounts.models import Profile, UserSkill
from marketplace.passport.models import CompetenceDocument

from . import ranking
from .query import PER_PAGE, Facet, SearchParams, SearchResults

MAX_WORDS = 10
MAX_WORD_LENGTH = 40
FACET_SIZE = 15
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
        SearchRank(F("search_entry__document"), tsquery, cover_density=True, normalization=Value(32))
        if tsquery is not None else None
    )
    ordering = _ordering(params.sort, has_centre=bool(centre))

    def ranked(profiles):
        profiles = profiles.annotate(score=ranking.score(text_rank=text_rank, now=now))
        return profiles.annotate(distance_km=_distance_km(*centre)) if centre else profiles

    # The page's ids first, ordered over narrow rows; then only those profiles in full. One
    # query that sorts every match with all its columns would spill the sort to disk.
    offset = (page - 1) * per_page
    page_ids = ranked(matches).order_by(*ordering).values("pk")[offset:offset + per_page]
    profiles = list(
        ranked(Profile.objects.filter(pk__in=page_ids))
        .order_by(*ordering)
        .select_related("user")
        .prefetch_related(Prefetch(
            "skills", queryset=UserSkill.objects.select_related("skill__category").order_by("-level", "skill__name")
        ))
    )
    verified = _verified_skill_ids([profile.user_id for profile in profiles], today=today)
    for profile in profiles:
        if not centre:
            profile.distance_km = None
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
    """Every public profile that passes the words and filters, unordered and unannotated."""
    profiles = Profile.objects.for_public_display().filter(search_entry__isnull=False)

    if tsquery is not None:
        profiles = profiles.filter(search_entry__document=tsquery)
    elif words:
        for word in words:
            profiles = profiles.filter(search_entry__text__contains=word)

    skills = tuple(dict.fromkeys(params.skills))
    if skills and params.skills_mode == "all":
        for slug in skills:
            profiles = profiles.filter(Exists(UserSkill.objects.filter(profile=OuterRef("pk"), skill__slug=slug)))
    elif skills:
        profiles = profiles.filter(Exists(UserSkill.objects.filter(profile=OuterRef("pk"), skill__slug__in=skills)))
    if params.category:
        profiles = profiles.filter(Exists(
            UserSkill.objects.filter(profile=OuterRef("pk"), skill__category__slug=params.category)
        ))

    if params.verified_only:
        profiles = profiles.filter(*_verified_conditions(params, skills, today=today))

    if params.lat is not None and params.lon is not None and params.radius_km is not None:
        profiles = profiles.filter(
            _bounding_box(params.lat, params.lon, params.radius_km),
            LessThanOrEqual(_distance_km(params.lat, params.lon), float(params.radius_km)),
        )

    if params.available_now:
        profiles = profiles.filter(availability=Profile.Availability.AVAILABLE_NOW)
    elif params.available_by is not None:
        profiles = profiles.filter(
            Q(availability=Profile.Availability.AVAILABLE_NOW)
            | Q(availability=Profile.Availability.AVAILABLE_FROM, available_from__lte=params.available_by)
        )

    # A rate means nothing without its currency: the bounds apply only with one.
    if params.currency and (params.rate_min is not None or params.rate_max is not None):
        profiles = profiles.filter(currency=params.currency)
        if params.rate_min is not None:
            profiles = profiles.filter(hourly_rate__gte=params.rate_min)
        if params.rate_max is not None:
            profiles = profiles.filter(hourly_rate__lte=params.rate_max)

    if params.min_rating is not None:
        profiles = profiles.filter(search_entry__rating_average__gte=params.min_rating)

    through = Profile.languages.through
    for code in dict.fromkeys(params.languages):
        profiles = profiles.filter(Exists(through.objects.filter(profile_id=OuterRef("pk"), language__code=code)))
    return profiles


def _verified_conditions(params: SearchParams, skills: tuple[str, ...], *, today) -> list:
    """An approved, unexpired document of the owner evidencing: each chosen skill ("all"),
    one of them ("any"), one in the chosen category, or any skill at all."""
    documents = CompetenceDocument.objects.valid_on(today).filter(owner=OuterRef("user_id"))
    if skills and params.skills_mode == "all":
        return [Exists(documents.filter(skills__slug=slug)) for slug in skills]
    if skills:
        return [Exists(documents.filter(skills__slug__in=skills))]
    if params.category:
        return [Exists(documents.filter(skills__category__slug=params.category))]
    return [Exists(documents.filter(skills__isnull=False))]


def _distance_km(lat: float, lon: float):
    """Great-circle (haversine) distance from (lat, lon) to the profile, in km; NULL for a
    profile without coordinates."""
    latitude = Radians(Cast(F("latitude"), FloatField()))
    longitude = Radians(Cast(F("longitude"), FloatField()))
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
    lat_min, lat_max = lat - math.degrees(angle), lat + math.degrees(angle)
    box = Q(latitude__gte=_decimal(lat_min, ROUND_FLOOR), latitude__lte=_decimal(lat_max, ROUND_CEILING))
    if lat_min > -90 and lat_max < 90:
        # The widest longitude span of the circle (Matuschek, "Finding points within a distance").
        dlon = math.degrees(math.asin(min(1.0, math.sin(angle) / math.cos(math.radians(lat)))))
        lon_min, lon_max = lon - dlon, lon + dlon
        if lon_min >= -180 and lon_max <= 180:
            box &= Q(longitude__gte=_decimal(lon_min, ROUND_FLOOR), longitude__lte=_decimal(lon_max, ROUND_CEILING))
    return box


def _decimal(value: float, rounding) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal("0.000001"), rounding=rounding)


def _ordering(sort: str, *, has_centre: bool) -> list:
    if sort == "rate_asc":
        return [F("hourly_rate").asc(nulls_last=True), "pk"]
    if sort == "rate_desc":
        return [F("hourly_rate").desc(nulls_last=True), "pk"]
    if sort == "distance" and has_centre:
        return [F("distance_km").asc(nulls_last=True), "pk"]
    if sort == "rating":
        return [F("search_entry__rating_average").desc(nulls_last=True), F("search_entry__rating_count").desc(),
                "pk"]
    if sort == "newest":
        return [F("user__date_joined").desc(), "pk"]
    return [F("score").desc(), "pk"]


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
    """How many profiles match, and the top skills and categories among all of them."""
    matches_sql, matches_params = matches.order_by().values("pk").query.sql_with_params()
    sql = _COUNT_AND_FACETS_SQL.format(matches=matches_sql)  # noqa: S608 -- the ORM's SQL; values are parameters
    total, skills, categories = 0, [], []
    with connection.cursor() as cursor:
        cursor.execute(sql, (*matches_params, FACET_SIZE, FACET_SIZE))
        for kind, slug, name, count in cursor.fetchall():
            if kind == "total":
                total = count
            else:
                (skills if kind == "skill" else categories).append(Facet(slug=slug, name=name, count=count))
    return total, skills, categories
