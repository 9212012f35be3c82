"""The search box's suggestions (selectors/suggest.py): skills by any of their names in the
reader's language, places, and popular searches that never name or reach a person."""


import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.accounts.models import UserSkill
from marketplace.search import selectors, services, tasks
from marketplace.search.models import SearchAnalytics
from marketplace.search.selectors import suggest

from .conftest import searched


def labels(found) -> list[str]:
    return [item.label + (f" — {item.matched}" if item.matched else "") for item in found]


def holders(make_member, skill, count):
    for _ in range(count):
        profile = make_member(headline="Freelancer").profile
        UserSkill.objects.create(profile=profile, skill=skill)


# -- skills -----------------------------------------------------------------------------------


def test_swedish_reader_sees_the_swedish_name(vocabulary):
    found = selectors.suggestions("svets", language="sv")
    assert labels(found.skills) == ["Svetsning"]
    assert found.skills[0].value == "Svetsning" and found.skills[0].field == "q"


def test_english_reader_sees_the_english_name_with_the_swedish_word_typed(vocabulary):
    assert labels(selectors.suggestions("svets", language="en").skills) == ["Welding — Svetsning"]
    assert labels(selectors.suggestions("svetsare", language="en").skills) == ["Welding — svetsare"]


def test_a_synonym_finds_its_skill_and_is_shown_beside_the_name(vocabulary):
    assert labels(selectors.suggestions("elektrik", language="en").skills) == ["Electrical installation — elektriker"]
    assert labels(selectors.suggestions("elektrik", language="sv").skills) == ["Elinstallation — elektriker"]


def test_a_word_inside_a_name_or_synonym_is_found(vocabulary):
    assert labels(selectors.suggestions("install", language="en").skills) == ["Electrical installation"]
    assert labels(selectors.suggestions("mig", language="en").skills) == ["Welding — MIG-svetsare"]
    # After a hyphen a word starts; inside a compound ("Webbutveckling") none does.
    assert labels(selectors.suggestions("utveck", language="sv").skills) == ["C#-utveckling"]


def test_case_and_accents_do_not_matter_on_either_side(vocabulary):
    assert labels(selectors.suggestions("MALARE", language="sv").skills) == ["Målning — målare"]
    assert labels(selectors.suggestions("målning", language="en").skills) == ["Painting — Målning"]
    assert labels(selectors.suggestions("Mal", language="sv").skills) == ["Målning"]


def test_symbols_and_abbreviations(vocabulary):
    # The synonym "C#" is what was typed, but the name shown says it already.
    assert labels(selectors.suggestions("c#", language="en").skills) == ["C# development"]
    assert labels(selectors.suggestions(".NE", language="en").skills) == ["C# development — .NET"]
    assert labels(selectors.suggestions("net", language="en").skills) == ["C# development — .NET"]


def test_a_name_ranks_above_a_synonym_and_an_exact_name_above_a_longer_one(vocabulary):
    # "Python" is a whole name; "Python web frameworks" only starts with it.
    assert labels(selectors.suggestions("python", language="en").skills) == ["Python", "Python web frameworks"]
    # "Web development" and "Webbutveckling" are names, "webbutvecklare" a synonym of the same skill:
    # one entry, under its name. "Python web frameworks" has "web" only inside its name.
    assert labels(selectors.suggestions("web", language="en").skills) == ["Web development", "Python web frameworks"]


def test_among_equal_matches_the_skill_more_freelancers_hold_comes_first(vocabulary, make_member):
    holders(make_member, vocabulary["web"], 2)
    holders(make_member, vocabulary["welding"], 1)
    services.rebuild()
    selectors.forget_suggestions()
    assert labels(selectors.suggestions("we", language="en").skills)[:2] == ["Web development", "Welding"]
    holders(make_member, vocabulary["welding"], 2)
    services.rebuild()
    selectors.forget_suggestions()
    assert labels(selectors.suggestions("we", language="en").skills)[:2] == ["Welding", "Web development"]


def test_a_skill_no_one_holds_comes_after_those_someone_does(vocabulary, make_member):
    holders(make_member, vocabulary["painting"], 1)
    services.rebuild()
    selectors.forget_suggestions()
    # "Målning" is a name, "MIG-svetsare" only a word of a synonym, but Welding has no holder.
    assert labels(selectors.suggestions("m", language="sv").skills)[:2] == ["Målning", "Svetsning — MIG-svetsare"]


def test_an_editors_new_synonym_is_suggested_without_a_restart(vocabulary):
    assert selectors.suggestions("rörsvets", language="en").skills == []
    welding = vocabulary["welding"]
    welding.add_synonym("rörsvetsare")
    welding.save()
    assert labels(selectors.suggestions("rorsvets", language="en").skills) == ["Welding — rörsvetsare"]


