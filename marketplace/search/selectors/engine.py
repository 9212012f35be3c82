"""The search engine: SearchParams in, SearchResults out (query.py is the contract).

Matching, counting, faceting and ranking run on the search index (SearchEntry, one row per
profile with copies of what the filters read, its skill ids included; see models/index.py),
so that a search over tens of thousands of matches scans one table instead of joining
profiles, users, email addresses and skills. On PostgreSQL a search that must look at many
entries without the words reads a covering index of those copies (search_entry_filters_idx,
an index-only scan) rather than the rows, nine tenths of which are the tsvector. Only entries
marked public take part, and the page's profiles are then read through
Profile.objects.for_public_display(), so a profile that stopped being public is never shown,
even before its entry catches up.

Words are matched on PostgreSQL as a tsquery: every word a prefix, stemmed as English and
as Swedish, all words required; on SQLite as substrings of the entry's casefolded text.

The entries that match and the order a page is read in are matching.py's; this module
reads a search's words first (understanding.py) and, when they find too little, corrects
them and then relaxes them.

Counts and facets (the total and the top skills and trades among all matches; figures.py)
are one statement, cached until the index changes. On PostgreSQL a search first counts a fixed sample
of the index's pages (TABLESAMPLE SYSTEM, the share that holds about SAMPLE_ROWS entries, always
the same ones, so an estimate costs the same however large the index grows): when
that promises at least APPROXIMATE_FROM matches, the figures are the sample's, scaled up, and
marked approximate (the page says "about 34,000"); only smaller searches count and facet
every match, which is cheap because there are few. An estimate's pages stop at
ESTIMATE_PAGES_SHARE of it, so that every page offered exists; one that does not anyway is
answered by counting exactly.

A search costs the same number of queries however many profiles match: on PostgreSQL the
planner setting and the sample, then for a small search the exact count with the facets
(cached until the index changes), the page's ids, its profiles, their skills and their
verified skills; plus one to look up the chosen skills or trade and one for the chosen
languages, when given. A page's ids take one query more for a page of a text search that
reaches past the ranked candidates, and up to three more for nearest-first over
INDEX_WALK_FROM matches or more (one per ring tried); neither depends on the page's size.
Every ten minutes a broad search also reads the index's size (PostgreSQL's estimate).
"""

import functools
from dataclasses import replace

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from marketplace.accounts.models import Profile, UserSkill
from marketplace.core.vocabulary import folded_words
from marketplace.passport.models import CompetenceDocument

from ..models import SearchEntry, SearchWord
from ..query import PER_PAGE, RADIUS_DEFAULT, SearchParams, SearchResults, SkillTag
from ..understanding import Understanding, lexicon, understand
from .figures import count_and_facets
from .matching import matches, page_rows
from .text import MAX_WORDS, TEXT_CONFIGS, Text, postgres, query_words, tsquery
from .words import nearest_profile_word

__all__ = ["MAX_WORDS", "card_profiles", "query_words", "search"]

# Fewer matches than this, and the search corrects words that match nothing, then accepts
# profiles matching most of the words.
HANDFUL = 5

RANDOM_PAGE_COST = 1.1
# What a result card shows of a profile (presentation.cards): the page's profiles load only these.
CARD_FIELDS = (
    "user_id", "display_name", "slug", "headline", "avatar_small", "city", "country", "hourly_rate", "currency",
    "availability", "available_from",
)


def search(params: SearchParams, *, per_page: int = PER_PAGE) -> SearchResults:
    if not postgres():
        return _search(params, per_page=per_page)
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        # The index and its neighbours are read over and over, so they are in memory; the
        # default random_page_cost (4, for spinning disks) makes the planner hash tens of
        # thousands of skill rows rather than look up the few hundred it needs. For these
        # statements only (docs/operations.md, "PostgreSQL settings", has the ones we recommend).
        # No sequential scan where an index can answer: the planner does not count reading the
        # entries' tsvectors out of line (TOAST), so for a word a quarter of the profiles might
        # hold it chose a parallel scan that read every document (q=paint: 218,430 buffers at
        # 100,000; through the text's GIN index, which needs no document for a plain word,
        # 11,053). The whole benchmark mix in buffers: docs/benchmarks.md. No JIT: a statement
        # costed over jit_above_cost is compiled first, 20 to 60 ms of LLVM for statements that
        # run in a few; the seq-scan penalty alone (1e10) put the vocabulary's small tables over
        # it (the skills' list: 21 ms of JIT for 0.1 ms of work), and at 1,000,000 profiles the
        # broad searches' costs pass it too. One statement, so the settings cost no extra round
        # trip.
        cursor.execute(
            f"SET LOCAL random_page_cost = {RANDOM_PAGE_COST}; SET LOCAL enable_seqscan = off; SET LOCAL jit = off"
        )
        return _search(params, per_page=per_page)


