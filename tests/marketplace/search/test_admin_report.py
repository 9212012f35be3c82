"""The search report's misses, as editors learn from them: what each query that found nothing
would find now (the skills it reads, the words it corrects), and the button that makes a
miss a skill's synonym (admin_reports.SynonymAddView, services.synonym_add)."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import ModelLogEntry

from marketplace.accounts.models import Skill
from marketplace.core.errors import DomainError, PermissionDenied
from marketplace.search import selectors, services
from marketplace.search.models import SearchAnalytics, SearchEntry
from marketplace.search.query import SearchParams
from tests.clients import messages_of

pytestmark = pytest.mark.django_db

REPORT = "/admin/reports/search/"
SYNONYM = "/admin/reports/search/synonym/"
# Finnish for welder: in no profile, near no word of the vocabulary.
MISS = "hitsaaja"


def missed(*queries):
    """Three searches this week for each query, none of which found anyone: the report counts
    this week live from the searches themselves."""
    for query in queries:
        for _ in range(3):
            SearchAnalytics.objects.create(query=query, result_count=0, created_at=timezone.now())


def permitted(user, *codenames):
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def editor(make_staff):
    """An editor who may change skills (given here, whatever the groups hold)."""
    user = permitted(make_staff(groups=("Editors",)), "change_skill", "view_searchanalytics")
    user.second_factor_verified = True
    return user


def holder_ids(skill_slug) -> set[int]:
    """Who the search finds by the skill's filter: the public holders."""
    return {profile.pk for profile in selectors.search(SearchParams(skills=(skill_slug,)), per_page=50).profiles}


def found_ids(query, **options) -> set[int]:
    return {profile.pk for profile in selectors.search(SearchParams(q=query, **options), per_page=50).profiles}


def row_of(html: str, query: str) -> str:
    """The query's row in the report's table of misses."""
    misses = html.split('id="zero-result-queries"', 1)[1].split("</table>", 1)[0]
    rows = [row for row in re.findall(r"<tr>.*?</tr>", misses, re.S) if f"<td>{query}</td>" in row]
    assert len(rows) == 1, f"one row for {query!r} among the misses"
    return rows[0]


# What a miss finds now


def test_the_report_says_what_each_miss_would_find_now(search_world, editor, logged_in):
    welding = search_world.skills["welding"]
    welding.synonyms = "welder\nsvetsare"
    welding.save()
    missed("weldr", "svetsarna", MISS)

    html = logged_in(editor).get(REPORT).content.decode()

    holders = len(holder_ids("welding"))
    typo, inflection, nothing = row_of(html, "weldr"), row_of(html, "svetsarna"), row_of(html, MISS)
    assert "Corrects “weldr” to “welder”" in typo and "Reads it as Welding" in typo
    assert f"Now finds {holders} freelancers" in typo
    assert "Reads it as Welding" in inflection and f"Now finds {holders} freelancers" in inflection
    assert "Still nothing" in nothing and "Reads it as" not in nothing
    # The button where the words name no skill as typed; the corrected skill chosen already.
    assert f'value="{MISS}"' in nothing and "search/synonym/" in nothing
    assert re.search(r'<option value="welding" selected>', typo)
    assert "search/synonym/" not in inflection


def test_the_report_searches_once_per_miss_and_not_again_on_reload(search_world, editor, logged_in):
    missed("weldr", "carpentr", MISS)
    client = logged_in(editor)

    with CaptureQueriesContext(connection) as first:
        client.get(REPORT)
    with CaptureQueriesContext(connection) as again:
        client.get(REPORT)

    entries = SearchEntry._meta.db_table
    assert any(entries in query["sql"] for query in first)
    assert not [query["sql"] for query in again if entries in query["sql"]]


def test_staff_who_may_not_change_skills_see_the_misses_without_the_button(search_world, make_staff, logged_in):
    reader = permitted(make_staff(groups=()), "access_admin", "view_searchanalytics")
    missed(MISS)

    html = logged_in(reader).get(REPORT).content.decode()

    assert "Still nothing" in row_of(html, MISS)
    assert "search/synonym/" not in html


# Adding a synonym


def test_an_editor_adds_a_miss_as_a_synonym_and_searches_for_it_find_the_skills_holders(
        search_world, editor, logged_in, django_capture_on_commit_callbacks):
    missed(MISS)
    holders = holder_ids("welding")
    assert holders and not found_ids(MISS)
    client = logged_in(editor)
    week = selectors.week_start(timezone.localdate()).isoformat()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SYNONYM, {"term": MISS, "skill": "welding", "week": week})

    assert response.status_code == 302
    assert response["Location"] == f"{REPORT}?week={week}#zero-result-queries"
    welding = Skill.objects.get(slug="welding")
    assert MISS in welding.synonym_list
    assert ModelLogEntry.objects.for_instance(welding).filter(user=editor, action="wagtail.edit").exists()
    assert found_ids(MISS) == holders
    # The holders' entries were rewritten after the commit: the word is in their text too.
    assert found_ids(MISS, literal=True) == holders
    report = client.get(response["Location"])
    assert f"Searches for “{MISS}” now find Welding’s holders." in messages_of(report)
    assert f"Now finds {len(holders)} freelancers" in row_of(report.content.decode(), MISS)


