import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from marketplace.accounts.models import Profile
from marketplace.core.directory import directory_url
from marketplace.search import services
from marketplace.search.models import SearchEntry
from marketplace.search.presentation import cards
from marketplace.search.query import SearchParams
from marketplace.search.selectors import MAX_WORDS, query_words, search
from marketplace.search.understanding import lexicon

from .conftest import STOCKHOLM, approved_document, give_skills


def found(results) -> list[str]:
    """The first names of the page's profiles, lowercased, in order."""
    return [profile.display_name.split()[0].lower() for profile in results.profiles]


def found_set(params: SearchParams) -> set[str]:
    return set(found(search(params, per_page=100)))


PUBLIC = {"astrid", "frida", "bengt", "carl", "dana", "erik"}


# Visibility


def test_only_public_freelancers_are_found(search_world):
    assert found_set(SearchParams()) == PUBLIC
    assert "hilda" not in found_set(SearchParams(q="welder"))


def test_a_profile_hidden_behind_the_index_s_back_is_never_shown(search_world):
    """A change that bypassed the receivers leaves a stale entry: the page still checks."""
    Profile.objects.filter(pk=search_world.profile("dana").pk).update(visibility=Profile.Visibility.HIDDEN)
    assert "dana" not in found_set(SearchParams())


def test_a_profile_without_an_index_entry_is_not_found(search_world):
    SearchEntry.objects.filter(profile=search_world.profile("dana")).delete()
    assert "dana" not in found_set(SearchParams())


# Words


def test_all_words_must_match_as_typed(search_world):
    assert found_set(SearchParams(q="welder", literal=True)) >= {"astrid", "frida", "bengt"}
    assert found_set(SearchParams(q="welder göteborg", literal=True)) == {"astrid", "frida"}
    assert found_set(SearchParams(q="welder uppsala", literal=True)) == set()


def test_words_match_whatever_their_case(search_world):
    assert found_set(SearchParams(q="GÖTEBORG Welder", literal=True)) == {"astrid", "frida"}


def test_verified_document_types_are_searchable(search_world):
    assert found_set(SearchParams(q="hot work", literal=True)) == {"astrid"}
    # Understood, one match is too few: those with most of the words follow, the whole match first.
    results = search(SearchParams(q="hot work"))
    assert results.understood.relaxed and results.profiles[0].display_name.startswith("Astrid")


def test_query_words_keep_letters_and_digits_only():
    assert query_words("Svets-arbete, 'heta' arbeten! C++ 3D") == ["svets", "arbete", "heta", "arbeten", "c", "3d"]
    assert query_words("weld weld WELD") == ["weld"]
    assert query_words(" ".join(f"word{n}" for n in range(30))) == [f"word{n}" for n in range(MAX_WORDS)]
    assert query_words("'; DROP TABLE accounts_profile; --") == ["drop", "table", "accounts", "profile"]


@pytest.mark.parametrize("q", [
    "'; DROP TABLE accounts_profile; --",
    "welder' OR '1'='1",
    "weld:* | !göteborg & (x",
    "\\'); SELECT pg_sleep(5); --",
    "%_%",
    "\x00",
    "<->!&|():*",
])
def test_sql_and_tsquery_syntax_in_words_is_harmless(search_world, q):
    results = search(SearchParams(q=q))
    assert results.total <= len(PUBLIC)
    assert Profile.objects.count() == 9


def test_operators_do_not_widen_a_search(search_world):
    assert found_set(SearchParams(q="welder | carpenter")) == found_set(SearchParams(q="welder carpenter"))


# Filters


def test_skills_any(search_world):
    assert found_set(SearchParams(skills=("python", "carpentry"))) == {"dana", "carl"}


def test_skills_all(search_world):
    assert found_set(SearchParams(skills=("welding", "electrical"), skills_mode="all")) == {"erik"}
    assert found_set(SearchParams(skills=("welding", "python"), skills_mode="all")) == set()


def test_category(search_world):
    assert found_set(SearchParams(category="it")) == {"dana"}
    assert found_set(SearchParams(category="construction")) == PUBLIC - {"dana"}


def test_radius_uses_great_circle_distance(search_world):
    results = search(SearchParams(lat=STOCKHOLM[0], lon=STOCKHOLM[1], radius_km=100, sort="distance"))
    assert found(results) == ["bengt", "dana"]  # Stockholm, then Uppsala; Göteborg is ~398 km away
    assert results.profiles[0].distance_km == pytest.approx(0, abs=0.01)
    assert results.profiles[1].distance_km == pytest.approx(64.0, abs=1.0)