def _search(params: SearchParams, *, per_page: int) -> SearchResults:
    if not params.q or params.literal:
        return _run(params, Text.as_typed(params.q), per_page=per_page)
    understood = understand(params.q, place_wanted=params.lat is None)
    # A misspelt skill or place can still match through a prefix or a stem ("kubernets" finds
    # "kubernetes" in bios, as a word, its holders not first): read it as what it nearly names.
    understood = _corrected(understood, naming_only=True)
    if understood.place is not None:
        params = replace(params, lat=understood.place.lat, lon=understood.place.lon,
                         radius_km=params.radius_km or RADIUS_DEFAULT)
    results = _run(params, Text.of(understood), per_page=per_page)
    if results.total < HANDFUL and understood.words:
        # Too little: correct the words that match nothing, then accept most of the words.
        corrected = _corrected(understood)
        if corrected is not understood:
            again = _run(params, Text.of(corrected), per_page=per_page)
            if again.total > results.total:
                understood, results = corrected, again
        if results.total < HANDFUL and len(understood.words) >= 2 and not understood.concepts:
            relaxed = replace(understood, relaxed=True)
            again = _run(params, Text.of(relaxed), per_page=per_page)
            if again.total > results.total:
                understood, results = relaxed, again
    results.understood = understood
    return results


def _corrected(understood: Understanding, *, naming_only: bool = False) -> Understanding:
    """The understanding with each free word that matches no profile replaced by the nearest
    word of the vocabulary or the place names (which may then name a skill), else of the
    profiles' own words (selectors/words.py), or itself.

    `naming_only`: before searching, a free word one edit from the vocabulary (two from eight
    letters) that matches, as typed, the correction or the names of what it names, but begins
    no word that profiles use besides the vocabulary's (models.SearchWord; its trigram index
    answers the prefix on PostgreSQL), replaced when the correction names a skill, trade,
    document type or place; other words stay as typed. "kubernets" is stemmed to "kubernet", a
    prefix of "kubernetes": it found the holders' text, never matched nothing, so it was never
    corrected, and ranked them as words only. "ritning" is one edit from "rivning" too, but
    does not match it (its stem is "ritn"): a real word, left alone, as is a word that begins
    a profile's word."""
    vocabulary = lexicon()
    corrections = []
    for word in understood.words:
        if naming_only:
            correction = vocabulary.correction(word)
            if correction is None:
                continue
            named = vocabulary.concept(correction)
            names = " ".join((correction, *((named.name, named.name_sv) if named is not None else ())))
            if not _matches_as_typed(word, names) or _begins_a_profile_word(word, vocabulary):
                continue
        elif _word_matches_anything(word):
            continue
        else:
            correction = vocabulary.correction(word) or nearest_profile_word(word)
        if correction is not None:
            corrections.append((word, correction))
    if not corrections:
        return understood
    fixed = dict(corrections)
    retyped = " ".join(fixed.get(word, word) for word in understood.words)
    again = understand(retyped, place_wanted=understood.place is None, vocabulary=vocabulary)
    known = {concept.slug for concept in understood.concepts}
    concepts = (*understood.concepts, *(concept for concept in again.concepts if concept.slug not in known))
    place, place_term = understood.place or again.place, understood.place_term or again.place_term
    if naming_only and len(concepts) == len(understood.concepts) and place is understood.place:
        return understood
    return replace(
        understood, concepts=concepts, words=again.words, corrections=(*understood.corrections, *corrections),
        place=place, place_term=place_term,
    )


def _begins_a_profile_word(word: str, vocabulary) -> bool:
    """Whether the word begins a word that profiles use (models.SearchWord) other than the
    vocabulary's own names (on SQLite the profiles' words include the names of their skills)."""
    found = SearchWord.objects.filter(word__startswith=word).values_list("word", flat=True)[:50]
    return any(found_word not in vocabulary.known_words for found_word in found)


def _matches_as_typed(word: str, text: str) -> bool:
    """Whether the word, as the search matches it, matches this text (a correction and the names
    of what it names)."""
    if not postgres():
        return word in " ".join(folded_words(text))
    return _stem_matches(word, text)


