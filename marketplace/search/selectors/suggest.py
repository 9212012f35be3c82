"""Suggestions for the search box as it is typed: skills, places and popular searches.

Asked on every keystroke, so answered from memory without touching the profiles:

- Skills and places come from an index built once per process (`_index()`): every way to name
  a skill (its English and Swedish names and its synonyms) and every place name and alias,
  folded (vocabulary.fold, places.normalise) and kept sorted, together with each suffix that
  starts a word ("svets" finds "MIG-svetsare", "net" finds ".NET"). A prefix is then a binary
  search and a short walk. The index is rebuilt when the vocabulary changes (vocabulary_version(),
  moved on by every save or delete of a skill or trade and by a rebuild of the search index)
  and after INDEX_MAX_SECONDS, which brings in new holder counts.
- How many public freelancers hold each skill (the ranking's popularity) is counted from the
  search index's skill_ids, kept in the shared cache for HOLDERS_CACHE_SECONDS.
- Popular searches are the searches of the last POPULAR_DAYS that found someone, typed by at
  least POPULAR_MIN_SEARCHERS different members or visitor sessions, kept in the shared cache
  for POPULAR_CACHE_SECONDS (tasks.refresh_suggestions computes them ahead of requests). A
  count alone is not enough: a visitor without a session cookie is a new row on every search,
  so one person could make a name "popular". Nothing that could name or reach a person is
  ever suggested: no query with a digit (phone numbers, personal numbers, dates), an @ or a
  slash, none longer than POPULAR_MAX_LENGTH, none equal to a member's display name.

Ranking of skills: the exact name (in either language), then an exact synonym, then a name
that starts with the prefix, then a word of a name, then a synonym that starts with it, then a
word of a synonym; within each, the skills more freelancers hold first, then A–Z. A skill no
public freelancer holds comes after all the others: choosing it would show an empty page.
"""

import bisect
import datetime
import re
import time
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection
from django.db.models import CharField, Count, F, Func, Value
from django.db.models.functions import Cast, Coalesce, Lower, NullIf
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.accounts.models import Profile, Skill, UserSkill
from marketplace.core.vocabulary import fold

from ..models import SearchAnalytics, SearchEntry
from ..places import ALIASES, gazetteer, normalise
from .taxonomy import vocabulary_version

__all__ = [
    "PREFIX_MAX_LENGTH", "Suggestion", "Suggestions", "clean_prefix", "forget_suggestions", "popular_queries",
    "skill_holder_counts", "suggestions",
]

PREFIX_MAX_LENGTH = 60  # longer than any skill or place name: a longer text suggests nothing
INDEX_MAX_SECONDS = 3600
HOLDERS_CACHE_KEY = "search:suggest:holders"
HOLDERS_CACHE_SECONDS = 3600
POPULAR_CACHE_KEY = "search:suggest:popular"
POPULAR_CACHE_SECONDS = 900
POPULAR_DAYS = 30
POPULAR_MIN_SEARCHERS = 3
POPULAR_KEPT = 200
POPULAR_MAX_LENGTH = 50
# At most this many places and popular searches in a list, so that skills keep most of it;
# unused places go to the others.
PLACES_SHOWN = 2
SEARCHES_SHOWN = 2
# A prefix of one or two letters walks the most keys: its skills and places are kept with the index.
SHORT_PREFIX = 2
SHORT_KEPT = 5000

# Where a word starts inside a folded term: a letter or digit after anything else.
_WORD_START = re.compile(r"(?<=[^\w])\w")
# Besides digits (phone and personal numbers, dates): addresses, links, paths.
_PERSONAL = re.compile(r"[@/\\:]")


@dataclass(frozen=True)
class Suggestion:
    kind: str  # "skill", "place" or "search"
    label: str  # what the list shows: the skill in the reader's language, the place, the query
    value: str  # what choosing it puts into the field
    field: str  # the search form's field it fills: "q" or "near"
    matched: str = ""  # the synonym or other name that was typed, when it is not the label


@dataclass
class Suggestions:
    prefix: str
    skills: list[Suggestion] = field(default_factory=list)
    places: list[Suggestion] = field(default_factory=list)
    searches: list[Suggestion] = field(default_factory=list)

    def __len__(self):
        return len(self.skills) + len(self.places) + len(self.searches)

    def __iter__(self):
        yield from self.skills
        yield from self.places
        yield from self.searches

    @property
    def groups(self) -> list[tuple[str, list[Suggestion]]]:
        """(heading, suggestions) of the groups that have any, in the order the list shows them."""
        titled = ((_("Skills"), self.skills), (_("Places"), self.places), (_("Popular searches"), self.searches))
        return [(title, items) for title, items in titled if items]


