"""Editors maintain passport document types in the Wagtail admin (marketplace/passport/wagtail_hooks.py)."""


import pytest
from django.urls import reverse

from marketplace.passport.models import CompetenceTemplate
from tests.clients import text_of

pytestmark = pytest.mark.django_db


# Document types


TYPES = "/admin/snippets/passport/competencetemplate/"


@pytest.fixture
def as_editor(make_staff, logged_in):
    """A member of Wagtail's Editors group: a migration gives editors the document types."""
    return logged_in(make_staff(email="editor-in-chief@valund.example"))


def test_editors_list_search_and_filter_document_types(as_editor, template):
    CompetenceTemplate.objects.create(name="First aid", slug="first-aid", is_active=False)

    listing = text_of(as_editor.get(TYPES))
    assert "Hot work certificate" in listing and "First aid" in listing
    searched = text_of(as_editor.get(TYPES, {"q": "first"}))
    assert "First aid" in searched and "Hot work certificate" not in searched
    active = text_of(as_editor.get(TYPES, {"is_active": "true"}))
    assert "Hot work certificate" in active and "First aid" not in active


def test_editors_add_a_document_type_with_its_skills(as_editor, skills):
    form = as_editor.get(f"{TYPES}add/").content.decode()
    assert 'type="checkbox" name="skills"' in form

    response = as_editor.post(f"{TYPES}add/", {
        "name": "Working at heights", "slug": "working-at-heights", "description": "Fall protection.",
        "issuing_bodies": "Arbetsmiljöverket\nByggföretagen", "expiry_required": "on",
        "default_validity_months": "36", "skills": [skills["carpentry"].pk, skills["welding"].pk],
        "is_active": "on",
    })

    assert response.status_code == 302
    kind = CompetenceTemplate.objects.get(slug="working-at-heights")
    assert kind.issuer_list == ["Arbetsmiljöverket", "Byggföretagen"]
    assert (kind.expiry_required, kind.default_validity_months, kind.is_active) == (True, 36, True)
    assert set(kind.skills.all()) == {skills["carpentry"], skills["welding"]}


def test_reviewers_who_are_not_editors_do_not_edit_document_types(make_staff, logged_in, template):
    only_reviewer = logged_in(make_staff(reviewer=True, groups=()))

    assert only_reviewer.get(f"{TYPES}edit/{template.pk}/").status_code in (302, 403)
    assert only_reviewer.get(reverse("passport_review:index")).status_code == 200
