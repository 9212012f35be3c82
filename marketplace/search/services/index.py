"""Keeps the search index (SearchEntry) current.

`index_profile(profile_id)` rewrites one profile's row (`index_member`, `index_skill_holders`,
`index_category_holders`, `index_document_type_holders` the rows of a member, of a skill's, a
trade's or a passport document type's holders): the receivers call them after a commit that
changed the profile, its skills, its languages, its passport, or its owner's account or email
address, or (from a task) after an editor changed the names or synonyms of a skill, trade or
document type. `rebuild()` rewrites every row in batches, for bulk imports (seed_demo) and
`manage.py rebuild_search_index`. Each write bumps the index generation, which retires the
search's cached counts and facets (selectors/engine.py).

Every write also brings the entry's `static_score` (ranking.static_score(): the relevance
formula without the words) up to date, with the same expression the ranking module defines:
on PostgreSQL inside the write itself (the ORM compiles the expression into the statement),
so that an entry is written once; then one UPDATE of the rows whose score still differs (on
SQLite all of them; on PostgreSQL none, unless a rating changed meanwhile). Its recency part
depends on the day as well: `refresh_static_scores()`, run daily by a task, moves the entries
whose step has passed.

Besides the text and the ranking inputs, an entry holds copies of what the filters and sorts
read (availability, rate, coordinates, join date) and `is_public`, which is
Profile.objects.for_public_display() itself, evaluated per entry (_refresh_public).

On PostgreSQL both run one INSERT … SELECT … ON CONFLICT DO UPDATE per batch, so the
database computes the weighted tsvector, counts and completeness itself (set-based: a batch of 5,000
profiles is one statement), and a row whose values did not change is not written again (so
`indexed_at` is when the entry last changed). `text` stays empty there: only SQLite's
fallback matches on it. On SQLite the same values except `document` are computed in Python,
`text` folded in Python (vocabulary.fold: case and accents; SQLite's lower() only knows ASCII),
as the engine folds the words typed.

What goes into the text, and with which weight (A counts most in ts_rank_cd):
  A  display name (valund_simple: names are not stemmed); every name of the skills held
     (English, Swedish, synonyms: "Welding", "Svetsning", "svetsare"); every name of the
     types of the member's valid passport documents (approved, not expired)
  B  headline
  C  bio; every name of the trades of the skills held ("Construction trades", "Bygg"): a
     trade named in passing must not outrank a holder of the skill the query names
  D  city (valund_simple)
Skills, trades, document types, headline and bio go in twice, stemmed as English and as
Swedish, so that either language's word forms match ("welding" finds "welded", "elektrikern"
finds "elektriker"). The configurations (migration 0010) remove accents before stemming, so
"Goteborg" and "Göteborg" are one lexeme, on both sides of the match.

The rating columns follow the ratings app's figures (`entry_set_rating`, from the receiver of
its rating_statistics_changed signal): rebuilding leaves them as they are.
"""

import datetime
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from marketplace.accounts.models import Profile, UserSkill
from marketplace.core.vocabulary import fold
from marketplace.passport.models import CompetenceDocument

from .. import ranking
from ..models import SearchEntry
from ..selectors.taxonomy import forget_form_choices
from ..versions import index_changed
from .words import refresh_words

__all__ = [
    "BATCH_SIZE", "RebuildResult", "entry_set_rating", "index_changed",
    "index_category_holders", "index_document_type_holders", "index_member", "index_profile", "index_skill_holders",
    "rebuild",
    "refresh_static_scores",
]

BATCH_SIZE = 5000
HOLDERS_BATCH_SIZE = 1000  # a skill's, trade's or document type's holders, rewritten after an edit
COMPLETENESS_PARTS = 7  # photo, headline, bio, skills, rate, location, languages
BIO_COMPLETE_LENGTH = 200

Progress = Callable[[str, int, int, float], None]

# The columns the Python indexing writes (on SQLite; the SQL's ON CONFLICT list too, with
# is_public and static_score); entry_set_rating writes the ratings, _refresh_public `is_public`
# on SQLite.
_COLUMNS = ("document", "text", "skill_ids", "verified_skill_count", "completeness", "experience_years",
            "last_active_at", "availability", "available_from", "hourly_rate", "currency", "latitude", "longitude",
            "joined_at", "indexed_at")

