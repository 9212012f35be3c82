"""Which freelancers a search finds and in what order (selectors/matching.py, with the words of
selectors/text.py): only public profiles, every word, each filter and their combination, each
sort with ties broken by id, and on PostgreSQL the full text's ranking, prefixes and stemming."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from marketplace.accounts.models import Profile
from marketplace.search import services
from marketplace.search.models import SearchEntry
from marketplace.search.query import SearchParams
from marketplace.search.selectors import MAX_WORDS, query_words, search

from .conftest import STOCKHOLM
from .helpers import found, found_set

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
