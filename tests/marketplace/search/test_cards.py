"""Every freelancer card shows what a client trusts: the photo or initials, the rating (score
and count), the verified certificates and the skills they prove, in search results and in
the home page's featured freelancers alike, at a cost that does not grow with the cards."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.accounts.models import Profile
from marketplace.core.directory import directory_url
from marketplace.search import services
from marketplace.search.presentation import cards
from marketplace.search.selectors import card_profiles
from marketplace.search.services.index import entry_set_rating

from .conftest import approved_document, give_skills

pytestmark = pytest.mark.django_db


@pytest.fixture
def welders(make_member, search_taxonomy):
    """Make `count` welders; every other one with a valid hot work certificate and rated."""
    skills, _languages, hot_work = search_taxonomy

    def make(count):
        made = []
        for n in range(count):
            user = make_member(name=f"Welder {n:02d}", headline="Welder", city="Göteborg")
            give_skills(user.profile, skills["welding"], skills["carpentry"])
            if n % 2 == 0:
                approved_document(user, hot_work, skills["welding"])
            made.append(user.profile)
        services.rebuild()
        for profile in made[::2]:  # the ratings app's figures, as its receiver stores them
            entry_set_rating(profile_id=profile.pk, average=Decimal("4.62"), count=12)
        return made

    return make


def test_card_profiles_keep_the_order_given_and_drop_profiles_no_longer_public(welders):
    first, second, third = welders(3)
    Profile.objects.filter(pk=second.pk).update(visibility=Profile.Visibility.HIDDEN)

    profiles = card_profiles([third.pk, second.pk, first.pk])

    assert [profile.pk for profile in profiles] == [third.pk, first.pk]
    assert (profiles[0].rating_average, profiles[0].rating_count) == (Decimal("4.620"), 12)
    assert profiles[0].verified_skill_ids and profiles[0].distance_km is None


def _queries(ids) -> int:
    directory_url()  # the profiles' links read it once a request, from the cache
    with CaptureQueriesContext(connection) as queries:
        cards(card_profiles(ids))
    return len(queries)


def test_card_queries_do_not_grow_with_the_cards(welders):
    ids = [profile.pk for profile in welders(30)]

    # the profiles with their ratings, their skills, their verified skills
    assert _queries(ids[:2]) == _queries(ids) == 3


def test_a_rated_verified_card_shows_its_rating_and_proven_skills(welders):
    rated, unrated = card_profiles([profile.pk for profile in welders(2)])
    rated_card, unrated_card = cards([rated, unrated])

    assert (rated_card.rating, rated_card.stars, rated_card.reviews) == ("4.6", "★★★★★", "12 reviews")
    assert rated_card.verified
    assert [(skill.name, skill.verified) for skill in rated_card.skills] == [("Welding", True), ("Carpentry", False)]
    assert (unrated_card.rating, unrated_card.reviews, unrated_card.verified) == ("", "No reviews yet", False)


def test_search_results_show_photo_rating_and_verified_skills(client, page_tree, welders):
    welders(2)

    html = client.get("/en/freelancers/?q=welder").content.decode()

    assert html.count('<article class="card card--link result-card"') == 2
    assert '<span class="avatar" aria-hidden="true">W0</span>' in html
    assert (
        '<span class="stars" aria-hidden="true">★★★★★</span> <strong>4.6</strong>'
        '<span class="visually-hidden"> out of 5</span> · 12 reviews'
    ) in html
    assert '<dd class="muted">No reviews yet</dd>' in html
    assert '<li class="badge badge--verified">Welding <span aria-hidden="true">✓</span>' in html
    assert html.count("Verified certificates</span></p>") == 1


def test_featured_freelancers_show_the_same_card(client, make_page_tree, welders, django_assert_max_num_queries):
    few = welders(2)
    make_page_tree(featured=few)
    client.get("/en/")
    with CaptureQueriesContext(connection) as captured:
        html = client.get("/en/").content.decode()
    two = len(captured)

    featured = html.split("Featured freelancers", 1)[1]
    assert featured.count('<article class="card card--link result-card"') == 2
    assert "Verified certificates" in featured
    assert "4.6</strong>" in featured and "No reviews yet" in featured
    assert '<li class="badge badge--verified">Welding' in featured

    make_page_tree(featured=few + welders(10)[2:])
    client.get("/en/")
    with django_assert_max_num_queries(two):
        html = client.get("/en/").content.decode()
    assert html.split("Featured freelancers", 1)[1].count('<article class="card card--link result-card"') == 10