# One statement for one profile, a member, a skill's holders or a range of profiles: {where}
# is one of the fixed conditions in _WHERE, never user input; {static_score} is
# ranking.static_score() compiled by the ORM over the new values (the `search_searchentry`
# subquery, with the entry's ratings as they are), so that an entry is written once, score
# included: a second UPDATE would leave a dead version of every row, and a freshly seeded index
# twice its size until VACUUM FULL. The values travel as parameters.
_UPSERT_SQL = """
INSERT INTO search_searchentry AS entry
    (profile_id, document, text, skill_ids, verified_skill_count, completeness, experience_years,
     last_active_at, availability, available_from, hourly_rate, currency, latitude, longitude, joined_at,
     indexed_at, rating_count, static_score, is_public)
SELECT profile_id, document, '', skill_ids, verified_skill_count, completeness, experience_years,
       last_active_at, availability, available_from, hourly_rate, currency, latitude, longitude, joined_at,
       %(now)s, 0, {static_score}, is_public
FROM (
    SELECT
        p.id AS profile_id,
        setweight(to_tsvector('valund_simple', p.display_name), 'A')
        || setweight(to_tsvector('valund_english', coalesce(s.terms, ''))
                     || to_tsvector('valund_swedish', coalesce(s.terms, '')), 'A')
        || setweight(to_tsvector('valund_english', coalesce(d.terms, ''))
                     || to_tsvector('valund_swedish', coalesce(d.terms, '')), 'A')
        || setweight(to_tsvector('valund_english', p.headline) || to_tsvector('valund_swedish', p.headline), 'B')
        || setweight(to_tsvector('valund_english', p.bio) || to_tsvector('valund_swedish', p.bio), 'C')
        || setweight(to_tsvector('valund_english', coalesce(s.trades, ''))
                     || to_tsvector('valund_swedish', coalesce(s.trades, '')), 'C')
        || setweight(to_tsvector('valund_simple', p.city), 'D') AS document,
        coalesce(s.skill_ids, '{{}}') AS skill_ids,
        coalesce(d.skill_count, 0)::smallint AS verified_skill_count,
        ((p.avatar <> '')::int + (p.headline <> '')::int + (char_length(p.bio) >= %(bio_length)s)::int
         + (s.terms IS NOT NULL)::int + (p.hourly_rate IS NOT NULL)::int + (p.city <> '')::int
         + (EXISTS (SELECT 1 FROM accounts_profile_languages pl WHERE pl.profile_id = p.id))::int
        )::float / %(parts)s AS completeness,
        least(coalesce(p.years_experience, s.max_years, 0), 32767)::smallint AS experience_years,
        coalesce(u.last_login, p.updated_at) AS last_active_at,
        p.availability, p.available_from, p.hourly_rate, p.currency,
        p.latitude::float AS latitude, p.longitude::float AS longitude,
        u.date_joined AS joined_at,
        old.rating_average, coalesce(old.rating_count, 0) AS rating_count,
        -- Profile.objects.for_public_display(), written out so that a batch needs no second
        -- pass; _refresh_public() checks it against the queryset itself.
        p.visibility = 'public' AND u.role = 'freelancer' AND u.is_active
        AND EXISTS (SELECT 1 FROM account_emailaddress e WHERE e.user_id = u.id AND e."primary" AND e.verified)
        AS is_public
    FROM accounts_profile p
    JOIN accounts_user u ON u.id = p.user_id
    LEFT JOIN search_searchentry old ON old.profile_id = p.id
    LEFT JOIN LATERAL (
        SELECT string_agg(concat_ws(' ', sk.name, sk.name_sv, sk.synonyms), ' ' ORDER BY sk.name) AS terms,
               string_agg(DISTINCT concat_ws(' ', c.name, c.name_sv, c.synonyms), ' ') AS trades,
               max(us.years) AS max_years,
               array_agg(us.skill_id ORDER BY us.skill_id)::integer[] AS skill_ids
        FROM accounts_userskill us JOIN accounts_skill sk ON sk.id = us.skill_id
        JOIN accounts_skillcategory c ON c.id = sk.category_id
        WHERE us.profile_id = p.id
    ) s ON true
    LEFT JOIN LATERAL (
        SELECT string_agg(DISTINCT concat_ws(' ', coalesce(t.name, doc.title), t.name_sv, t.synonyms), ' ') AS terms,
               count(DISTINCT ds.skill_id) AS skill_count
        FROM passport_competencedocument doc
        LEFT JOIN passport_competencetemplate t ON t.id = doc.template_id
        LEFT JOIN passport_competencedocument_skills ds ON ds.competencedocument_id = doc.id
        WHERE doc.owner_id = p.user_id AND doc.status = %(approved)s
          AND (doc.expiry_date IS NULL OR doc.expiry_date >= %(today)s)
    ) d ON true
    WHERE {where}
) AS search_searchentry
WHERE true  -- ends the SELECT: ON CONFLICT must not be read as a join condition
ON CONFLICT (profile_id) DO UPDATE SET
    document = EXCLUDED.document,
    skill_ids = EXCLUDED.skill_ids,
    verified_skill_count = EXCLUDED.verified_skill_count,
    completeness = EXCLUDED.completeness,
    experience_years = EXCLUDED.experience_years,
    last_active_at = EXCLUDED.last_active_at,
    availability = EXCLUDED.availability,
    available_from = EXCLUDED.available_from,
    hourly_rate = EXCLUDED.hourly_rate,
    currency = EXCLUDED.currency,
    latitude = EXCLUDED.latitude,
    longitude = EXCLUDED.longitude,
    joined_at = EXCLUDED.joined_at,
    is_public = EXCLUDED.is_public,
    static_score = EXCLUDED.static_score,
    indexed_at = EXCLUDED.indexed_at
WHERE (entry.document, entry.skill_ids, entry.verified_skill_count, entry.completeness,
       entry.experience_years, entry.last_active_at, entry.availability, entry.available_from,
       entry.hourly_rate, entry.currency, entry.latitude, entry.longitude, entry.joined_at,
       entry.is_public, entry.static_score)
    IS DISTINCT FROM
      (EXCLUDED.document, EXCLUDED.skill_ids, EXCLUDED.verified_skill_count, EXCLUDED.completeness,
       EXCLUDED.experience_years, EXCLUDED.last_active_at, EXCLUDED.availability, EXCLUDED.available_from,
       EXCLUDED.hourly_rate, EXCLUDED.currency, EXCLUDED.latitude, EXCLUDED.longitude, EXCLUDED.joined_at,
       EXCLUDED.is_public, EXCLUDED.static_score)
"""
_WHERE = {
    "profile": "p.id = %(id)s",
    "user": "p.user_id = %(id)s",
    "range": "p.id BETWEEN %(low)s AND %(high)s",
    "ids": "p.id = ANY(%(ids)s)",
}