# -- the per-process index ----------------------------------------------------------------

# Skill match ranks (lower is better); see the module's docstring.
NAME_EXACT, SYNONYM_EXACT, NAME_PREFIX, NAME_WORD, SYNONYM_PREFIX, SYNONYM_WORD = range(6)
# Place match ranks.
PLACE_EXACT, PLACE_PREFIX, PLACE_ALIAS, PLACE_WORD = range(4)


# Which of a skill's names a term is (bits), so that a keystroke folds nothing.
ENGLISH_NAME, SWEDISH_NAME = 1, 2


@dataclass(frozen=True)
class _Skill:
    name: str
    name_sv: str
    holders: int
    sort_en: str
    sort_sv: str

    def local(self, language: str) -> tuple[str, int, str]:
        """The name shown, which name it is, and its sort key: Vocabulary.local_name's rule, for
        a language given rather than the active one."""
        if language == "sv" and self.name_sv:
            return self.name_sv, SWEDISH_NAME, self.sort_sv
        return self.name, ENGLISH_NAME, self.sort_en


@dataclass
class _Index:
    version: object
    built: float
    skills: list[_Skill]
    # Sorted folded keys, and beside each (whole-term rank, word rank, skill, term, name bits):
    skill_keys: list[str]
    skill_rows: list[tuple[int, int, int, str, int]]
    place_keys: list[str]
    place_rows: list[tuple[int, int, int, str, int]]  # (whole rank, word rank, place, alias or "", 0)
    # The skills and places of the shortest prefixes, which walk the most keys: (prefix, language) → lists.
    short: dict = field(default_factory=dict)


def _fold(term: str) -> str:
    return " ".join(fold(term).split())


def _keys(folded: str) -> list[tuple[str, bool]]:
    """The folded term itself (True) and every suffix of it that starts a word (False)."""
    keys = [(folded, True)]
    keys += [(folded[match.start():], False) for match in _WORD_START.finditer(folded)]
    return keys


def _sorted(entries: list[tuple[str, tuple]]) -> tuple[list[str], list[tuple]]:
    entries.sort(key=lambda entry: entry[0])
    return [key for key, _row in entries], [row for _key, row in entries]


def _build(version) -> _Index:
    holders = skill_holder_counts()
    skills: list[_Skill] = []
    skill_entries: list[tuple[str, tuple]] = []
    for number, skill in enumerate(Skill.objects.only("id", "name", "name_sv", "synonyms").order_by("name", "id")):
        english, swedish = _fold(skill.name), _fold(skill.name_sv)
        skills.append(_Skill(skill.name, skill.name_sv, holders.get(skill.pk, 0), english, swedish or english))
        for term in skill.terms:
            folded = _fold(term)
            bits = (ENGLISH_NAME if folded == english else 0) | (SWEDISH_NAME if folded == swedish else 0)
            whole = NAME_PREFIX if bits else SYNONYM_PREFIX
            word = NAME_WORD if bits else SYNONYM_WORD
            for key, at_start in _keys(folded):
                skill_entries.append((key, (whole if at_start else word, word, number, term, bits)))
    place_entries: list[tuple[str, tuple]] = []
    places = gazetteer()
    numbers = {normalise(place.name): number for number, place in enumerate(places)}
    for number, place in enumerate(places):
        for key, at_start in _keys(normalise(place.name)):
            place_entries.append((key, (PLACE_PREFIX if at_start else PLACE_WORD, PLACE_WORD, number, "", 0)))
    for alias, name in ALIASES.items():
        # Aliases are kept folded ("gothenburg"): shown as a name is written.
        place_entries.append((alias, (PLACE_ALIAS, PLACE_ALIAS, numbers[normalise(name)], alias.title(), 0)))
    skill_keys, skill_rows = _sorted(skill_entries)
    place_keys, place_rows = _sorted(place_entries)
    return _Index(version, time.monotonic(), skills, skill_keys, skill_rows, place_keys, place_rows)


_current: _Index | None = None