def test_radius_reaches_goteborg_at_400_km(search_world):
    near = found_set(SearchParams(lat=STOCKHOLM[0], lon=STOCKHOLM[1], radius_km=395))
    far = search(SearchParams(lat=STOCKHOLM[0], lon=STOCKHOLM[1], radius_km=400, sort="distance"), per_page=100)
    assert near == {"bengt", "dana"}
    assert set(found(far)) == PUBLIC - {"erik"}  # no coordinates, never in a radius search
    assert far.profiles[-1].distance_km == pytest.approx(398, abs=2)


def test_a_centre_without_radius_annotates_distance_and_keeps_everyone(search_world):
    results = search(SearchParams(lat=STOCKHOLM[0], lon=STOCKHOLM[1], sort="distance"), per_page=100)
    assert set(found(results)) == PUBLIC
    assert found(results)[-1] == "erik"  # without coordinates: last
    assert results.profiles[-1].distance_km is None


def test_available_now(search_world):
    assert found_set(SearchParams(available_now=True)) == {"astrid", "dana", "erik"}


def test_available_by_a_date(search_world):
    today = timezone.localdate()
    assert found_set(SearchParams(available_by=today + datetime.timedelta(days=20))) == {
        "astrid", "dana", "erik", "frida"
    }
    assert found_set(SearchParams(available_by=today + datetime.timedelta(days=60))) == {
        "astrid", "dana", "erik", "frida", "bengt"
    }


def test_rate_range_in_a_currency(search_world):
    assert found_set(SearchParams(rate_min=55000, rate_max=62000, currency="SEK")) == {"frida", "bengt"}
    assert found_set(SearchParams(rate_max=10000, currency="EUR")) == {"dana"}
    assert found_set(SearchParams(rate_min=60000, currency="SEK")) == {"astrid", "bengt"}


def test_rate_bounds_without_a_currency_are_ignored(search_world):
    assert found_set(SearchParams(rate_min=60000)) == PUBLIC


def test_min_rating_excludes_unrated(search_world):
    services.entry_set_rating(profile_id=search_world.profile("carl").pk, average=Decimal("4.6"), count=9)
    services.entry_set_rating(profile_id=search_world.profile("dana").pk, average=Decimal("3.9"), count=2)
    assert found_set(SearchParams(min_rating=4.0)) == {"carl"}
    assert found_set(SearchParams(min_rating=3.5)) == {"carl", "dana"}


def test_verified_only_needs_a_valid_document_for_the_skill(search_world):
    assert found_set(SearchParams(verified_only=True)) == {"astrid"}  # bengt's has expired
    assert found_set(SearchParams(verified_only=True, skills=("welding",))) == {"astrid"}
    assert found_set(SearchParams(verified_only=True, skills=("python",))) == set()
    assert found_set(SearchParams(verified_only=True, skills=("welding", "electrical"), skills_mode="all")) == set()
    assert found_set(SearchParams(verified_only=True, category="construction")) == {"astrid"}


def test_languages_must_all_be_spoken(search_world):
    assert found_set(SearchParams(languages=("en",))) == {"astrid", "dana"}
    assert found_set(SearchParams(languages=("sv", "de"))) == {"carl"}
    assert found_set(SearchParams(languages=("sv", "en", "de"))) == set()


def test_filters_combine(search_world):
    params = SearchParams(
        q="welder", skills=("welding",), lat=STOCKHOLM[0], lon=STOCKHOLM[1], radius_km=450,
        available_by=timezone.localdate() + datetime.timedelta(days=30), rate_max=70000, currency="SEK",
        languages=("sv",),
    )
    assert found_set(params) == {"astrid", "frida"}
    assert found_set(SearchParams(**{**params.__dict__, "verified_only": True})) == {"astrid"}
    assert found_set(SearchParams(**{**params.__dict__, "radius_km": 100})) == set()


# Order


def test_relevance_without_words_prefers_verified_experienced_complete_profiles(search_world):
    assert found(search(SearchParams()))[0] == "astrid"


def test_sort_by_rate(search_world):
    sek = SearchParams(currency="SEK", rate_min=0, sort="rate_asc")
    assert found(search(sek)) == ["carl", "frida", "bengt", "astrid"]
    assert found(search(SearchParams(sort="rate_desc")))[-1] == "erik"  # no rate: last either way
    assert found(search(SearchParams(sort="rate_asc")))[-1] == "erik"