def _profiles(scope: str, params: dict) -> Q:
    """_WHERE's condition as the ORM writes it, on Profile."""
    if scope == "profile":
        return Q(pk=params["id"])
    if scope == "user":
        return Q(user_id=params["id"])
    if scope == "ids":
        return Q(pk__in=params["ids"])
    return Q(pk__gte=params["low"], pk__lte=params["high"])


@dataclass
class RebuildResult:
    profiles: int  # looked at
    changed: int  # written (on PostgreSQL, unchanged entries are left alone)
    seconds: float


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _sql_params(**extra) -> dict:
    now = timezone.now()
    return {
        "bio_length": BIO_COMPLETE_LENGTH, "parts": float(COMPLETENESS_PARTS), "now": now,
        "today": timezone.localdate(now), "approved": CompetenceDocument.Status.APPROVED, **extra,
    }


def _static_score_sql(now: datetime.datetime) -> tuple[str, dict]:
    """ranking.static_score() as the ORM writes it for a SearchEntry row (its columns read as
    "search_searchentry"."…"), with its parameters renamed to fit _UPSERT_SQL's named ones."""
    query = SearchEntry.objects.all().query
    compiler = query.get_compiler(connection=connection)
    sql, params = compiler.compile(ranking.static_score(now=now).resolve_expression(query))
    pieces = sql.split("%s")
    if len(pieces) != len(params) + 1 or "%(" in sql:
        raise ValueError("unexpected placeholders in the compiled static score")
    named = {f"static_{number}": value for number, value in enumerate(params)}
    return "".join(piece + (f"%(static_{number})s" if number < len(params) else "")
                   for number, piece in enumerate(pieces)), named


