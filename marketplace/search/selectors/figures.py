"""How many profiles a search finds, and the top skills and trades among them (the facets),
for the engine (engine.py): counted exactly for a small search, estimated from a sample of the
index for a broad one (PostgreSQL), cached until the index changes. And the popular skills of
the empty state, cached for an hour."""

import hashlib
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection
from django.db.models import Count
from django.db.models.lookups import LessThanOrEqual

from marketplace.accounts.models import UserSkill

from .. import ranking
from ..models import SearchEntry
from ..query import Facet
from ..versions import index_generation
from .geo import bounding_box, distance_km

__all__ = ["popular_skills"]

FACET_SIZE = 15
FIGURES_CACHE_SECONDS = 600
# Broad searches are counted from a sample of about SAMPLE_ROWS entries (the share of the
# index's pages that holds them, from index_size(); all of a smaller index), so an estimate
# costs the same at 100,000 and at 1,000,000 entries; and the estimated number of matches from
# which the sample's figures are shown (as approximate).
# 2,000: what 2 % of the pages held at 100,000 (about 4,300 buffers with the tsvectors, which
# PostgreSQL moves out of line: docs/benchmarks.md), ten times fewer than 2 % at 1,000,000.
SAMPLE_ROWS = 2000
SAMPLE_SEED = 2026  # REPEATABLE: the same pages every time, so an estimate does not jump between requests
APPROXIMATE_FROM = 5000
POPULAR_SKILLS_CACHE_SECONDS = 3600
INDEX_SIZE_KEY = "search:index-size"


def _postgres() -> bool:
    return connection.vendor == "postgresql"


# Count and facets in one statement, so that the database finds the matches once: `matches`
# is the ORM's own SQL for the matching ids (its values are parameters); the rest is fixed.
_COUNT_AND_FACETS_SQL = """
WITH matches ({columns}) AS ({matches}),
held AS ({held})
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
) AS categories{candidates}
"""
# PostgreSQL, counted exactly: the matches with the best static scores as well (the ranking's
# candidates, ranking.RANK_CANDIDATES of them), so that the page of a search with few matches
# ranks these ids instead of finding the matches a second time (matching.page_rows).
_CANDIDATES_SQL = """
UNION ALL
SELECT * FROM (
    SELECT 'candidate', m.id::text, '', row_number() OVER (ORDER BY m.static_score DESC, m.id)
    FROM matches m ORDER BY m.static_score DESC, m.id LIMIT %s
) AS candidates"""
_FROM_INDEX = 'FROM "search_searchentry"'
# The matches' skills: on PostgreSQL the entry's own copy of its skill ids, read with the
# matches (from the covering index, without a skill row); on SQLite the skill rows.
_MATCH_COLUMNS = {"postgresql": ("profile_id", "skill_ids", "static_score"), "sqlite": ("profile_id",)}
_HELD = {
    "postgresql": "SELECT m.id AS profile_id, unnest(m.skill_ids) AS skill_id FROM matches m",
    "sqlite": "SELECT us.profile_id, us.skill_id FROM accounts_userskill us JOIN matches m ON m.id = us.profile_id",
}


@dataclass
class Figures:
    total: int
    skills: list[Facet] = field(default_factory=list)
    categories: list[Facet] = field(default_factory=list)
    approximate: bool = False
    # PostgreSQL, counted exactly: the ids of the matches with the highest static scores, best
    # first (all of them when there are at most ranking.RANK_CANDIDATES); None otherwise.
    candidates: list[int] | None = None


def count_and_facets(matches, *, exact: bool = False) -> Figures:
    """How many profiles match, and the top skills and trades among all of them: estimated
    from a sample when the sample promises APPROXIMATE_FROM matches or more (PostgreSQL),
    counted otherwise, or when `exact`.

    Cached under the statement itself and the index generation: counting and faceting every
    match is the costly part of a search, and it is the same for every page and sort of that
    search until an entry changes."""
    columns = _MATCH_COLUMNS[connection.vendor]
    matches_sql, matches_params = matches.order_by().values(*columns).query.sql_with_params()
    identity = f"{connection.alias}|{index_generation()}|{exact}|{matches_sql}|{matches_params!r}"
    key = "search:figures:" + hashlib.sha256(identity.encode()).hexdigest()
    figures = cache.get(key)
    if figures is None:
        figures = None if exact or not _postgres() else _estimated(matches_sql, matches_params)
        if figures is None:
            figures = _counted(matches_sql, matches_params)
        cache.set(key, figures, FIGURES_CACHE_SECONDS)
    return figures


