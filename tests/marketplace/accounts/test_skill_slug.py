"""A new skill's (or trade's) slug fills itself from its English name in the admin: as the name is
typed (Wagtail's title-to-slug sync on the name field) and, without JavaScript, when the form is
saved with the slug left empty (core.vocabulary.SlugFromNameForm); an existing entry keeps its slug."""

import pytest

from marketplace.accounts.models import Skill, SkillCategory

pytestmark = pytest.mark.django_db

SKILLS = "/admin/snippets/accounts/skill/"
TRADES = "/admin/snippets/accounts/skillcategory/"


@pytest.fixture
def staff(client, make_staff):
    client.force_login(make_staff())
    return client


def test_a_skill_saved_without_a_slug_gets_one_from_its_name(staff, skills):
    construction = skills["welding"].category

    response = staff.post(f"{SKILLS}add/", {"name": "Tiling & grouting", "slug": "", "category": construction.pk,
                                            "description": ""})

    assert response.status_code == 302
    assert Skill.objects.get(name="Tiling & grouting").slug == "tiling-grouting"


def test_a_slug_made_from_a_taken_name_gets_a_number(staff, skills):
    other_trade = SkillCategory.objects.exclude(pk=skills["welding"].category_id).first()

    response = staff.post(f"{SKILLS}add/", {"name": "Welding", "slug": "", "category": other_trade.pk,
                                            "description": ""})

    assert response.status_code == 302
    assert Skill.objects.get(name="Welding", category=other_trade).slug == "welding-2"


def test_a_typed_slug_is_kept(staff, skills):
    trade = skills["welding"].category_id
    response = staff.post(f"{SKILLS}add/", {"name": "Tiling", "slug": "kakel", "category": trade, "description": ""})

    assert response.status_code == 302
    assert Skill.objects.get(name="Tiling").slug == "kakel"


def test_the_new_skill_form_syncs_the_name_into_the_slug_and_the_edit_form_does_not(staff, skills):
    new = staff.get(f"{SKILLS}add/").content.decode()
    edit = staff.get(f"{SKILLS}edit/{skills['welding'].pk}/").content.decode()

    assert 'data-w-sync-target-value="#id_slug"' in new and "w-sync#apply" in new
    assert 'data-controller="w-slug"' in new
    assert "w-sync#apply" not in edit


def test_a_trade_saved_without_a_slug_gets_one_from_its_name(staff):
    response = staff.post(f"{TRADES}add/", {"name": "Roofing", "slug": "", "description": "", "sort_order": 0})

    assert response.status_code == 302
    assert SkillCategory.objects.get(name="Roofing").slug == "roofing"
