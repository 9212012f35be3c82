"""The reviews a profile shows, through the API: double-blind as on the page, so nothing shows
until both sides have rated; then the review with its scores and the answer to it."""

import pytest
from rest_framework.test import APIClient

from marketplace.bookings import services as bookings
from marketplace.ratings import services
from tests.marketplace.ratings.helpers import FAIR, GOOD

pytestmark = pytest.mark.django_db


@pytest.fixture
def completed(in_progress):
    booking = bookings.booking_mark_done(actor=in_progress.freelancer, booking=in_progress)
    return bookings.booking_confirm(actor=booking.client, booking=booking)


def test_a_review_shows_only_once_both_sides_have_rated(completed):
    url = f"/api/v1/freelancers/{completed.freelancer.profile.slug}/reviews/"
    services.rating_submit(author=completed.client, booking=completed, scores=GOOD, text="Great welds.")
    assert APIClient().get(url).json()["results"] == []
    services.rating_submit(author=completed.freelancer, booking=completed, scores=FAIR, text="Clear drawings.")
    body = APIClient().get(url).json()
    assert [review["text"] for review in body["results"]] == ["Great welds."]
    review = body["results"][0]
    assert review["author"] == completed.client.profile.display_name
    assert review["scores"] == GOOD and review["response"] is None
    assert body["next"] is None and body["previous"] is None


def test_the_reviews_of_a_profile_that_is_not_public_are_not_found(client_user):
    assert APIClient().get(f"/api/v1/freelancers/{client_user.profile.slug}/reviews/").status_code == 404
