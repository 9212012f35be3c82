"""The member's own profile and skills through the API, changed by the services the site's forms
use: a place only from the gazetteer, skills only for freelancers, another's skill refused."""

import pytest
from django.utils import translation

from marketplace.accounts.models import UserSkill

from .helpers import api_as

pytestmark = pytest.mark.django_db


def test_a_member_reads_and_changes_their_profile(freelancer):
    client = api_as(freelancer)
    assert client.get("/api/v1/me/").json()["display_name"] == "Astrid Lindqvist"
    changed = client.patch("/api/v1/me/", {"headline": "Welder and smith", "hourly_rate": 70000}, format="json")
    assert changed.status_code == 200, changed.content
    assert changed.json()["headline"] == "Welder and smith" and changed.json()["hourly_rate"] == 70000
    freelancer.profile.refresh_from_db()
    assert freelancer.profile.headline == "Welder and smith"


def test_a_member_writes_their_about_text_in_swedish_too(freelancer):
    """Profile.bio_sv (#21) through the same profile_update as the site's form: read, written,
    cleared; the public profile in Swedish shows it."""
    client = api_as(freelancer)
    assert client.get("/api/v1/me/").json()["bio_sv"] == ""

    changed = client.patch("/api/v1/me/", {"bio_sv": "Jag svetsar tryckrör."}, format="json")

    assert changed.status_code == 200, changed.content
    assert changed.json()["bio_sv"] == "Jag svetsar tryckrör."
    freelancer.profile.refresh_from_db()
    assert freelancer.profile.bio_sv == "Jag svetsar tryckrör."
    with translation.override("sv"):
        assert freelancer.profile.local_bio == "Jag svetsar tryckrör."
    too_long = client.patch("/api/v1/me/", {"bio_sv": "x" * 5001}, format="json")
    assert too_long.status_code == 400 and too_long.json()["errors"][0]["field"] == "bio_sv"
    assert client.patch("/api/v1/me/", {"bio_sv": ""}, format="json").json()["bio_sv"] == ""


def test_a_place_outside_the_gazetteer_is_refused_next_to_its_field(freelancer):
    response = api_as(freelancer).patch("/api/v1/me/", {"place": "Atlantis"}, format="json")
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["place"]


def test_a_rule_of_the_model_comes_back_as_field_errors(freelancer):
    response = api_as(freelancer).patch("/api/v1/me/", {"availability": "from"}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "available_from"


def test_a_freelancer_adds_and_removes_skills_and_a_client_cannot(freelancer, client_user, skills):
    added = api_as(freelancer).post("/api/v1/me/skills/", {"skill": "welding", "level": 3}, format="json")
    assert added.status_code == 201, added.content
    skill_id = added.json()["id"]
    refused = api_as(client_user).post("/api/v1/me/skills/", {"skill": "welding", "level": 3}, format="json")
    assert refused.status_code == 422 and refused.json()["code"] == "not_freelancer"
    other = api_as(client_user).delete(f"/api/v1/me/skills/{skill_id}/")
    assert other.status_code == 422
    assert UserSkill.objects.filter(pk=skill_id).exists()
    assert api_as(freelancer).delete(f"/api/v1/me/skills/{skill_id}/").status_code == 204
    assert not UserSkill.objects.filter(pk=skill_id).exists()
