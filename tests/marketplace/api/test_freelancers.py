"""The public resources: the search answers what the directory answers, a profile shows what its
page shows, and nothing that is not public leaks."""

import pytest
from rest_framework.test import APIClient

from marketplace.accounts.models import Profile, UserSkill
from marketplace.search import selectors as search_selectors
from marketplace.search import services as search_services
from marketplace.search.forms import SearchForm

pytestmark = pytest.mark.django_db


@pytest.fixture
def welders(make_member, skills):
    people = []
    for name, city in (("Astrid Welder", "Göteborg"), ("Bo Welder", "Malmö"), ("Cecilia Carpenter", "Umeå")):
        member = make_member(name=name, city=city, country="SE", hourly_rate=60000, currency="SEK")
        skill = skills["carpentry"] if "Carpenter" in name else skills["welding"]
        UserSkill.objects.create(profile=member.profile, skill=skill, level=3)
        # As the search's receivers do after the commit, which a test's transaction never reaches.
        search_services.index_profile(member.profile.pk)
        people.append(member)
    return people


def test_the_search_answers_what_the_directory_answers(welders):
    response = APIClient().get("/api/v1/freelancers/", {"skills": "welding"})
    assert response.status_code == 200
    body = response.json()
    expected = search_selectors.search(SearchForm({"skills": "welding"}).to_params(), per_page=24)
    assert [card["slug"] for card in body["results"]] == [profile.slug for profile in expected.profiles]
    assert body["count"] == expected.total == 2
    card = body["results"][0]
    assert card["hourly_rate"] == 60000 and card["currency"] == "SEK"
    assert card["skills"] == [{"slug": "welding", "name": "Welding", "verified": False}]
    assert card["url"].endswith(f"/api/v1/freelancers/{card['slug']}/")


def test_a_search_parameter_that_does_not_parse_is_a_problem(welders):
    response = APIClient().get("/api/v1/freelancers/", {"radius": "far", "near": "Göteborg"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert [error["field"] for error in response.json()["errors"]] == ["radius"]


def test_pages_link_to_each_other(welders):
    response = APIClient().get("/api/v1/freelancers/")
    assert response.json()["next"] is None and response.json()["previous"] is None


def test_a_public_profile_shows_its_skills_and_credentials_link(welders):
    slug = welders[0].profile.slug
    body = APIClient().get(f"/api/v1/freelancers/{slug}/").json()
    assert body["display_name"] == "Astrid Welder"
    assert body["skills"][0]["slug"] == "welding" and body["skills"][0]["verified"] is False
    assert body["credentials_url"].endswith(f"/api/v1/freelancers/{slug}/credentials/")
    assert body["rating"] is None


def test_a_hidden_profile_or_a_client_is_not_found(welders, client_user):
    hidden = welders[1].profile
    Profile.objects.filter(pk=hidden.pk).update(visibility=Profile.Visibility.HIDDEN)
    for slug in (hidden.slug, client_user.profile.slug, "nobody"):
        response = APIClient().get(f"/api/v1/freelancers/{slug}/")
        assert response.status_code == 404, slug
        assert response.json()["status"] == 404
        assert APIClient().get(f"/api/v1/freelancers/{slug}/credentials/").status_code == 404


def test_credentials_in_force_are_listed_as_verifiers_see_them(freelancer, make_document):
    document = make_document(freelancer, status="approved", credential_number="AB-123456")
    body = APIClient().get(f"/api/v1/freelancers/{freelancer.profile.slug}/credentials/").json()
    assert len(body["results"]) == 1
    credential = body["results"][0]
    assert credential["status"] == "valid"
    assert credential["credential_number"].endswith("456") and "AB-123" not in credential["credential_number"]
    # the stable address printed codes carry (it redirects to the reader's /sv/ or /en/ page)
    assert credential["verification_url"] == f"http://testserver/verify/{document.verification_code}/"


def test_a_credential_is_verified_by_its_code_and_the_view_is_counted(freelancer, make_document):
    document = make_document(freelancer, status="approved")
    body = APIClient().get(f"/api/v1/credentials/{document.verification_code}/").json()
    assert body["status"] == "valid" and body["holder"] == freelancer.profile.display_name
    assert body["holder_url"].endswith(freelancer.profile.get_absolute_url())
    document.refresh_from_db()
    assert document.verification_views == 1


def test_an_unknown_code_or_a_document_never_approved_is_not_found(freelancer, make_document):
    waiting = make_document(freelancer)
    for code in ("not-a-code", waiting.verification_code):
        assert APIClient().get(f"/api/v1/credentials/{code}/").status_code == 404


def test_the_taxonomy_lists_trades_with_their_skills(skills):
    body = APIClient().get("/api/v1/taxonomy/").json()
    trades = {trade["slug"]: [skill["slug"] for skill in trade["skills"]] for trade in body["trades"]}
    assert trades["construction"] == ["carpentry", "welding"]
    assert trades["it"] == ["python"]


def test_reads_carry_an_etag_and_an_unchanged_one_is_answered_304(welders):
    url = f"/api/v1/freelancers/{welders[0].profile.slug}/"
    first = APIClient().get(url)
    assert first["ETag"] and "Authorization" in first["Vary"]
    again = APIClient().get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and not again.content
    Profile.objects.filter(pk=welders[0].profile.pk).update(headline="Now a blacksmith")
    changed = APIClient().get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


def test_a_public_profile_carries_its_swedish_about_text(welders):
    """Members' own words in both languages (#21): `bio` as written, `bio_sv` when there is one,
    whatever language the program asks in."""
    profile = welders[0].profile
    Profile.objects.filter(pk=profile.pk).update(bio="I weld pressure pipes.", bio_sv="Jag svetsar tryckrör.")
    body = APIClient().get(f"/api/v1/freelancers/{profile.slug}/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["bio"] == "I weld pressure pipes." and body["bio_sv"] == "Jag svetsar tryckrör."
    other = APIClient().get(f"/api/v1/freelancers/{welders[2].profile.slug}/").json()
    assert other["bio_sv"] == ""
    schema = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert "bio_sv" in schema["components"]["schemas"]["Freelancer"]["required"]
