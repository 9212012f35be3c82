"""Editors own the search's vocabulary in the Wagtail admin (accounts and passport
wagtail_hooks.py): the Swedish name and the synonyms of skills, trades and document types are
edited there, listed and searchable, and a search finds the holders by a new synonym at once
(the re-indexing task runs on commit; Huey is immediate in tests)."""

import pytest

from marketplace.accounts.models import Skill, SkillCategory
from marketplace.passport.models import CompetenceTemplate
from marketplace.search import services
from marketplace.search.query import SearchParams
from marketplace.search.selectors import search

from .conftest import approved_document, give_skills

SKILLS = "/admin/snippets/accounts/skill/"
TRADES = "/admin/snippets/accounts/skillcategory/"
DOCUMENT_TYPES = "/admin/snippets/passport/competencetemplate/"


def found(q: str, *, literal: bool = False) -> set[str]:
    return {profile.display_name for profile in search(SearchParams(q=q, literal=literal)).profiles}


@pytest.fixture
def editor(client, make_staff):
    client.force_login(make_staff())
    return client


@pytest.fixture
def welder(make_member, search_taxonomy):
    skills, _languages, hot_work = search_taxonomy
    user = make_member(name="Astrid Lindqvist", headline="Metal worker")
    give_skills(user.profile, skills["welding"])
    approved_document(user, hot_work, skills["welding"])
    services.rebuild()
    return user


def skill_form(skill: Skill, **changes) -> dict:
    data = {"name": skill.name, "name_sv": skill.name_sv, "synonyms": skill.synonyms, "slug": skill.slug,
            "category": skill.category_id, "description": skill.description}
    return {**data, **changes}


def test_an_editor_adds_a_synonym_and_the_search_finds_the_holder(editor, welder,
                                                                  django_capture_on_commit_callbacks):
    welding = Skill.objects.get(slug="welding")
    assert found("svetsare", literal=True) == set()

    form = editor.get(f"{SKILLS}edit/{welding.pk}/").content.decode()
    assert 'name="name_sv"' in form and 'name="synonyms"' in form and "Names and synonyms" in form
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(f"{SKILLS}edit/{welding.pk}/", skill_form(
            welding, name_sv="Svetsning", synonyms="svetsare\nMIG-svetsare",
        ))

    assert response.status_code == 302
    welding.refresh_from_db()
    assert welding.synonym_list == ["svetsare", "MIG-svetsare"]
    assert found("svetsare", literal=True) == {"Astrid Lindqvist"}  # in her entry's text
    assert found("svetsare") == {"Astrid Lindqvist"}
    assert found("svetsning", literal=True) == {"Astrid Lindqvist"}


def test_a_renamed_skill_reaches_the_results(editor, welder, django_capture_on_commit_callbacks):
    welding = Skill.objects.get(slug="welding")
    with django_capture_on_commit_callbacks(execute=True):
        editor.post(f"{SKILLS}edit/{welding.pk}/", skill_form(welding, name="Arc welding and brazing"))

    assert found("brazing", literal=True) == {"Astrid Lindqvist"}


def test_the_skill_list_shows_the_swedish_name_and_finds_skills_by_synonym(editor, search_taxonomy):
    Skill.objects.filter(slug="welding").update(name_sv="Svetsning", synonyms="svetsare\nwelder")

    listing = editor.get(SKILLS).content.decode()
    assert "Svetsning" in listing
    for q in ("svetsare", "Svetsning"):
        html = editor.get(SKILLS, {"q": q}).content.decode()
        assert "Welding" in html and "Carpentry" not in html, q


def test_an_editor_names_a_trade_in_swedish(editor, welder, django_capture_on_commit_callbacks):
    construction = SkillCategory.objects.get(slug="construction")
    data = {"name": construction.name, "name_sv": "Byggyrken", "synonyms": "bygg\nbyggbranschen",
            "slug": construction.slug, "description": "", "sort_order": 1}
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(f"{TRADES}edit/{construction.pk}/", data)

    assert response.status_code == 302
    assert "Byggyrken" in editor.get(TRADES).content.decode()
    assert "Construction" in editor.get(TRADES, {"q": "byggbranschen"}).content.decode()
    assert found("byggbranschen", literal=True) == {"Astrid Lindqvist"}


def test_an_editor_gives_a_document_type_a_synonym(editor, welder, django_capture_on_commit_callbacks):
    hot_work = CompetenceTemplate.objects.get(slug="hot-work")
    data = {"name": hot_work.name, "name_sv": "Heta arbeten", "synonyms": "brandfarliga arbeten",
            "slug": hot_work.slug, "description": "", "issuing_bodies": "Brandskyddsföreningen",
            "default_validity_months": "", "skills": [s.pk for s in hot_work.skills.all()], "is_active": "on"}
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(f"{DOCUMENT_TYPES}edit/{hot_work.pk}/", data)

    assert response.status_code == 302
    assert "Heta arbeten" in editor.get(DOCUMENT_TYPES).content.decode()
    assert found("brandfarliga", literal=True) == {"Astrid Lindqvist"}


def test_staff_without_the_permission_cannot_change_the_vocabulary(client, make_staff, welder):
    client.force_login(make_staff(groups=()))
    welding = Skill.objects.get(slug="welding")

    response = client.post(f"{SKILLS}edit/{welding.pk}/", skill_form(welding, synonyms="svetsare"))

    assert response.status_code in (302, 403)
    welding.refresh_from_db()
    assert welding.synonyms == ""