def _index(scope: str, *, jit: bool = True, **params) -> int:
    """Write the entries of the profiles in the scope; returns how many were written."""
    profiles = Profile.objects.filter(_profiles(scope, params))
    if _postgres():
        values = _sql_params(**params)
        static_sql, static_params = _static_score_sql(values["now"])
        sql = _UPSERT_SQL.format(where=_WHERE[scope], static_score=static_sql)  # noqa: S608 -- fixed SQL; values are parameters
        with connection.cursor() as cursor:
            if not jit:
                # A whole batch looks expensive enough for JIT compilation, which costs more than it saves.
                cursor.execute("SET LOCAL jit = off")
            cursor.execute(sql, {**values, **static_params})
            written = cursor.rowcount
    else:
        written = _write_in_python(profiles)
    entries = SearchEntry.objects.filter(profile__in=profiles.values("pk"))
    _refresh_public(entries)
    # On PostgreSQL the statement wrote the score already: this writes nothing unless a rating
    # changed in between (or is_public was corrected); on SQLite it computes them all.
    _refresh_static(entries)
    index_changed()
    return written


def _refresh_public(entries) -> None:
    """is_public as Profile.objects.for_public_display() has it, rewriting only what differs:
    on SQLite all of it, on PostgreSQL nothing unless the SQL's copy of the rule has drifted
    from the queryset."""
    public = Exists(Profile.objects.for_public_display().filter(pk=OuterRef("profile_id")))
    entries.filter(public, is_public=False).update(is_public=True)
    entries.filter(~public, is_public=True).update(is_public=False)


def _refresh_static(entries, *, now: datetime.datetime | None = None) -> int:
    """Store ranking.static_score() in the entries whose stored score differs; returns how many."""
    expression = ranking.static_score(now=now or timezone.now())
    return entries.filter(~Q(static_score=expression)).update(static_score=expression)


def refresh_static_scores(*, now: datetime.datetime | None = None) -> int:
    """Bring every stored static score up to date: daily, for the recency steps that passed
    since the entries were written. One UPDATE that writes only the entries that changed."""
    changed = _refresh_static(SearchEntry.objects.all(), now=now)
    if changed:
        index_changed()
    return changed


def index_profile(profile_id: int) -> None:
    """Rewrite one profile's entry. A profile that no longer exists is skipped (its entry went
    with it)."""
    _index("profile", id=profile_id)


def index_member(user_id) -> None:
    """Rewrite the entry of the member's profile, if they have one (after a change to the
    account: last login, role, active, email address)."""
    _index("user", id=user_id)


def index_skill_holders(skill_id: int, *, batch_size: int = HOLDERS_BATCH_SIZE) -> int:
    """Rewrite the entries of everyone holding a skill (its names and synonyms are in their
    text) in batches (see _index_holders). Returns how many were written."""
    return _index_holders(Profile.objects.filter(skills__skill_id=skill_id), batch_size=batch_size)


def index_category_holders(category_id: int, *, batch_size: int = HOLDERS_BATCH_SIZE) -> int:
    """Rewrite the entries of everyone holding a skill of this trade (the trade's names are in
    their text) in batches. Returns how many were written."""
    return _index_holders(
        Profile.objects.filter(pk__in=UserSkill.objects.filter(skill__category_id=category_id).values("profile_id")),
        batch_size=batch_size,
    )


def index_document_type_holders(template_id: int, *, batch_size: int = HOLDERS_BATCH_SIZE) -> int:
    """Rewrite the entries of everyone holding a passport document of this type (the type's
    names and synonyms are in their text) in batches. Returns how many were written."""
    return _index_holders(
        Profile.objects.filter(user__in=CompetenceDocument.objects.filter(template_id=template_id).values("owner_id")),
        batch_size=batch_size,
    )


def _index_holders(profiles, *, batch_size: int) -> int:
    """Rewrite the entries of these profiles, `batch_size` per statement and transaction, so
    that a skill, trade or document type held by tens of thousands never locks them all at once."""
    holders = profiles.order_by("pk").values_list("pk", flat=True)
    written, last = 0, 0
    while batch := list(holders.filter(pk__gt=last)[:batch_size]):
        with transaction.atomic():
            written += _index("ids", ids=batch)
        last = batch[-1]
    return written


