"""The request form's required documents: the ones the freelancer's skills suggest come first,
ticked or tickable in place; the others are grouped by category in <details> (open where one is
ticked), each checkbox once; htmx keeps the client's own ticks when the skills change."""

import re

import pytest
from django.urls import reverse

from marketplace.accounts.models import Skill, SkillCategory, UserSkill
from marketplace.bookings.models import Booking
from marketplace.passport.models import CompetenceTemplate
from tests.clients import as_user

from .test_views import request_data

pytestmark = pytest.mark.django_db
GROUP = r'<summary id="id_required_documents_group_\d+">([^<]+) <span class="muted">([^<]+)</span>'  # name, count


@pytest.fixture
def documents(freelancer, skills):
    """Hot work goes with welding, which the freelancer has; first aid with carpentry (she has
    not); the driving licence with no skill; IT security with a skill of the IT category."""
    UserSkill.objects.create(profile=freelancer.profile, skill=skills["welding"])
    made = {
        "hot_work": CompetenceTemplate.objects.create(name="Hot work certificate", slug="hot-work"),
        "first_aid": CompetenceTemplate.objects.create(name="First aid", slug="first-aid"),
        "driving": CompetenceTemplate.objects.create(name="Driving licence", slug="driving"),
        "security": CompetenceTemplate.objects.create(name="Security clearance", slug="security"),
        "retired": CompetenceTemplate.objects.create(name="Retired card", slug="retired", is_active=False),
    }
    made["hot_work"].skills.add(skills["welding"])
    made["first_aid"].skills.add(skills["carpentry"])
    made["security"].skills.add(skills["python"])
    return made


def form_url(freelancer) -> str:
    return reverse("bookings:request", kwargs={"slug": freelancer.profile.slug})


def ticked(html: str) -> list[str]:
    return re.findall(r'<input[^>]*name="required_documents"[^>]*value="(\d+)"[^>]*checked', html)


def section(html: str, start: str, end: str) -> str:
    return html[html.index(start) : html.index(end, html.index(start))]


def test_suggested_documents_come_first_and_the_rest_by_category(client_user, freelancer, documents):
    html = as_user(client_user).get(form_url(freelancer)).content.decode()
    suggested = section(html, 'id="id_required_documents_suggested"', "<details")
    assert "Suggested by Astrid Lindqvist's skills" in html
    assert "Hot work certificate" in suggested and "for Welding" in suggested
    assert "First aid" not in suggested
    groups = re.findall(GROUP, html)
    assert groups == [("Construction", "(1)"), ("IT", "(1)"), ("Other documents", "(1)")]
    # Each document once, in no scrolling box of its own, and the retired type nowhere.
    assert html.count(f'name="required_documents" value="{documents["hot_work"].pk}"') == 1
    assert "Retired card" not in html
    assert '<details class="choice-group" data-choice-group>' in html  # closed: nothing ticked in it
    assert ticked(html) == []
    # The filter waits hidden for its script, which the page loads.
    assert re.search(r'<div class="choice-filter" data-choice-filter hidden', html)
    assert re.search(r'<script src="[^"]*choice-filter[^"]*\.js" defer>', html)


def test_a_ticked_document_opens_its_group_when_the_form_comes_back(client_user, freelancer, documents, today):
    response = as_user(client_user).post(
        form_url(freelancer),
        request_data(today, title="", required_documents=[documents["first_aid"].pk, documents["hot_work"].pk]),
    )
    html = response.content.decode()
    assert response.status_code == 200 and "Give the work a short title." in html
    assert sorted(ticked(html)) == sorted([str(documents["first_aid"].pk), str(documents["hot_work"].pk)])
    assert re.search(
        r'<details class="choice-group" open data-choice-group>\s*<summary[^>]*>Construction '
        r'<span class="muted">\(1, 1 ticked\)</span>',
        html,
    )


def test_a_suggested_document_ticked_in_place_is_required_by_the_booking(client_user, freelancer, documents, today):
    response = as_user(client_user).post(
        form_url(freelancer), request_data(today, required_documents=[documents["hot_work"].pk])
    )
    assert response.status_code == 302
    assert list(Booking.objects.get().required_documents.all()) == [documents["hot_work"]]


def test_changing_the_skills_keeps_the_documents_the_client_ticked(client_user, freelancer, documents, skills):
    response = as_user(client_user).get(
        form_url(freelancer),
        {
            "suggest": "1",
            "skills": [skills["welding"].pk],
            "required_documents": [documents["driving"].pk],
        },
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="requirements"') and "<h1>" not in html
    assert sorted(ticked(html)) == sorted([str(documents["hot_work"].pk), str(documents["driving"].pk)])
    assert "Suggested by Astrid Lindqvist's skills" in html  # the partial has the suggestions too
    # All skills unticked: the client's own tick stays.
    html = (
        as_user(client_user)
        .get(
            form_url(freelancer),
            {"suggest": "1", "required_documents": [documents["driving"].pk]},
            HTTP_HX_REQUEST="true",
        )
        .content.decode()
    )
    assert ticked(html) == [str(documents["driving"].pk)]


def test_a_document_type_takes_the_category_most_of_its_skills_belong_to(client_user, freelancer, documents, skills):
    it = SkillCategory.objects.get(slug="it")
    documents["first_aid"].skills.add(Skill.objects.create(name="Django", slug="django", category=it), skills["python"])
    html = as_user(client_user).get(form_url(freelancer)).content.decode()
    groups = re.findall(GROUP, html)
    assert groups == [("IT", "(2)"), ("Other documents", "(1)")]
