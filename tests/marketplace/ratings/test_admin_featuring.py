"""Moderators and editors feature good reviews from the Wagtail admin (marketplace/ratings/admin_views.py)."""


import pytest

from marketplace.ratings import services
from tests.clients import text_of
from tests.marketplace.ratings.helpers import QUEUE, Action, decide, url

pytestmark = pytest.mark.django_db


def test_featuring_and_unfeaturing_from_the_review_screen(as_moderator, make_review):
    review = make_review()

    response = as_moderator.post(url("feature", review), {"featured": "1"}, follow=True)
    assert "is featured" in text_of(response)
    review.refresh_from_db()
    assert review.featured

    response = as_moderator.post(url("feature", review), {"featured": "0"}, follow=True)
    assert "no longer featured" in text_of(response)
    review.refresh_from_db()
    assert not review.featured
    assert list(review.decisions.values_list("action", flat=True)) == [Action.FEATURE, Action.UNFEATURE]


def test_featuring_from_the_list_of_reviews_returns_to_it(as_moderator, make_review):
    review = make_review(overall=5)
    listing = f"{QUEUE}?show=reviews&score=4"
    assert url("feature", review) in text_of(as_moderator.get(listing))

    response = as_moderator.post(url("feature", review), {"featured": "1", "next": listing})

    assert response.status_code == 302 and response["Location"] == listing
    review.refresh_from_db()
    assert review.featured


def test_featuring_sends_back_only_to_this_site(as_moderator, make_review):
    review = make_review()

    response = as_moderator.post(url("feature", review), {"featured": "1", "next": "https://evil.example/"})

    assert response["Location"] == url("review", review)


def test_a_private_review_cannot_be_featured(as_moderator, make_review):
    review = make_review(is_public=False)

    response = as_moderator.post(url("feature", review), {"featured": "1"}, follow=True)

    assert "Only a public, visible review with text can be featured." in text_of(response)
    review.refresh_from_db()
    assert not review.featured


def test_hiding_a_featured_review_stops_featuring_it(as_moderator, moderator, make_review):
    review = make_review()
    services.rating_feature(editor=moderator, rating=review, featured=True)

    decide(as_moderator, review, Action.HIDE, note="Turned out to be a fake booking.")

    review.refresh_from_db()
    assert review.hidden and not review.featured


def test_editors_may_moderate_and_feature(make_staff, logged_in, make_review):
    review = make_review()
    client = logged_in(make_staff())

    assert client.get(QUEUE).status_code == 200
    client.post(url("feature", review), {"featured": "1"})
    review.refresh_from_db()
    assert review.featured