def test_a_replayed_post_adds_the_synonym_once(search_world, editor, logged_in):
    client = logged_in(editor)

    client.post(SYNONYM, {"term": MISS, "skill": "welding"})
    response = client.post(SYNONYM, {"term": f"  {MISS.upper()} ", "skill": "welding"}, follow=True)

    assert Skill.objects.get(slug="welding").synonyms == MISS
    assert f"“{MISS.upper()}” already names Welding." in messages_of(response)


def test_a_term_that_names_another_skill_or_a_trade_is_refused(search_world, editor, logged_in):
    electrical = search_world.skills["electrical"]
    electrical.synonyms = "elektriker"
    electrical.save()
    client = logged_in(editor)

    for term, refusal in (("Elektriker", "“Elektriker” already names the skill Electrical installation."),
                          ("carpentry", "“carpentry” already names the skill Carpentry."),
                          ("construction", "“construction” already names the trade Construction.")):
        response = client.post(SYNONYM, {"term": term, "skill": "welding"}, follow=True)
        assert refusal in messages_of(response)

    assert Skill.objects.get(slug="welding").synonyms == ""


def test_a_form_without_a_skill_or_with_a_long_term_changes_nothing(search_world, editor, logged_in):
    client = logged_in(editor)

    for data in ({"term": MISS}, {"term": MISS, "skill": "no-such-skill"}, {"term": "x" * 500, "skill": "welding"},
                 {"term": MISS, "skill": "welding", "week": "not a date"}):
        response = client.post(SYNONYM, data)
        assert response.status_code == 302 and response["Location"].startswith(REPORT)

    assert not Skill.objects.exclude(synonyms="").exists()


def test_members_visitors_staff_without_the_power_and_staff_without_the_second_factor_are_refused(
        search_world, make_staff, logged_in, client, freelancer):
    reader = permitted(make_staff(groups=()), "access_admin", "view_searchanalytics")
    skill_changer = permitted(make_staff(groups=()), "access_admin", "change_skill")
    no_factor = permitted(make_staff(groups=("Editors",), second_factor=False), "change_skill", "view_searchanalytics")
    data = {"term": MISS, "skill": "welding"}

    assert client.post(SYNONYM, data)["Location"].startswith("/accounts/login/")
    for user in (freelancer, reader, skill_changer, no_factor):
        client.logout()
        response = logged_in(user).post(SYNONYM, data)
        assert response.status_code in (302, 403), user
        if response.status_code == 302:
            assert not response["Location"].startswith(REPORT), user

    assert Skill.objects.get(slug="welding").synonyms == ""
    assert not found_ids(MISS)


def test_the_view_answers_get_with_method_not_allowed(editor, logged_in):
    assert logged_in(editor).get(SYNONYM).status_code == 405


# The service's own refusals


@pytest.mark.parametrize(("term", "code"), [
    ("", "empty"), ("  ", "empty"), ("#!?", "empty"), ("x" * (services.MAX_SYNONYM_LENGTH + 1), "too_long"),
    ("one two three four five", "too_many_words"), ("och för", "stop_word"), ("Goteborg", "place"),
])
def test_synonym_add_refuses_terms_the_search_could_not_use(search_world, editor, term, code):
    with pytest.raises(DomainError) as refused:
        services.synonym_add(actor=editor, skill=search_world.skills["welding"], term=term)

    assert refused.value.code == code
    assert Skill.objects.get(slug="welding").synonyms == ""


def test_synonym_add_refuses_staff_without_the_second_factor_in_the_session(search_world, editor):
    editor.second_factor_verified = False

    with pytest.raises(PermissionDenied):
        services.synonym_add(actor=editor, skill=search_world.skills["welding"], term=MISS)

    assert Skill.objects.get(slug="welding").synonyms == ""


def test_synonym_add_keeps_the_other_synonyms_and_tidies_the_spaces(search_world, editor):
    welding = search_world.skills["welding"]
    welding.synonyms = "welder\nsvetsare"
    welding.save()

    assert services.synonym_add(actor=editor, skill=welding, term="  MIG   svetsare ")
    assert not services.synonym_add(actor=editor, skill=welding, term="mig-svetsare")

    assert Skill.objects.get(pk=welding.pk).synonym_list == ["welder", "svetsare", "MIG svetsare"]