def _run(matches_sql: str, matches_params, *, scale: float = 1.0, candidates: bool = False) -> Figures:
    columns = ", ".join(("id", "skill_ids", "static_score")[:len(_MATCH_COLUMNS[connection.vendor])])
    sql = _COUNT_AND_FACETS_SQL.format(  # noqa: S608 -- the ORM's SQL; values are parameters
        columns=columns, matches=matches_sql, held=_HELD[connection.vendor],
        candidates=_CANDIDATES_SQL if candidates else "",
    )
    params = (*matches_params, FACET_SIZE, FACET_SIZE, *((ranking.RANK_CANDIDATES,) if candidates else ()))  # noqa: S608 -- the ORM's SQL; values are parameters
    figures = Figures(total=0)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        ranked = []
        for kind, slug, name, count in cursor.fetchall():
            if kind == "candidate":
                ranked.append((count, int(slug)))
                continue
            count = round(count * scale)
            if kind == "total":
                figures.total = count
            else:
                (figures.skills if kind == "skill" else figures.categories).append(Facet(slug, name, count))
    if candidates:
        figures.candidates = [profile_id for _rank, profile_id in sorted(ranked)]
    return figures


def _counted(matches_sql: str, matches_params) -> Figures:
    return _run(matches_sql, matches_params, candidates=_postgres())


def _estimated(matches_sql: str, matches_params) -> Figures | None:
    """The figures of a sample of the index's pages, scaled up; None when they promise fewer
    than APPROXIMATE_FROM matches (then counting them all is cheap, and exact)."""
    # The matches' SQL reads the index alone ("SELECT … FROM search_searchentry WHERE …"): the
    # sample goes there, before any parameter.
    position = matches_sql.find(_FROM_INDEX)
    if position < 0 or "%s" in matches_sql[:position]:
        return None
    at = position + len(_FROM_INDEX)
    percent = sample_percent()
    sampled_sql = f"{matches_sql[:at]} TABLESAMPLE SYSTEM (%s) REPEATABLE (%s){matches_sql[at:]}"
    figures = _run(sampled_sql, (percent, SAMPLE_SEED, *matches_params), scale=100 / percent)
    if figures.total < APPROXIMATE_FROM:
        return None
    figures.approximate = True
    return figures


def sample_percent() -> float:
    """The share of the index's pages (in per cent) that holds about SAMPLE_ROWS entries: a
    fixed number of rows rather than a fixed share, so that estimating a broad search reads as
    much at a million entries as at a hundred thousand (2,000 rows: 2 % of 101,000 entries, 0.2 %
    of a million). TABLESAMPLE SYSTEM with REPEATABLE, not tsm_system_rows' SYSTEM_ROWS (which
    would need an extension and cannot repeat its sample): the same pages every time, so an
    estimate does not jump between requests. 100 (every page) for an index of SAMPLE_ROWS
    entries or fewer, or one not yet analysed."""
    size = index_size()
    if size <= SAMPLE_ROWS:
        return 100.0
    return round(100.0 * SAMPLE_ROWS / size, 3)


def index_size() -> int:
    """Roughly how many entries the index holds (PostgreSQL's own estimate), cached."""
    if not _postgres():
        return 0
    size = cache.get(INDEX_SIZE_KEY)
    if size is None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = 'search_searchentry'::regclass")
            size = max(cursor.fetchone()[0], 0)
        cache.set(INDEX_SIZE_KEY, size, FIGURES_CACHE_SECONDS)
    return size


def popular_skills(*, lat: float | None = None, lon: float | None = None, radius_km: int | None = None,
                   limit: int = FACET_SIZE) -> list[Facet]:
    """The skills the most public freelancers hold, within `radius_km` of (lat, lon) when
    given: what the empty state suggests. Cached for an hour whatever the index does, since
    what is popular changes slowly and this is read on every search that finds nothing."""
    local = lat is not None and lon is not None and radius_km is not None
    place = f"{lat:.3f},{lon:.3f},{radius_km}" if local else "anywhere"
    key = f"search:popular-skills:{connection.alias}:{place}:{limit}"
    facets = cache.get(key)
    if facets is None:
        entries = SearchEntry.objects.filter(is_public=True)
        if local:
            entries = entries.filter(
                bounding_box(lat, lon, radius_km), LessThanOrEqual(distance_km(lat, lon), float(radius_km))
            )
        rows = (
            UserSkill.objects.filter(profile_id__in=entries.values("profile_id"))
            .values("skill__slug", "skill__name").annotate(holders=Count("pk"))
            .order_by("-holders", "skill__name")[:limit]
        )
        facets = [Facet(row["skill__slug"], row["skill__name"], row["holders"]) for row in rows]
        cache.set(key, facets, POPULAR_SKILLS_CACHE_SECONDS)
    return facets