def test_a_deleted_skill_is_no_longer_suggested(vocabulary):
    assert selectors.suggestions("djang", language="en").skills
    vocabulary["django"].delete()
    assert selectors.suggestions("djang", language="en").skills == []


# -- places -----------------------------------------------------------------------------------


def test_places_by_their_name_without_accents_and_by_other_names(vocabulary):
    got = selectors.suggestions("gote", language="en").places
    assert [(item.label, item.field, item.value) for item in got] == [("Göteborg", "near", "Göteborg")]
    assert labels(selectors.suggestions("malmo", language="sv").places) == ["Malmö"]
    assert labels(selectors.suggestions("gothen", language="en").places) == ["Göteborg — Gothenburg"]
    assert labels(selectors.suggestions("orebro", language="en").places) == ["Örebro"]


def test_the_larger_places_come_first(vocabulary):
    assert labels(selectors.suggestions("s", language="en").places)[:3] == ["Stockholm", "Sundsvall", "Södertälje"]


# -- popular searches -------------------------------------------------------------------------


@pytest.fixture
def searches(vocabulary, make_member):
    three = ["a" * 64, "b" * 64, "c" * 64]
    searched("rörmokare stockholm", by=three)
    searched("rörmokare solna", by=three[:2])  # only two people
    searched("rörmokare lund", by=["d" * 64] * 12)  # one session, twelve times
    searched("rörmokare malmö", by=[""] * 12)  # twelve searches without a session: no one in particular
    searched("rörmokare uppsala", by=three, results=0)  # found no one
    searched("rörmokare kiruna", by=three, days_ago=31)  # too long ago
    searched("rörmokare 0701234567", by=three)
    searched("rörmokare²", by=three)
    searched("rör@example.com", by=three)
    searched("rör https://example.com", by=three)
    make_member(name="Rörbeck Anna")
    searched("rörbeck anna", by=three)  # a member's name, however many typed it
    make_member(name="Åsa Rörling")
    searched("asa rorling", by=three)  # and typed without its accents
    for _ in range(3):
        SearchAnalytics.objects.create(query="rörmokare växjö", result_count=2, member=make_member())


def test_popular_searches_are_only_what_several_people_typed_and_found(searches):
    found = selectors.suggestions("rör", language="sv", limit=20)
    assert labels(found.searches) == ["rörmokare stockholm", "rörmokare växjö"]
    assert all(item.field == "q" and item.value == item.label for item in found.searches)


def test_popular_searches_match_a_later_word_too(searches):
    assert labels(selectors.suggestions("stock", language="sv").searches) == ["rörmokare stockholm"]


def test_a_popular_search_that_is_a_skill_shown_is_not_repeated(vocabulary):
    searched("svetsare", by=["a" * 64, "b" * 64, "c" * 64])
    found = selectors.suggestions("svetsare", language="en")
    assert labels(found.skills) == ["Welding — svetsare"]
    assert found.searches == []


def test_popular_searches_are_read_once_for_many_keystrokes(searches):
    selectors.suggestions("r", language="sv")
    with CaptureQueriesContext(connection) as captured:
        for typed in ("rö", "rör", "rörm", "stock", "welding", "göteborg"):
            selectors.suggestions(typed, language="sv")
    assert len(captured) == 0


# -- the list as a whole ----------------------------------------------------------------------


def test_the_list_has_at_most_limit_suggestions_skills_first(vocabulary):
    found = selectors.suggestions("s", language="en", limit=4)
    assert len(found) == 4
    assert [title for title, _items in found.groups][0] == "Skills"
    assert len(list(found)) == 4
    assert len(selectors.suggestions("s", language="en", limit=1)) == 1


@pytest.mark.parametrize("typed", [
    "", "   ", "%%%", "\"'<>", "x" * 5000, "свет weld", "ä" * 61, "🙂", "\u0301", "a\u200bb", "-", "*", "(", "\\",
])
def test_odd_input_is_answered_without_error(vocabulary, typed):
    found = selectors.suggestions(typed, language="en")
    assert len(found) <= 8
    if len(typed) > suggest.PREFIX_MAX_LENGTH or not typed.strip():
        assert len(found) == 0


def test_the_periodic_task_brings_new_popular_searches_before_the_cache_would(searches):
    assert labels(selectors.suggestions("rörmokare g", language="sv").searches) == []
    searched("rörmokare gävle", by=["x" * 64, "y" * 64, "z" * 64])
    assert labels(selectors.suggestions("rörmokare g", language="sv").searches) == []  # still the cached list
    assert tasks.refresh_suggestions.call_local() == 3
    assert labels(selectors.suggestions("rörmokare g", language="sv").searches) == ["rörmokare gävle"]
