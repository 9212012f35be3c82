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

The rating columns follow the ratings app's figures (`entry_set_rating`, from the receiver of
its rating_statistics_changed signal): rebuilding leaves them as they are.

What an entry holds, and how each database computes it, is in upsert.py.
"""

import datetime
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from marketplace.accounts.models import Profile, UserSkill
from marketplace.passport.models import CompetenceDocument

from .. import ranking
from ..models import SearchEntry
from ..selectors.taxonomy import forget_form_choices
from ..signals import ranking_refreshed
from ..versions import index_changed
from .upsert import profiles_in, upsert_entries
from .words import refresh_words

__all__ = [
    "BATCH_SIZE", "RebuildResult", "entry_set_rating", "index_changed",
    "index_category_holders", "index_document_type_holders", "index_member", "index_profile", "index_skill_holders",
    "indexing_deferred", "indexing_is_deferred", "rebuild",
    "refresh_static_scores",
]

BATCH_SIZE = 5000
HOLDERS_BATCH_SIZE = 1000  # a skill's, trade's or document type's holders, rewritten after an edit

Progress = Callable[[str, int, int, float], None]


@dataclass
class RebuildResult:
    profiles: int  # looked at
    changed: int  # written (on PostgreSQL, unchanged entries are left alone)
    seconds: float


_deferred = threading.local()


@contextmanager
def indexing_deferred():
    """Inside, in this thread, a save does not rewrite its profile's entry after the commit: for
    bulk work (seed_demo) that calls rebuild() at its end, where every entry is written once."""
    outer = getattr(_deferred, "active", False)
    _deferred.active = True
    try:
        yield
    finally:
        _deferred.active = outer


def indexing_is_deferred() -> bool:
    return getattr(_deferred, "active", False)


def _index(scope: str, *, jit: bool = True, **params) -> int:
    """Write the entries of the profiles in the scope; returns how many were written."""
    written = upsert_entries(scope, jit=jit, **params)
    entries = SearchEntry.objects.filter(profile__in=Profile.objects.filter(profiles_in(scope, params)).values("pk"))
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
        transaction.on_commit(lambda: ranking_refreshed.send(sender=SearchEntry, changed=changed))
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
    postgres = connection.vendor == "postgresql"
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
