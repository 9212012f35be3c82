"""The stored static score (ranking.static_score) and the orders the engine reads from it:
kept current by every change to its inputs and by the daily refresh, and giving the same
order as the whole formula computed from the inputs."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.postgres.search import SearchRank
from django.db.models import F, Value
from django.utils import timezone

from marketplace.accounts import services as account_services
from marketplace.accounts.models import Profile, UserSkill
from marketplace.search import ranking, services, tasks
from marketplace.search.models import SearchEntry
from marketplace.search.query import SearchParams
from marketplace.search.selectors import figures, matching, search, text

from .conftest import approved_document, give_skills


def stored(profile) -> float:
    return SearchEntry.objects.get(profile=profile).static_score


def live(profile, *, now=None) -> float:
    """The static part of the formula computed from the entry's inputs now."""
    return (
        SearchEntry.objects.filter(profile=profile)
        .annotate(live=ranking.static_score(now=now or timezone.now()))
        .get().live
    )


def full_order(params_filter=None, *, text_rank=None) -> list[int]:
    """Public entries in the order of the whole formula, computed live from the inputs."""
    entries = SearchEntry.objects.filter(is_public=True, **(params_filter or {}))
    scored = entries.annotate(full=ranking.score(text_rank=text_rank, now=timezone.now(), prefix=""))
    return list(scored.order_by("-full", "profile_id").values_list("profile_id", flat=True))


def ids(results) -> list[int]:
    return [profile.pk for profile in results.profiles]


# The stored score is kept current


def test_every_entry_stores_the_formula(search_world):
    for name in ("astrid", "frida", "bengt", "carl", "dana", "erik", "hidden"):
        profile = search_world.profile(name)
        assert stored(profile) == pytest.approx(live(profile))
    assert stored(search_world.profile("astrid")) > stored(search_world.profile("frida"))


def test_a_profile_change_updates_the_stored_score(make_member, django_capture_on_commit_callbacks):
    profile = make_member(headline="").profile
    services.index_profile(profile.pk)
    before = stored(profile)
    with django_capture_on_commit_callbacks(execute=True):
        account_services.profile_update(
            actor=profile.user, profile=profile, data={"headline": "Welder", "display_name": profile.display_name}
        )
    assert stored(profile) == pytest.approx(before + ranking.COMPLETENESS_WEIGHT / 7)
    assert stored(profile) == pytest.approx(live(profile))


def test_a_new_skill_updates_the_stored_score(make_member, skills, django_capture_on_commit_callbacks):
    profile = make_member().profile
    services.index_profile(profile.pk)
    before = stored(profile)
    with django_capture_on_commit_callbacks(execute=True):
        account_services.skill_add(actor=profile.user, profile=profile, skill=skills["python"], level=3, years=10)
    # Skills complete the profile, and without years of its own the longest skill's count.
    assert stored(profile) > before
    assert stored(profile) == pytest.approx(live(profile))


def test_an_approved_and_a_revoked_document_update_the_stored_score(make_member, search_taxonomy,
                                                                     django_capture_on_commit_callbacks):
    skills, _languages, hot_work = search_taxonomy
    user = make_member()
    give_skills(user.profile, skills["welding"])
    services.index_profile(user.profile.pk)
    before = stored(user.profile)
    with django_capture_on_commit_callbacks(execute=True):
        document = approved_document(user, hot_work, skills["welding"])
    assert stored(user.profile) == pytest.approx(before + ranking.VERIFIED_WEIGHT / ranking.VERIFIED_CAP)
    with django_capture_on_commit_callbacks(execute=True):
        document.status = document.Status.REVOKED
        document.save(update_fields=["status", "updated_at"])
    assert stored(user.profile) == pytest.approx(before)


def test_a_rating_updates_the_stored_score(search_world):
    carl = search_world.profile("carl")
    before = stored(carl)
    services.entry_set_rating(profile_id=carl.pk, average=Decimal("4.5"), count=3)
    assert stored(carl) == pytest.approx(before + ranking.RATING_WEIGHT * 4.5 / 5)


def test_the_daily_refresh_moves_recency_steps_that_passed(search_world):
    astrid = search_world.profile("astrid")
    assert stored(astrid) == pytest.approx(live(astrid))
    in_40_days = timezone.now() + datetime.timedelta(days=40)  # her last activity: older than 30 days then
    assert live(astrid, now=in_40_days) < stored(astrid)

    changed = services.refresh_static_scores(now=in_40_days)

    assert changed == SearchEntry.objects.count()  # everyone in the fixture was active today
    assert stored(astrid) == pytest.approx(live(astrid, now=in_40_days))
    assert services.refresh_static_scores(now=in_40_days) == 0  # nothing left to move