def _index() -> _Index:
    """This process's index, rebuilt when the taxonomy moved on or it is over an hour old.
    The version is read from the shared cache, so a change in one process reaches all."""
    global _current  # noqa: PLW0603 -- one index per process, replaced whole, never changed in place
    version = (connection.alias, connection.settings_dict["NAME"], vocabulary_version())
    index = _current
    if index is None or index.version != version or time.monotonic() - index.built > INDEX_MAX_SECONDS:
        index = _current = _build(version)
    return index


def _walk(keys: list[str], rows: list[tuple], prefix: str):
    """The rows whose key starts with `prefix`, each with its rank (exact keys rank first)."""
    position = bisect.bisect_left(keys, prefix)
    while position < len(keys) and keys[position].startswith(prefix):
        whole, word, number, term, bits = rows[position]
        yield whole, word, keys[position] == prefix, number, term, bits
        position += 1


def _skill_suggestions(index: _Index, prefix: str, language: str) -> list[Suggestion]:
    best: dict[int, tuple[tuple[int, int], str]] = {}
    skills = index.skills
    for whole, word, exact, number, term, bits in _walk(index.skill_keys, index.skill_rows, prefix):
        rank = whole
        if exact and whole != word:  # the whole term typed out
            rank = NAME_EXACT if whole == NAME_PREFIX else SYNONYM_EXACT
        # Of equal matches, the one that is the name shown (no "— other name" beside it).
        mine = (rank, 0 if bits & skills[number].local(language)[1] else 1)
        if number not in best or mine < best[number][0]:
            best[number] = (mine, term)
    # A skill no one holds would lead to an empty page: after every other, however well it matched.
    ordered = sorted(best, key=lambda number: (
        skills[number].holders == 0, best[number][0][0], -skills[number].holders, skills[number].local(language)[2],
    ))
    results = []
    for number in ordered:
        local = skills[number].local(language)[0]
        term = best[number][1]
        # Beside the name only when it says something the name does not ("Welding — svetsare",
        # not "C# development — C#").
        matched = "" if fold(term) in fold(local) else term
        results.append(Suggestion("skill", local, local, "q", matched))
    return results


def _place_suggestions(index: _Index, prefix: str) -> list[Suggestion]:
    best: dict[int, tuple[int, str]] = {}
    for whole, _word, exact, number, alias, _bits in _walk(index.place_keys, index.place_rows, prefix):
        rank = PLACE_EXACT if exact and whole == PLACE_PREFIX else whole
        if number not in best or rank < best[number][0]:
            best[number] = (rank, alias)
    places = gazetteer()
    # CITIES lists the larger places first: of equal matches, those come first.
    ordered = sorted(best, key=lambda number: (best[number][0], number))
    return [
        Suggestion("place", places[number].name, places[number].name, "near", best[number][1])
        for number in ordered
    ]


# -- what the shared cache holds ------------------------------------------------------------


def skill_holder_counts(*, refresh: bool = False) -> dict[int, int]:
    """{skill id: public freelancers holding it}, from the search index."""
    counts = None if refresh else cache.get(HOLDERS_CACHE_KEY)
    if counts is None:
        if connection.vendor == "postgresql":
            # The entries' own skill_ids, read from the covering filter index, without a skill row.
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT skill_id, count(*) FROM (SELECT unnest(skill_ids) AS skill_id FROM search_searchentry"
                    " WHERE is_public) AS held GROUP BY skill_id"
                )
                counts = dict(cursor.fetchall())
        else:
            public = SearchEntry.objects.filter(is_public=True).values("profile_id")
            counts = dict(
                UserSkill.objects.filter(profile_id__in=public).values("skill_id").annotate(n=Count("pk"))
                .values_list("skill_id", "n")
            )
        cache.set(HOLDERS_CACHE_KEY, counts, HOLDERS_CACHE_SECONDS)
    return counts


def _shareable(query: str) -> bool:
    # isdigit(), not \d: it also knows "²" and the other digits \d leaves out.
    return (
        len(query) <= POPULAR_MAX_LENGTH and any(char.isalpha() for char in query)
        and not _PERSONAL.search(query) and not any(char.isdigit() for char in query)
    )


