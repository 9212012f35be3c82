"""Writing the entries of a set of profiles (a scope of _WHERE) in one statement, with the
same values on either database; services/index.py decides when.

Besides the text and the ranking inputs, an entry holds copies of what the filters and sorts
read (availability, rate, coordinates, join date) and `is_public`, which is
Profile.objects.for_public_display() itself, evaluated per entry (index._refresh_public).

On PostgreSQL a profile, a member or a batch is one INSERT … SELECT … ON CONFLICT DO UPDATE, so the
database computes the weighted tsvector, counts and completeness itself (set-based: a batch of 5,000
profiles is one statement), and a row whose values did not change is not written again (so
`indexed_at` is when the entry last changed). `text` stays empty there: only SQLite's
fallback matches on it. On SQLite the same values except `document` are computed in Python,
`text` folded in Python (vocabulary.folded_words: case and accents, as SQLite's lower() only knows
ASCII; its words joined by single spaces, so that "wet-room" holds the phrase "wet room" as
PostgreSQL's parser reads it), as the engine folds the words typed.

What goes into the text, and with which weight (A counts most in ts_rank_cd):
  A  display name (valund_simple: names are not stemmed); every name of the skills held
     (English, Swedish, synonyms: "Welding", "Svetsning", "svetsare"); every name of the
     types of the member's valid passport documents (approved, not expired)
  B  headline
  C  bio, and the Swedish bio (bio_sv, stemmed as Swedish); every name of the trades of
     the skills held ("Construction trades", "Bygg"): a trade named in passing must not
     outrank a holder of the skill the query names
  D  city (valund_simple)
Skills, trades, document types, headline and bio go in twice, stemmed as English and as
Swedish, so that either language's word forms match ("welding" finds "welded", "elektrikern"
finds "elektriker"). The configurations (migration 0010) remove accents before stemming, so
"Goteborg" and "Göteborg" are one lexeme, on both sides of the match.
"""

import datetime

from django.db import connection
from django.db.models import Prefetch, Q
from django.utils import timezone

from marketplace.accounts.models import Profile, UserSkill
from marketplace.core.vocabulary import folded_words
from marketplace.passport.models import CompetenceDocument

from .. import ranking
from ..models import SearchEntry

__all__ = ["profiles_in", "upsert_entries", "write_in_python"]

COMPLETENESS_PARTS = 7  # photo, headline, bio, skills, rate, location, languages
BIO_COMPLETE_LENGTH = 200

# The columns the Python indexing writes (on SQLite; the SQL's ON CONFLICT list too, with
# is_public and static_score); index.entry_set_rating writes the ratings, index._refresh_public
# `is_public` on SQLite.
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
        || setweight(to_tsvector('valund_english', p.bio) || to_tsvector('valund_swedish', p.bio)
                     || to_tsvector('valund_swedish', p.bio_sv), 'C')
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


def profiles_in(scope: str, params: dict) -> Q:
    """_WHERE's condition as the ORM writes it, on Profile."""
    if scope == "profile":
        return Q(pk=params["id"])
    if scope == "user":
        return Q(user_id=params["id"])
    if scope == "ids":
        return Q(pk__in=params["ids"])
    return Q(pk__gte=params["low"], pk__lte=params["high"])


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


def upsert_entries(scope: str, *, jit: bool = True, **params) -> int:
    """Write the entries of the profiles in the scope; returns how many were written."""
    if connection.vendor != "postgresql":
        return write_in_python(Profile.objects.filter(profiles_in(scope, params)))
    values = _sql_params(**params)
    static_sql, static_params = _static_score_sql(values["now"])
    sql = _UPSERT_SQL.format(where=_WHERE[scope], static_score=static_sql)  # noqa: S608 -- fixed SQL; values are parameters
    with connection.cursor() as cursor:
        if not jit:
            # A whole batch looks expensive enough for JIT compilation, which costs more than it saves.
            cursor.execute("SET LOCAL jit = off")
        cursor.execute(sql, {**values, **static_params})
        return cursor.rowcount


# SQLite: the same values, computed in Python.


def write_in_python(profiles) -> int:
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
    words = [profile.display_name, profile.headline, profile.bio, profile.bio_sv, skill_terms, trade_terms,
             document_terms, profile.city]
    return SearchEntry(
        profile=profile,
        text=" ".join(folded_words(" ".join(word for word in words if word))),
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