def rebuild(*, batch_size: int = BATCH_SIZE, progress: Progress | None = None) -> RebuildResult:
    """Rewrite every entry, `batch_size` profiles per statement and transaction. Also forgets
    the search form's cached skills, trades and languages, which a bulk import may have added
    without a signal."""
    forget_form_choices()
    started = time.perf_counter()
    postgres = _postgres()
    if postgres:
        # After a bulk import the planner has no statistics yet and picks nested loops over
        # every skill for every profile; a sample of each input table puts that right.
        with connection.cursor() as cursor:
            for table in ("accounts_profile", "accounts_user", "account_emailaddress", "accounts_userskill",
                          "accounts_profile_languages", "passport_competencedocument",
                          "passport_competencedocument_skills"):
                cursor.execute(f"ANALYZE {table}")
    total = Profile.objects.count()
    done = changed = 0
    low = None
    while True:
        ids = Profile.objects.order_by("pk").values_list("pk", flat=True)
        if low is not None:
            ids = ids.filter(pk__gt=low)
        batch = list(ids[:batch_size])
        if not batch:
            break
        with transaction.atomic():
            changed += _index("range", low=batch[0], high=batch[-1], jit=False)
        done += len(batch)
        low = batch[-1]
        if progress and total > batch_size:
            progress("search index", min(done, total), total, time.perf_counter() - started)
    if postgres:
        with connection.cursor() as cursor:
            # Statistics for the planner, and outside a transaction the visibility map too:
            # the filters' index-only scans (search_entry_filters_idx) read the table for every
            # page not marked all-visible since it was written.
            vacuum = "VACUUM (ANALYZE)" if connection.get_autocommit() else "ANALYZE"
            cursor.execute(f"{vacuum} search_searchentry")
    refresh_words()
    return RebuildResult(profiles=done, changed=changed, seconds=time.perf_counter() - started)


def entry_set_rating(*, profile_id: int, average, count: int) -> None:
    """Store a profile's rating for ranking: `average` is the Bayesian average (None without
    ratings). When the ratings app's figures change (receivers.py); the rest of the entry is
    left alone."""
    entries = SearchEntry.objects.filter(profile_id=profile_id)
    entries.update(rating_average=average, rating_count=count)
    _refresh_static(entries)
    index_changed()


# SQLite: the same values, computed in Python.

def _write_in_python(profiles) -> int:
    now = timezone.now()
    today = timezone.localdate(now)
    valid_documents = (
        CompetenceDocument.objects.valid_on(today).select_related("template").prefetch_related("skills")
    )
    profiles = profiles.select_related("user").prefetch_related(
        Prefetch("skills", queryset=UserSkill.objects.select_related("skill__category").order_by("skill__name")),
        "languages",
        Prefetch("user__competence_documents", queryset=valid_documents, to_attr="valid_documents"),
    )
    entries = [_entry(profile, now=now) for profile in profiles]
    SearchEntry.objects.bulk_create(
        entries, update_conflicts=True, unique_fields=["profile"], update_fields=list(_COLUMNS)
    )
    return len(entries)


def _entry(profile: Profile, *, now: datetime.datetime) -> SearchEntry:
    skills = list(profile.skills.all())
    documents = profile.user.valid_documents
    skill_terms = " ".join(term for user_skill in skills for term in user_skill.skill.terms)
    trades = {user_skill.skill.category for user_skill in skills}
    trade_terms = " ".join(term for trade in sorted(trades, key=lambda trade: trade.pk) for term in trade.terms)
    document_terms = " ".join(sorted({
        term for document in documents
        for term in (document.template.terms if document.template_id else [document.title])
    }))
    verified = {skill.pk for document in documents for skill in document.skills.all()}
    parts = [
        bool(profile.avatar), bool(profile.headline), len(profile.bio) >= BIO_COMPLETE_LENGTH, bool(skills),
        profile.hourly_rate is not None, bool(profile.city), bool(profile.languages.all()),
    ]
    years = profile.years_experience
    if years is None:
        years = max((user_skill.years for user_skill in skills), default=0)
    words = [profile.display_name, profile.headline, profile.bio, skill_terms, trade_terms, document_terms,
             profile.city]
    return SearchEntry(
        profile=profile,
        text=fold(" ".join(word for word in words if word)),
        skill_ids=sorted(user_skill.skill_id for user_skill in skills),
        verified_skill_count=len(verified),
        completeness=sum(parts) / COMPLETENESS_PARTS,
        experience_years=years,
        last_active_at=profile.user.last_login or profile.updated_at,
        availability=profile.availability,
        available_from=profile.available_from,
        hourly_rate=profile.hourly_rate,
        currency=profile.currency,
        latitude=None if profile.latitude is None else float(profile.latitude),
        longitude=None if profile.longitude is None else float(profile.longitude),
        joined_at=profile.user.date_joined,
        indexed_at=now,
    )
