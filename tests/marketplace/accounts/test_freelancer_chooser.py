"""The featured-freelancers chooser (marketplace/accounts/admin_choosers.py): an editor finds
public freelancers by name, skill and city, sees their face, headline, city and verified skills,
and never a client, a hidden profile or staff, not even by typing an id into the address."""

import pytest
from django.test import Client

from marketplace.accounts.models import Profile, User, UserSkill
from marketplace.search.models import SearchEntry
from marketplace.search.services import index_profile

CHOOSE = "/admin/snippets/choose/accounts/profile/"
RESULTS = CHOOSE + "results/"


@pytest.fixture
def people(make_member, make_staff, skills):
    sara = make_member(name="Sara Nilsson", city="Malmö", headline="Welder for shipyards")
    UserSkill.objects.create(profile=sara.profile, skill=skills["welding"])
    olle = make_member(name="Olle Berg", city="Umeå", headline="Python developer")
    UserSkill.objects.create(profile=olle.profile, skill=skills["python"])
    hidden = make_member(name="Sara Hidden", city="Malmö", visibility=Profile.Visibility.HIDDEN)
    UserSkill.objects.create(profile=hidden.profile, skill=skills["welding"])
    company = make_member(User.Role.CLIENT, name="Sara Bygg AB", city="Malmö")
    unverified = make_member(name="Sara Unconfirmed", city="Malmö", verified=False)
    editor = make_staff(groups=("Editors",), name="Sara Staff")
    for user in (sara, olle, hidden, company, unverified):
        index_profile(user.profile.pk)
    SearchEntry.objects.filter(profile=sara.profile).update(verified_skill_count=1)
    client = Client()
    client.force_login(editor, backend="django.contrib.auth.backends.ModelBackend")
    return {
        "sara": sara,
        "olle": olle,
        "hidden": hidden,
        "company": company,
        "unverified": unverified,
        "editor": editor,
        "client": client,
    }


def names(response) -> set[str]:
    assert response.status_code == 200
    html = response.json()["html"] if response["Content-Type"].startswith("application/json") else response.text
    return {
        name
        for name in ("Sara Nilsson", "Olle Berg", "Sara Hidden", "Sara Bygg AB", "Sara Unconfirmed", "Sara Staff")
        if name in html
    }


def test_sara_is_found_by_name_and_no_client_hidden_or_staff_profile_is(people):
    assert names(people["client"].get(CHOOSE, {"q": "Sara"})) == {"Sara Nilsson"}
    assert names(people["client"].get(RESULTS, {"q": "sara"})) == {"Sara Nilsson"}


def test_freelancers_are_found_by_skill_and_city_and_every_word_narrows(people):
    client = people["client"]
    assert names(client.get(RESULTS, {"q": "welding"})) == {"Sara Nilsson"}
    assert names(client.get(RESULTS, {"q": "python"})) == {"Olle Berg"}
    assert names(client.get(RESULTS, {"q": "Malmö"})) == {"Sara Nilsson"}
    assert names(client.get(RESULTS, {"q": "Umeå python"})) == {"Olle Berg"}
    assert names(client.get(RESULTS, {"q": "Umeå welding"})) == set()


def test_without_a_search_only_public_freelancers_are_listed(people):
    assert names(people["client"].get(CHOOSE)) == {"Sara Nilsson", "Olle Berg"}


def test_each_row_shows_the_initials_headline_city_and_verified_skills(people):
    html = people["client"].get(RESULTS, {"q": "Sara"}).text

    assert ">SN</span>" in html
    assert "Welder for shipyards" in html
    assert "Malmö" in html
    assert "1 verified skill" in html
    assert "verified skill" not in people["client"].get(RESULTS, {"q": "Olle"}).text


def test_a_client_or_hidden_profile_cannot_be_chosen_by_its_id(people):
    client = people["client"]
    assert client.get(f"{CHOOSE}chosen/{people['sara'].profile.pk}/").status_code == 200
    for who in ("company", "hidden", "unverified"):
        assert client.get(f"{CHOOSE}chosen/{people[who].profile.pk}/").status_code == 404, who