def test_the_periodic_task_refreshes_the_scores(search_world):
    SearchEntry.objects.update(static_score=0)
    assert tasks.refresh_static_scores.call_local() == SearchEntry.objects.count()
    assert stored(search_world.profile("astrid")) > 0


# The engine's orders are the formula's


@pytest.fixture
def varied(search_world, make_member, search_taxonomy):
    """The search world and a dozen more welders whose scores differ in every part, some equal."""
    skills, _languages, hot_work = search_taxonomy
    now = timezone.now()
    for n in range(12):
        user = make_member(name=f"Welder {n:02}", headline="Welder", years_experience=(n * 3) % 25,
                           bio="x" * (250 if n % 2 else 10), city="Göteborg" if n % 3 else "")
        give_skills(user.profile, skills["welding"])
        if n % 4 == 0:
            approved_document(user, hot_work, skills["welding"])
        type(user).objects.filter(pk=user.pk).update(last_login=now - datetime.timedelta(days=(n * 37) % 400))
    services.rebuild()
    for n, profile in enumerate(Profile.objects.filter(display_name__startswith="Welder").order_by("pk")):
        if n % 5 == 0:
            services.entry_set_rating(profile_id=profile.pk, average=Decimal("4.2"), count=7)
    return search_world


def test_the_index_order_is_the_formula_s_order(varied, monkeypatch):
    expected = full_order()
    assert len(expected) == 18
    assert ids(search(SearchParams(), per_page=100)) == expected
    # Read from the static index, as for a broad search (on PostgreSQL; SQLite always reads it so).
    monkeypatch.setattr(matching, "INDEX_WALK_FROM", 0)
    assert ids(search(SearchParams(), per_page=100)) == expected
    paged = [pk for page in (1, 2, 3, 4) for pk in ids(search(SearchParams(page=page), per_page=5))]
    assert paged == expected


def test_a_filtered_index_order_is_the_formula_s_order(varied, monkeypatch):
    carpenters_and_welders = set(
        UserSkill.objects.filter(skill__slug__in=["welding", "carpentry"]).values_list("profile_id", flat=True)
    )
    expected = [pk for pk in full_order() if pk in carpenters_and_welders]
    params = SearchParams(skills=("carpentry", "welding"))
    assert len(expected) == 17
    assert ids(search(params, per_page=100)) == expected
    monkeypatch.setattr(matching, "INDEX_WALK_FROM", 0)
    assert ids(search(params, per_page=100)) == expected


@pytest.mark.postgres
def test_with_words_the_candidates_are_ranked_by_the_whole_formula(varied):
    query = text.tsquery(["welder"])
    text_rank = SearchRank(F("document"), query, cover_density=True, normalization=Value(32))
    expected = [pk for pk in full_order(text_rank=text_rank)
                if SearchEntry.objects.filter(profile_id=pk, document=query).exists()]
    assert len(expected) >= 14
    assert ids(search(SearchParams(q="welder"), per_page=100)) == expected


@pytest.mark.postgres
def test_beyond_the_candidates_matches_follow_in_static_order(varied, monkeypatch):
    monkeypatch.setattr(ranking, "RANK_CANDIDATES", 4)
    query = text.tsquery(["welder"])
    matching = SearchEntry.objects.filter(is_public=True, document=query)
    static_order = list(matching.order_by("-static_score", "profile_id").values_list("profile_id", flat=True))
    text_rank = SearchRank(F("document"), query, cover_density=True, normalization=Value(32))
    candidates_ranked = list(
        matching.filter(profile_id__in=static_order[:4])
        .annotate(full=ranking.stored_score(text_rank=text_rank)).order_by("-full", "profile_id")
        .values_list("profile_id", flat=True)
    )

    num_pages = search(SearchParams(q="welder"), per_page=3).num_pages
    pages = [search(SearchParams(q="welder", page=page), per_page=3) for page in range(1, num_pages + 1)]
    shown = [pk for page in pages for pk in ids(page)]

    assert shown == candidates_ranked + static_order[4:]  # page 2 straddles the candidates' end


