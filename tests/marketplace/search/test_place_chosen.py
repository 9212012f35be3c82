"""A new freelancer who names her city in the profile's place field is found by a radius search
around it: the place sets her coordinates, and the index hears of the save."""

import re

import pytest
from django.urls import reverse

from marketplace.accounts.models import User

pytestmark = pytest.mark.django_db


def names_found(client, querystring: str) -> list[str]:
    response = client.get(f"/en/freelancers/?{querystring}")
    assert response.status_code == 200
    return re.findall(r'<a class="card__link" href="[^"]+"[^>]*>([^<]+)</a>', response.content.decode())


@pytest.mark.parametrize("typed", ["Uppsala", "uppsala"])
def test_a_new_freelancer_who_chose_her_city_is_found_near_it(
    client, logged_in, page_tree, make_member, django_capture_on_commit_callbacks, typed
):
    sara = make_member(User.Role.FREELANCER, name="Sara Ek")
    logged_in(sara)
    # The receivers index the profile once the save commits, which the test's transaction never does.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:profile_edit"), {
            "display_name": "Sara Ek", "headline": "Electrician", "bio": "", "place": typed, "years_experience": "",
            "hourly_rate": "", "currency": "SEK", "availability": "now", "available_from": "", "hours_per_week": "",
            "visibility": "public",
        })
    assert response.status_code == 302
    client.logout()

    assert "Sara Ek" in names_found(client, "near=Uppsala&radius=50")
    assert "Sara Ek" in names_found(client, "near=Stockholm&radius=80")
    assert "Sara Ek" not in names_found(client, "near=Stockholm&radius=50")