def _member_names(folded: set[str]) -> set[str]:
    """Those of the folded texts that are a member's display name, whatever its case and accents."""
    if not folded:
        return set()
    if connection.vendor == "postgresql":
        # unaccent (migration 0010) and lower: PostgreSQL's fold, close to ours for names.
        named = (
            Profile.objects.annotate(folded=Lower(Func(F("display_name"), function="unaccent")))
            .filter(folded__in=folded).values_list("display_name", flat=True)
        )
    else:
        # SQLite's lower() knows only ASCII: fold every name here (SQLite sites are small).
        named = Profile.objects.values_list("display_name", flat=True).iterator()
    return {fold(" ".join(name.split())) for name in named} & folded


def popular_queries(*, refresh: bool = False, now: datetime.datetime | None = None) -> list[tuple[str, str]]:
    """[(query, folded query)], the most popular first: the searches that may be suggested to
    anyone (see the module's docstring for the rules)."""
    popular = None if refresh else cache.get(POPULAR_CACHE_KEY)
    if popular is not None:
        return popular
    since = (now or timezone.now()) - datetime.timedelta(days=POPULAR_DAYS)
    # A member, or a visitor's session (its keyed hash); a visitor without a session is no one.
    searcher = Coalesce(Cast("member_id", CharField()), NullIf("visitor_hash", Value("")))
    rows = (
        SearchAnalytics.objects.filter(created_at__gte=since, result_count__gt=0).exclude(query="")
        .values("query")
        .annotate(searchers=Count(searcher, distinct=True), searches=Count("pk"))
        .filter(searchers__gte=POPULAR_MIN_SEARCHERS)
        .order_by("-searchers", "-searches", "query")
        .values_list("query", flat=True)[:POPULAR_KEPT * 2]
    )
    candidates = [(query, fold(query)) for query in rows if _shareable(query)]
    # Someone's name typed by several people is still a person: never suggest it.
    names = _member_names({folded for _query, folded in candidates})
    popular = [(query, folded) for query, folded in candidates if folded not in names][:POPULAR_KEPT]
    cache.set(POPULAR_CACHE_KEY, popular, POPULAR_CACHE_SECONDS)
    return popular


def _search_suggestions(prefix: str, shown: set[str]) -> list[Suggestion]:
    results = []
    for query, folded in popular_queries():
        if folded in shown:
            continue
        if folded.startswith(prefix) or f" {prefix}" in f" {folded}":
            results.append(Suggestion("search", query, query, "q"))
    return results


# -- the suggestions ------------------------------------------------------------------------


def clean_prefix(text: str) -> str:
    """What was typed, folded, with single spaces; empty when it is too long to name anything."""
    text = " ".join(fold(text or "").split())
    return "" if len(text) > PREFIX_MAX_LENGTH else text


def suggestions(prefix: str, *, language: str, limit: int = 8) -> Suggestions:
    """At most `limit` suggestions for what is typed so far, grouped: skills (named in
    `language`, "sv" or "en"), places, popular searches."""
    folded = clean_prefix(prefix)
    result = Suggestions(prefix=folded)
    if not folded or limit < 1:
        return result
    language = (language or "en").split("-")[0].lower()
    index = _index()
    found = index.short.get((folded, language))
    if found is None:
        found = _skill_suggestions(index, folded, language), _place_suggestions(index, normalise(folded))
        if len(folded) <= SHORT_PREFIX and len(index.short) < SHORT_KEPT:
            index.short[folded, language] = found
    skills, places = found
    shown = {fold(term) for item in (*skills, *places) for term in (item.label, item.matched) if term}
    searches = _search_suggestions(folded, shown)
    # Places and searches take at most their share; skills the rest, and what they leave back.
    result.places = places[:PLACES_SHOWN]
    result.searches = searches[:SEARCHES_SHOWN]
    result.skills = skills[:max(limit - len(result.places) - len(result.searches), 0)]
    room = limit - len(result)
    if room > 0:
        result.places += places[PLACES_SHOWN:PLACES_SHOWN + room]
        room = limit - len(result)
        result.searches += searches[SEARCHES_SHOWN:SEARCHES_SHOWN + room]
    if len(result) > limit:  # limit below the shares of places and searches
        result.searches = result.searches[:max(limit - len(result.skills) - len(result.places), 0)]
        result.places = result.places[:max(limit - len(result.skills), 0)]
    return result


def forget_suggestions() -> None:
    """For tests and after bulk imports: count holders and popular searches again."""
    cache.delete_many([HOLDERS_CACHE_KEY, POPULAR_CACHE_KEY])

