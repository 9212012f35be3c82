"""The search itself (selectors/engine.py): pages that are stable and complete, facets over
every match, what each profile on the page carries, a constant number of queries with counts
cached until the index changes, and words that match nothing corrected."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.core.directory import directory_url
from marketplace.search import services
from marketplace.search.presentation import cards
from marketplace.search.query import SearchParams
from marketplace.search.selectors import search
from marketplace.search.selectors.engine import _word_matches_anything
from marketplace.search.selectors.figures import index_size
from marketplace.search.selectors.taxonomy import taxonomy
from marketplace.search.understanding import lexicon

from .conftest import STOCKHOLM, approved_document, give_skills
from .helpers import found

# Pages and facets


def test_pages_are_stable_and_complete(search_world):
    everyone = [p.pk for p in search(SearchParams(), per_page=100).profiles]
    paged = []
    for page in (1, 2, 3):
        results = search(SearchParams(page=page), per_page=2)
        assert (results.total, results.num_pages, results.page) == (6, 3, page)
        paged += [p.pk for p in results.profiles]
    assert paged == everyone


def test_a_page_past_the_end_shows_the_last(search_world):
    results = search(SearchParams(page=99), per_page=4)
    assert (results.page, results.num_pages, len(results.profiles)) == (2, 2, 2)
    assert results.has_previous and not results.has_next
    assert search(SearchParams(page=-3), per_page=4).page == 1


def test_pages_stop_at_max_pages_however_many_match(search_world, monkeypatch):
    """A page past MAX_PAGES (reading it would walk every better match first) shows the last
    page offered; the count stays the whole search's."""
    from marketplace.search.selectors import matching

    monkeypatch.setattr(matching, "MAX_PAGES", 2)
    everyone = [p.pk for p in search(SearchParams(), per_page=100).profiles]

    results = search(SearchParams(page=3), per_page=2)

    assert (results.total, results.page, results.num_pages) == (6, 2, 2)
    assert [p.pk for p in results.profiles] == everyone[2:4]
    assert not results.has_next


def test_no_match_is_one_empty_page(search_world):
    results = search(SearchParams(q="astronaut"))
    assert (results.total, results.page, results.num_pages, results.profiles) == (0, 1, 1, [])
    assert results.skill_facets == [] and results.category_facets == []


def test_facets_count_every_match_not_only_the_page(search_world):
    results = search(SearchParams(), per_page=1)
    skills = {facet.slug: facet.count for facet in results.skill_facets}
    categories = {facet.slug: facet.count for facet in results.category_facets}
    assert skills == {"welding": 4, "carpentry": 1, "python": 1, "electrical": 1}
    assert results.skill_facets[0].name == "Welding"
    assert categories == {"construction": 5, "it": 1}  # erik counts once in construction


def test_facets_follow_the_filters(search_world):
    results = search(SearchParams(lat=STOCKHOLM[0], lon=STOCKHOLM[1], radius_km=100))
    assert {f.slug: f.count for f in results.skill_facets} == {"welding": 1, "python": 1}


def test_page_profiles_carry_score_distance_and_verified_skills(search_world):
    results = search(SearchParams(q="welder"), per_page=100)
    by_name = dict(zip(found(results), results.profiles, strict=True))
    assert by_name["astrid"].verified_skill_ids == {search_world.skills["welding"].pk}
    assert by_name["bengt"].verified_skill_ids == set()  # expired
    assert all(p.distance_km is None for p in results.profiles)
    assert all(isinstance(p.score, float) for p in results.profiles)
    assert [(tag.slug, tag.name) for tag in by_name["astrid"].skill_tags] == [("welding", "Welding")]


def _queries(params: SearchParams, *, per_page: int) -> int:
    cache.clear()  # the count and facets of a search are cached: measure a first search
    directory_url()  # the profiles' links read it once a request, from the cache
    lexicon()  # each process reads the vocabulary once, and again only after it changes
    taxonomy()  # and the skills, trades and languages a search names, likewise
    index_size()  # the sample's size reads the index's size every ten minutes (PostgreSQL)
    with CaptureQueriesContext(connection) as queries:
        results = search(params, per_page=per_page)
        cards(results.profiles)  # everything a result card shows
    return len(queries)


def test_queries_per_search_do_not_grow_with_results(make_member, search_taxonomy):
    skills, _languages, hot_work = search_taxonomy
    for n in range(40):
        user = make_member(name=f"Welder {n}", headline="Welder", city="Göteborg")
        give_skills(user.profile, skills["welding"], *([skills["carpentry"]] if n < 5 else []))
        if n % 2:
            approved_document(user, hot_work, skills["welding"])
    services.rebuild()
    five = SearchParams(q="welder", skills=("carpentry",))
    forty = SearchParams(q="welder", skills=("welding",))
    assert search(five, per_page=50).total == 5
    assert len(search(forty, per_page=50).profiles) == 40
    # count with facets, page ids, their profiles, skills and verified skills (the skill's id
    # comes from the taxonomy); on PostgreSQL also the planner settings and the sample that
    # finds the search is small
    postgres = connection.vendor == "postgresql"
    assert _queries(five, per_page=50) == _queries(forty, per_page=50) == 5 + 2 * postgres
    with CaptureQueriesContext(connection) as again:
        search(forty, per_page=50)
    assert len(again) == 4 + postgres  # the count and facets came from the cache


def test_cached_counts_follow_the_index(make_member, search_taxonomy, django_capture_on_commit_callbacks):
    skills, _languages, _hot_work = search_taxonomy
    first = make_member(name="Welder One", headline="Welder")
    services.rebuild()
    assert search(SearchParams(q="welder")).total == 1
    with django_capture_on_commit_callbacks(execute=True):
        second = make_member(name="Welder Two", headline="Welder")
    results = search(SearchParams(q="welder"))
    assert results.total == 2
    with django_capture_on_commit_callbacks(execute=True):
        give_skills(second.profile, skills["welding"])
    assert [f.slug for f in search(SearchParams(q="welder")).skill_facets] == ["welding"]
    with django_capture_on_commit_callbacks(execute=True):
        first.profile.delete()
    assert search(SearchParams(q="welder")).total == 1


@pytest.mark.parametrize(("word", "expected"), [
    ("weld", True),  # a prefix of public profiles' words
    ("elektriker", True),
    ("electrcian", False),  # a typo: no profile has it
    ("dold", False),  # only the hidden profile's name
])
def test_the_typo_check_asks_whether_any_public_profile_has_the_word(search_world, word, expected):
    assert _word_matches_anything(word) is expected


def test_a_word_that_matches_nothing_is_corrected_with_one_check_per_word(search_world):
    with CaptureQueriesContext(connection) as captured:
        results = search(SearchParams(q="weldr"))
    assert {profile.display_name for profile in results.profiles} >= {"Astrid Lindqvist", "Bengt Svensson"}
    assert results.understood.corrections == (("weldr", "welder"),)
    checks = [query["sql"] for query in captured
              if query["sql"].rstrip().endswith("LIMIT 1") and "search_searchentry" in query["sql"]]
    assert len(checks) == 1
    if connection.vendor == "postgresql":
        # Planned for all of its rows, so a word that matches nothing is looked up in the GIN index.
        assert checks[0].startswith("WITH found AS MATERIALIZED")
