import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.postgres.search import SearchQuery
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from marketplace.accounts import services as account_services
from marketplace.accounts.models import Profile, UserSkill
from marketplace.core.vocabulary import fold
from marketplace.passport.models import CompetenceDocument, CompetenceTemplate
from marketplace.search import ranking, services
from marketplace.search.models import SearchEntry
from marketplace.search.query import SearchParams
from marketplace.search.selectors import search

from .conftest import approved_document, give_skills


def entry(profile) -> SearchEntry:
    return SearchEntry.objects.get(profile=profile)


def matches(profile, word: str) -> bool:
    """Whether the profile's entry matches the word, as the engine would match it."""
    if connection.vendor == "postgresql":
        query = SearchQuery(f"{word}:*", search_type="raw", config="valund_english")  # migration 0010
        return SearchEntry.objects.filter(profile=profile, document=query).exists()
    return fold(word) in entry(profile).text


def test_a_new_profile_is_indexed_after_commit(make_member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        profile = make_member(name="Astrid Lindqvist", headline="Certified welder", city="Göteborg").profile
    assert matches(profile, "welder")
    assert matches(profile, "göteborg")
    if connection.vendor != "postgresql":
        assert "astrid lindqvist" in entry(profile).text


def test_nothing_is_indexed_before_commit(make_member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        profile = make_member(name="Astrid Lindqvist", headline="Welder").profile
    assert callbacks
    assert not SearchEntry.objects.filter(profile=profile).exists()


def test_bulk_work_defers_the_entries_to_its_rebuild(make_member, django_capture_on_commit_callbacks):
    """Inside indexing_deferred() (seed_demo) saves leave the index alone; the rebuild writes it."""
    with django_capture_on_commit_callbacks(execute=True):
        profile = make_member(name="Astrid Lindqvist", headline="Certified welder").profile
    with services.indexing_deferred(), django_capture_on_commit_callbacks(execute=True):
        with services.indexing_deferred():  # nested: still deferred when the inner one ends
            pass
        assert services.indexing_is_deferred()
        profile.headline = "Certified plumber"
        profile.save()
        newcomer = make_member(name="Bengt Svensson", headline="Roofer").profile
    assert not services.indexing_is_deferred()
    assert matches(profile, "welder") and not matches(profile, "plumber")
    assert not SearchEntry.objects.filter(profile=newcomer).exists()

    services.rebuild()
    assert matches(profile, "plumber") and not matches(profile, "welder")
    assert matches(newcomer, "roofer")


def test_profile_changes_update_the_entry(make_member, django_capture_on_commit_callbacks):
    profile = make_member(headline="Welder").profile
    with django_capture_on_commit_callbacks(execute=True):
        account_services.profile_update(
            actor=profile.user, profile=profile, data={"headline": "Carpenter", "display_name": profile.display_name}
        )
    assert matches(profile, "carpenter")
    assert not matches(profile, "welder")


def test_skill_changes_update_the_entry(make_member, skills, django_capture_on_commit_callbacks):
    profile = make_member().profile
    with django_capture_on_commit_callbacks(execute=True):
        account_services.skill_add(actor=profile.user, profile=profile, skill=skills["python"], level=3)
    assert matches(profile, "python")
    user_skill = UserSkill.objects.get(profile=profile)
    with django_capture_on_commit_callbacks(execute=True):
        account_services.skill_remove(actor=profile.user, profile=profile, user_skill_id=user_skill.pk)
    assert not matches(profile, "python")


def test_the_entry_keeps_the_ids_of_the_skills_held(make_member, skills, django_capture_on_commit_callbacks):
    profile = make_member().profile
    with django_capture_on_commit_callbacks(execute=True):
        account_services.skill_add(actor=profile.user, profile=profile, skill=skills["python"], level=3)
        account_services.skill_add(actor=profile.user, profile=profile, skill=skills["welding"], level=2)
    assert entry(profile).skill_ids == sorted([skills["python"].pk, skills["welding"].pk])
    user_skill = UserSkill.objects.get(profile=profile, skill=skills["python"])
    with django_capture_on_commit_callbacks(execute=True):
        account_services.skill_remove(actor=profile.user, profile=profile, user_skill_id=user_skill.pk)
    assert entry(profile).skill_ids == [skills["welding"].pk]


def test_a_renamed_skill_updates_its_holders(make_member, skills, django_capture_on_commit_callbacks):
    profile = make_member().profile
    give_skills(profile, skills["python"])
    services.rebuild()
    skill = skills["python"]
    skill.name = "Django"
    with django_capture_on_commit_callbacks(execute=True):
        skill.save()
    assert matches(profile, "django")


def test_languages_count_towards_completeness(make_member, search_taxonomy, django_capture_on_commit_callbacks):
    _skills, languages, _hot_work = search_taxonomy
    profile = make_member().profile
    services.index_profile(profile.pk)
    before = entry(profile).completeness
    with django_capture_on_commit_callbacks(execute=True):
        profile.languages.add(languages["sv"])
    assert entry(profile).completeness == pytest.approx(before + 1 / 7)
    with django_capture_on_commit_callbacks(execute=True):
        languages["sv"].profiles.clear()
    assert entry(profile).completeness == pytest.approx(before)


def test_passport_status_changes_update_verified_skills(make_member, search_taxonomy,
                                                          django_capture_on_commit_callbacks):
    skills, _languages, hot_work = search_taxonomy
    user = make_member(headline="Welder")
    give_skills(user.profile, skills["welding"])
    with django_capture_on_commit_callbacks(execute=True):
        document = approved_document(user, hot_work, skills["welding"])
    assert entry(user.profile).verified_skill_count == 1
    assert matches(user.profile, "hot")
    with django_capture_on_commit_callbacks(execute=True):
        document.status = CompetenceDocument.Status.REVOKED
        document.save(update_fields=["status", "updated_at"])
    assert entry(user.profile).verified_skill_count == 0
    assert not matches(user.profile, "hot")


def test_a_document_not_yet_approved_proves_nothing(make_member, search_taxonomy):
    skills, _languages, hot_work = search_taxonomy
    user = make_member()
    approved_document(user, hot_work, skills["welding"], status=CompetenceDocument.Status.UNDER_REVIEW)
    approved_document(user, hot_work, skills["welding"],
                      expiry_date=timezone.localdate() - datetime.timedelta(days=1))
    services.index_profile(user.profile.pk)
    assert entry(user.profile).verified_skill_count == 0


def test_hiding_a_profile_takes_it_out_of_search(make_member, django_capture_on_commit_callbacks):
    user = make_member(headline="Welder")
    services.index_profile(user.profile.pk)
    assert entry(user.profile).is_public
    with django_capture_on_commit_callbacks(execute=True):
        account_services.profile_set_visibility(actor=user, profile=user.profile, visibility="hidden")
    assert not entry(user.profile).is_public
    assert search(SearchParams(q="welder")).total == 0


def test_only_verified_active_freelancers_are_public(make_member, django_capture_on_commit_callbacks):
    from allauth.account.models import EmailAddress

    from marketplace.accounts.models import User

    user = make_member(verified=False)
    client = make_member(User.Role.CLIENT)
    services.rebuild()
    assert not entry(user.profile).is_public
    assert not entry(client.profile).is_public
    with django_capture_on_commit_callbacks(execute=True):
        address = EmailAddress.objects.get(user=user)
        address.verified = True
        address.save()
    assert entry(user.profile).is_public
    with django_capture_on_commit_callbacks(execute=True):
        user.is_active = False
        user.save()
    assert not entry(user.profile).is_public


def test_a_login_refreshes_last_activity(make_member, django_capture_on_commit_callbacks):
    user = make_member()
    services.index_profile(user.profile.pk)
    login = timezone.now() + datetime.timedelta(minutes=5)
    with django_capture_on_commit_callbacks(execute=True):
        user.last_login = login
        user.save(update_fields=["last_login"])
    assert entry(user.profile).last_active_at == login


def test_a_deleted_profile_loses_its_entry(make_member):
    profile = make_member().profile
    services.index_profile(profile.pk)
    profile.delete()
    assert not SearchEntry.objects.filter(profile_id=profile.pk).exists()
    services.index_profile(profile.pk)  # a late on_commit for a gone profile does nothing


def test_completeness_and_experience(make_member, search_taxonomy):
    skills, languages, _hot_work = search_taxonomy
    bare = make_member(headline="").profile
    full = make_member(headline="Welder", city="Göteborg", bio="x" * 200, hourly_rate=50000, avatar="a.jpg").profile
    give_skills(full, skills["welding"], years=7)
    give_skills(full, skills["carpentry"], years=11)
    full.languages.add(languages["sv"])
    services.rebuild()
    assert entry(bare).completeness == 0
    assert entry(bare).experience_years == 0
    assert entry(full).completeness == 1
    assert entry(full).experience_years == 11  # no years given: the longest skill's
    Profile.objects.filter(pk=full.pk).update(years_experience=15)
    services.index_profile(full.pk)
    assert entry(full).experience_years == 15


def test_rebuild_indexes_bulk_created_profiles_and_keeps_ratings(search_world):
    astrid = search_world.profile("astrid")
    welders = search(SearchParams(q="welder")).total
    services.entry_set_rating(profile_id=astrid.pk, average=Decimal("4.500"), count=12)
    SearchEntry.objects.exclude(profile=astrid).delete()
    result = services.rebuild(batch_size=2)
    assert result.profiles == Profile.objects.count()
    assert SearchEntry.objects.count() == Profile.objects.count()
    assert (entry(astrid).rating_average, entry(astrid).rating_count) == (Decimal("4.500"), 12)
    assert search(SearchParams(q="welder")).total == welders


def test_rebuild_command_reports_progress(search_world):
    out = StringIO()
    call_command("rebuild_search_index", "--batch-size", "3", stdout=out)
    assert "search index: " in out.getvalue()
    assert f"Search index rebuilt: {Profile.objects.count()} profiles, " in out.getvalue()


@pytest.mark.postgres
def test_sql_and_python_indexing_agree(search_world):
    """PostgreSQL computes the entry in SQL, SQLite in Python: the same rules either way."""
    columns = ["skill_ids", "verified_skill_count", "completeness", "experience_years", "last_active_at", "is_public",
               "availability", "available_from", "hourly_rate", "currency", "latitude", "longitude", "joined_at"]
    from_sql = {row["profile_id"]: row for row in SearchEntry.objects.values("profile_id", *columns)}
    services.upsert.write_in_python(Profile.objects.all())
    from_python = {row["profile_id"]: row for row in SearchEntry.objects.values("profile_id", *columns)}
    assert from_sql == from_python


@pytest.mark.postgres
def test_an_unchanged_profile_is_not_written_again(search_world):
    astrid = search_world.profile("astrid")
    assert services.index._index("profile", id=astrid.pk) == 0
    Profile.objects.filter(pk=astrid.pk).update(headline="Scaffolder")
    assert services.index._index("profile", id=astrid.pk) == 1
    assert matches(astrid, "scaffolder")


@pytest.mark.postgres
def test_an_entry_is_written_once_with_its_static_score(search_world):
    """The upsert computes ranking.static_score() itself (with the entry's ratings as they
    are), so the follow-up refresh finds nothing to correct and no second row version is left."""
    astrid = search_world.profile("astrid")
    services.entry_set_rating(profile_id=astrid.pk, average=Decimal("4.800"), count=30)
    rated = entry(astrid).static_score
    SearchEntry.objects.exclude(profile=astrid).delete()
    services.rebuild()
    assert services.index._refresh_static(SearchEntry.objects.all()) == 0
    assert entry(astrid).static_score == rated
    live = SearchEntry.objects.annotate(live=ranking.static_score(now=timezone.now()))
    assert all(row.static_score == pytest.approx(row.live) for row in live)
    assert {row.static_score for row in live} != {0}


def test_a_renamed_document_type_updates_its_holders(make_member, search_taxonomy,
                                                      django_capture_on_commit_callbacks):
    skills, _languages, hot_work = search_taxonomy
    holders = [make_member(name=f"Holder {n}") for n in range(3)]
    for user in holders:
        approved_document(user, hot_work, skills["welding"])
    bystander = make_member(name="Bystander")
    services.rebuild()
    untouched = entry(bystander.profile).indexed_at
    assert all(matches(user.profile, "hot") for user in holders)

    hot_work.name = "Fire watch permit"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        hot_work.save()
    assert matches(holders[0].profile, "hot")  # nothing before the commit
    for callback in callbacks:
        callback()  # the task (Huey runs it at once in tests)

    assert all(matches(user.profile, "fire") and matches(user.profile, "permit") for user in holders)
    assert not any(matches(user.profile, "hot") for user in holders)
    assert entry(bystander.profile).indexed_at == untouched


def test_a_document_type_saved_without_a_new_name_reindexes_nobody(make_member, search_taxonomy,
                                                                    django_capture_on_commit_callbacks):
    skills, _languages, hot_work = search_taxonomy
    approved_document(make_member(), hot_work, skills["welding"])
    services.rebuild()
    hot_work.description = "Heta arbeten"
    with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True):
        hot_work.save()
    assert not [query for query in queries.captured_queries if "search_searchentry" in query["sql"]]


def test_document_type_holders_are_reindexed_in_batches(make_member, search_taxonomy):
    skills, _languages, hot_work = search_taxonomy
    holders = [make_member(name=f"Holder {n}") for n in range(5)]
    for user in holders:
        approved_document(user, hot_work, skills["welding"])
    services.rebuild()
    CompetenceTemplate.objects.filter(pk=hot_work.pk).update(name="Fire watch permit")  # no signals

    with CaptureQueriesContext(connection) as queries:
        written = services.index_document_type_holders(hot_work.pk, batch_size=2)

    assert written == 5
    assert all(matches(user.profile, "permit") for user in holders)
    holder_reads = [q for q in queries.captured_queries if "passport_competencedocument" in q["sql"]
                    and "LIMIT 2" in q["sql"]]
    assert len(holder_reads) == 4  # three batches of at most two, and the read that finds no more