def test_sort_by_rating(search_world):
    services.entry_set_rating(profile_id=search_world.profile("carl").pk, average=Decimal("4.6"), count=9)
    services.entry_set_rating(profile_id=search_world.profile("dana").pk, average=Decimal("3.9"), count=2)
    assert found(search(SearchParams(sort="rating")))[:2] == ["carl", "dana"]


def test_sort_newest_first(search_world):
    order = ["dana", "carl", "astrid", "frida", "bengt", "erik"]
    now = timezone.now()
    for days, name in enumerate(order):
        user = search_world.members[name]
        type(user).objects.filter(pk=user.pk).update(date_joined=now - datetime.timedelta(days=days))
    services.rebuild()
    assert found(search(SearchParams(sort="newest"))) == order


def test_distance_sort_without_a_centre_falls_back_to_relevance(search_world):
    assert found(search(SearchParams(sort="distance"))) == found(search(SearchParams()))


def test_ties_are_broken_by_profile_id(make_member, search_taxonomy):
    twins = [make_member(name=f"Twin {n}", headline="Welder", city="Malmö").profile for n in range(6)]
    services.rebuild()
    for sort in ("relevance", "rate_asc", "rating", "distance"):
        results = search(SearchParams(q="welder", sort=sort))
        assert [p.pk for p in results.profiles] == sorted(p.pk for p in twins)
    scores = {p.score for p in search(SearchParams(q="welder")).profiles}
    assert len(scores) == 1


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
    # the skill's id, count with facets, page ids, their profiles, skills and verified skills;
    # on PostgreSQL also the planner setting and the sample that finds the search is small
    postgres = connection.vendor == "postgresql"
    assert _queries(five, per_page=50) == _queries(forty, per_page=50) == 6 + 2 * postgres
    with CaptureQueriesContext(connection) as again:
        search(forty, per_page=50)
    assert len(again) == 5 + postgres  # the count and facets came from the cache


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


# PostgreSQL full text: ranking, prefixes, stemming


@pytest.mark.postgres
def test_welder_in_goteborg_with_verified_hot_work_comes_first(search_world):
    results = search(SearchParams(q="welder Göteborg"))
    assert found(results) == ["astrid", "frida"]
    assert results.profiles[0].score > results.profiles[1].score


@pytest.mark.postgres
def test_words_in_name_and_skills_outrank_words_in_the_bio(search_world):
    # "welding" is astrid's, frida's, bengt's and erik's skill (A); only in bios it would rank lower.
    results = search(SearchParams(q="welding"), per_page=100)
    assert found(results)[0] == "astrid"
    assert set(found(results)) == {"astrid", "frida", "bengt", "erik"}


@pytest.mark.postgres
@pytest.mark.parametrize(("q", "expected"), [
    ("weld", {"astrid", "frida", "bengt", "erik"}),
    ("svets", {"astrid", "erik"}),  # svetsare, svetsar; astrid's bio says svetsning
    ("lindq", {"astrid"}),
    ("göte", {"astrid", "frida", "carl"}),
    ("elektr", {"erik"}),
])
def test_every_word_is_a_prefix(search_world, q, expected):
    assert found_set(SearchParams(q=q)) == expected


@pytest.mark.postgres
@pytest.mark.parametrize(("q", "expected"), [
    ("welded", {"astrid", "frida", "bengt", "erik"}),  # English: welded, welding, weld
    ("svetsare", {"astrid", "erik"}),  # Swedish: svetsare -> svets, a prefix of svetsning
    ("elektrikern", {"erik"}),  # Swedish: elektrikern and elektriker -> elektrik
    ("elektriker", {"erik"}),
])
def test_english_and_swedish_word_forms_match(search_world, q, expected):
    assert found_set(SearchParams(q=q)) == expected


@pytest.mark.postgres
def test_stop_words_of_one_language_still_match_in_the_other(search_world):
    # As typed, "och" (a Swedish stop word) must still match in English; understood, it is dropped.
    assert found_set(SearchParams(q="och svetsare", literal=True)) == {"erik"}
    assert found_set(SearchParams(q="och svetsare")) == found_set(SearchParams(q="svetsare"))


@pytest.mark.parametrize(("word", "expected"), [
    ("weld", True),  # a prefix of public profiles' words
    ("elektriker", True),
    ("electrcian", False),  # a typo: no profile has it
    ("dold", False),  # only the hidden profile's name
])
def test_the_typo_check_asks_whether_any_public_profile_has_the_word(search_world, word, expected):
    from marketplace.search.selectors.engine import _word_matches_anything

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