@functools.lru_cache(maxsize=4096)
def _stem_matches(word: str, text: str) -> bool:
    """PostgreSQL's answer, kept by each process: it depends only on the text search
    configurations, and a typo people make once they make again (a query each time otherwise)."""
    query = " || ".join(f"to_tsquery('{config}', %s)" for config in TEXT_CONFIGS)
    document = " || ".join(f"to_tsvector('{config}', %s)" for config in TEXT_CONFIGS)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT ({document}) @@ ({query})",  # noqa: S608 -- fixed configurations; values are parameters
                       [text] * len(TEXT_CONFIGS) + [f"{word}:*"] * len(TEXT_CONFIGS))
        return bool(cursor.fetchone()[0])


def _word_matches_anything(word: str) -> bool:
    entries = SearchEntry.objects.filter(is_public=True)
    if not postgres():
        return entries.filter(text__contains=word).exists()
    # Not EXISTS (… LIMIT 1): the planner takes it for a scan that stops at the first match, but
    # a word asked about here usually matches nothing, and such a scan then reads every entry
    # (0.4 s at 100,000 profiles). A materialized CTE is planned for all of its rows, so a rare
    # word is looked up in the text's GIN index, and LIMIT still stops at the first row.
    sql, sql_params = entries.filter(document=tsquery([word])).values("profile_id").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"WITH found AS MATERIALIZED ({sql}) SELECT 1 FROM found LIMIT 1", sql_params)  # noqa: S608 -- the ORM's SQL; values are parameters
        return cursor.fetchone() is not None


def _run(params: SearchParams, text: "Text", *, per_page: int) -> SearchResults:
    now = timezone.now()
    today = timezone.localdate(now)
    found = matches(params, text=text, today=today)
    centre = (params.lat, params.lon) if params.lat is not None and params.lon is not None else None

    figures = count_and_facets(found)
    rows, page, num_pages = page_rows(found, params, figures, text=text, centre=centre, per_page=per_page)
    if not rows and figures.approximate and page > 1:
        # The estimate promised more pages than there are: count exactly, show the last page.
        figures = count_and_facets(found, exact=True)
        rows, page, num_pages = page_rows(found, params, figures, text=text, centre=centre, per_page=per_page)
    if figures.total == 0:
        return SearchResults(profiles=[], total=0, page=page, num_pages=num_pages, per_page=per_page)

    profiles = card_profiles([profile_id for profile_id, _score, _distance in rows], today=today)
    found_by_id = {profile_id: (score, distance_km) for profile_id, score, distance_km in rows}
    for profile in profiles:
        profile.score, profile.distance_km = found_by_id[profile.pk]

    return SearchResults(
        profiles=profiles, total=figures.total, page=page, num_pages=num_pages, per_page=per_page,
        skill_facets=figures.skills, category_facets=figures.categories, approximate=figures.approximate,
    )


def card_profiles(profile_ids, *, today=None) -> list[Profile]:
    """The public profiles of these ids, in their order, with what a card shows
    (presentation.cards): the CARD_FIELDS, the rating (.rating_average, the same Bayesian score
    as the profile and the rating filter, and .rating_count, from the search entry), the skills
    (.skill_tags) and the skills a valid document proves (.verified_skill_ids). Three queries
    however many profiles: the profiles, their skills, their verified skills."""
    today = today or timezone.localdate()
    ids = list(profile_ids)
    shown = {
        profile.pk: profile
        for profile in Profile.objects.for_public_display()
        .filter(pk__in=ids)
        .only(*CARD_FIELDS)
        .annotate(rating_average=F("search_entry__rating_average"), rating_count=F("search_entry__rating_count"))
        .order_by()
    } if ids else {}
    tags = _skill_tags(shown)
    profiles = []
    for profile_id in ids:
        if profile_id in shown:
            profile = shown[profile_id]
            profile.distance_km = None
            profile.skill_tags = tags.get(profile_id, [])
            profiles.append(profile)
    verified = _verified_skill_ids([profile.user_id for profile in profiles], today=today)
    for profile in profiles:
        profile.verified_skill_ids = verified.get(profile.user_id, set())
    return profiles


def _skill_tags(profile_ids) -> dict[int, list[SkillTag]]:
    """The skills of the page's profiles by profile, highest level first, then by name: plain
    values rather than UserSkill, Skill and trade objects (three models for each of about 80)."""
    rows = (
        UserSkill.objects.filter(profile_id__in=profile_ids)
        .order_by("profile_id", "-level", "skill__name", "skill_id")
        .values_list("profile_id", "skill_id", "skill__slug", "skill__name")
    )
    tags: dict[int, list[SkillTag]] = {}
    for profile_id, skill_id, slug, name in rows:
        tags.setdefault(profile_id, []).append(SkillTag(skill_id, slug, name))
    return tags


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