@pytest.mark.postgres
def test_figures_of_a_broad_search_are_estimated_and_marked(varied, monkeypatch):
    exact = search(SearchParams(q="welder"))
    assert not exact.approximate
    # The sample is every page, and every search counts as broad: the estimate is then exact.
    monkeypatch.setattr(figures, "SAMPLE_ROWS", 10**9)
    monkeypatch.setattr(figures, "APPROXIMATE_FROM", 1)
    services.index_changed()

    estimated = search(SearchParams(q="welder"))

    assert estimated.approximate
    assert estimated.total == exact.total
    assert [(f.slug, f.count) for f in estimated.skill_facets] == [(f.slug, f.count) for f in exact.skill_facets]
    assert ids(estimated) == ids(exact)


def test_the_sample_holds_a_fixed_number_of_entries_however_large_the_index(monkeypatch):
    """A broad search is estimated from about SAMPLE_ROWS entries: the share of the index's
    pages shrinks as the index grows (the same work at 100,000 and at 1,000,000 entries), and a
    small index (or one never analysed) is read whole."""
    def sized(entries):
        monkeypatch.setattr(figures, "index_size", lambda: entries)
        return figures.sample_percent()

    assert sized(100_000) == 100 * figures.SAMPLE_ROWS / 100_000
    assert sized(1_000_000) == 100 * figures.SAMPLE_ROWS / 1_000_000
    assert sized(figures.SAMPLE_ROWS) == sized(10) == sized(0) == 100.0


def test_nearest_first_pages_agree_with_the_whole_sort(varied, monkeypatch):
    monkeypatch.setattr(matching, "INDEX_WALK_FROM", 0)  # as for many matches: the page from the nearest ring
    centre = {"lat": 59.329323, "lon": 18.068581}  # Stockholm: bengt there, dana in Uppsala, then Göteborg
    whole = ids(search(SearchParams(**centre, radius_km=500, sort="distance"), per_page=100))
    paged = [pk for page in range(1, 6) for pk in ids(search(SearchParams(**centre, radius_km=500, sort="distance",
                                                                         page=page), per_page=1))]
    assert paged == whole[:5]
    assert [Profile.objects.get(pk=pk).display_name.split()[0] for pk in whole[:2]] == ["Bengt", "Dana"]


@pytest.mark.postgres
def test_exact_figures_carry_the_candidates_and_the_page_ranks_them(varied, monkeypatch):
    """Counted exactly, the figures hold the matches with the best static scores, best first
    (all of them for a small search), and the page ranks those ids instead of finding the
    matches again: the same order as finding them."""
    query = text.tsquery(["welder"])
    matching = SearchEntry.objects.filter(is_public=True, document=query)
    static_order = list(matching.order_by("-static_score", "profile_id").values_list("profile_id", flat=True))

    counted = figures.count_and_facets(matching, exact=True)
    assert counted.candidates == static_order
    assert counted.total == len(static_order)

    monkeypatch.setattr(ranking, "RANK_CANDIDATES", 4)
    assert figures.count_and_facets(matching.filter(profile_id__gt=0), exact=True).candidates == static_order[:4]

    monkeypatch.setattr(ranking, "RANK_CANDIDATES", 1000)
    by_rate = search(SearchParams(q="welder", sort="rate_asc"), per_page=100)
    expected = list(matching.order_by(F("hourly_rate").asc(nulls_last=True), "profile_id")
                    .values_list("profile_id", flat=True))
    assert ids(by_rate) == expected  # another sort of the same small search, read from the candidates


@pytest.mark.postgres
def test_without_words_a_page_within_the_candidates_is_a_slice_of_them(varied, monkeypatch):
    """Counted exactly, a search without words ranks by the static score, the candidates' own
    order: a page inside them is read by id (no second search for the matches), and the pages
    after them are found as before; both agree with the whole order."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr(ranking, "RANK_CANDIDATES", 4)
    welders = set(UserSkill.objects.filter(skill__slug="welding").values_list("profile_id", flat=True))
    expected = [pk for pk in full_order() if pk in welders]
    params = SearchParams(skills=("welding",))
    first = search(params, per_page=2)
    pages = [first] + [search(SearchParams(skills=("welding",), page=page), per_page=2)
                       for page in range(2, first.num_pages + 1)]
    assert [pk for page in pages for pk in ids(page)] == expected
    with CaptureQueriesContext(connection) as captured:
        search(SearchParams(skills=("welding",), page=2), per_page=2)
    page_query = [query["sql"] for query in captured if '"distance_km"' in query["sql"]]
    assert len(page_query) == 1 and "= ANY(" in page_query[0] and "ORDER BY" not in page_query[0]


def test_sqlite_and_estimated_figures_carry_no_candidates(varied):
    matching = SearchEntry.objects.filter(is_public=True)
    counted = figures.count_and_facets(matching, exact=True)
    assert (counted.candidates is None) == (figures.connection.vendor != "postgresql")
