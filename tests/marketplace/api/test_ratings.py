"""Ratings through the API, with real tokens: the parties of a completed booking rate each other
double-blind (one's own rating shows, the other's only once both have rated), change theirs
while it is hidden, the member reviewed answers once and any other member reports a public
review; strangers find nothing, and the author cannot answer or report their own review."""

import pytest

from marketplace.bookings import services as bookings
from marketplace.ratings import services
from marketplace.ratings.models import Rating, RatingFlag, RatingResponse
from tests.marketplace.ratings.helpers import FAIR, GOOD

from .helpers import api_as

pytestmark = pytest.mark.django_db


@pytest.fixture
def completed(in_progress):
    booking = bookings.booking_mark_done(actor=in_progress.freelancer, booking=in_progress)
    return bookings.booking_confirm(actor=booking.client, booking=booking)


def _url(booking) -> str:
    return f"/api/v1/bookings/{booking.pk}/ratings/"


def test_ratings_stay_hidden_until_both_parties_have_rated(completed):
    client, freelancer = api_as(completed.client), api_as(completed.freelancer)
    given = client.post(
        _url(completed), {"scores": GOOD, "text": "Great welds.", "private_note": "Late once."}, format="json"
    )
    assert given.status_code == 201, given.content
    assert given.json()["mine"]["scores"] == GOOD and given.json()["mine"]["revealed_at"] is None
    assert given.json()["mine"]["private_note"] == "Late once."
    seen = freelancer.get(_url(completed)).json()
    assert seen["theirs"] is None and seen["theirs_pending"] is True and seen["can_write"] is True
    assert "Great welds." not in str(seen)
    answered = freelancer.post(_url(completed), {"scores": FAIR, "text": "Clear drawings."}, format="json")
    assert answered.status_code == 201, answered.content
    both = answered.json()
    assert both["theirs"]["text"] == "Great welds." and both["mine"]["revealed_at"] is not None
    assert "private_note" not in both["theirs"]
    assert client.get(_url(completed)).json()["theirs"]["scores"] == FAIR


def test_a_rating_is_changed_while_hidden_and_not_after(completed):
    client = api_as(completed.client)
    assert client.put(_url(completed), {"scores": GOOD}, format="json").status_code == 409
    client.post(_url(completed), {"scores": GOOD}, format="json")
    changed = client.put(_url(completed), {"scores": FAIR, "text": "Fair."}, format="json")
    assert changed.status_code == 200 and changed.json()["mine"]["scores"] == FAIR
    again = client.post(_url(completed), {"scores": GOOD}, format="json")
    assert again.status_code == 422 and again.json()["code"] == "twice"
    services.rating_submit(author=completed.freelancer, booking=completed, scores=GOOD)
    revealed = client.put(_url(completed), {"scores": GOOD}, format="json")
    assert revealed.status_code == 409 and revealed.json()["code"] == "revealed"


def test_a_score_out_of_range_is_refused_next_to_it(completed):
    response = api_as(completed.client).post(_url(completed), {"scores": {**GOOD, "quality": 6}}, format="json")
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["scores.quality"]
    assert not Rating.objects.exists()


def test_a_booking_not_completed_cannot_be_rated_and_strangers_find_nothing(in_progress, stranger):
    refused = api_as(in_progress.client).post(_url(in_progress), {"scores": GOOD}, format="json")
    assert refused.status_code == 403
    assert api_as(in_progress.client).get(_url(in_progress)).json()["refusal"]
    assert api_as(stranger).get(_url(in_progress)).status_code == 404
    assert api_as(stranger).post(_url(in_progress), {"scores": GOOD}, format="json").status_code == 404
    assert api_as(None).get(_url(in_progress)).status_code == 401


def test_a_rating_replayed_with_its_key_is_given_once(completed):
    client = api_as(completed.client)
    first = client.post(_url(completed), {"scores": GOOD}, format="json", HTTP_IDEMPOTENCY_KEY="rate-1")
    again = client.post(_url(completed), {"scores": GOOD}, format="json", HTTP_IDEMPOTENCY_KEY="rate-1")
    assert first.status_code == again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert Rating.objects.count() == 1


@pytest.fixture
def revealed(completed):
    """The client's public review of the freelancer, revealed by the freelancer's rating."""
    review = services.rating_submit(author=completed.client, booking=completed, scores=GOOD, text="Great welds.")
    services.rating_submit(author=completed.freelancer, booking=completed, scores=FAIR)
    review.refresh_from_db()
    return review


def test_only_the_member_reviewed_answers_and_only_once(revealed, stranger):
    url = f"/api/v1/reviews/{revealed.pk}/response/"
    booking = revealed.booking
    assert api_as(booking.client).post(url, {"text": "Mine."}, format="json").status_code == 404
    assert api_as(stranger).post(url, {"text": "Hi."}, format="json").status_code == 404
    answer = api_as(booking.freelancer).post(url, {"text": "Thank you!"}, format="json")
    assert answer.status_code == 201, answer.content
    assert answer.json()["text"] == "Thank you!"
    assert RatingResponse.objects.get().rating_id == revealed.pk
    twice = api_as(booking.freelancer).post(url, {"text": "Again."}, format="json")
    assert twice.status_code == 422 and twice.json()["code"] == "twice"
    reviews = api_as(None).get(f"/api/v1/freelancers/{booking.freelancer.profile.slug}/reviews/").json()
    assert reviews["results"][0]["response"]["text"] == "Thank you!"


def test_an_empty_answer_is_refused_next_to_its_text(revealed):
    url = f"/api/v1/reviews/{revealed.pk}/response/"
    response = api_as(revealed.booking.freelancer).post(url, {"text": "  "}, format="json")
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "text"


def test_any_other_member_reports_a_public_review_once_and_its_author_cannot(revealed, stranger, settings):
    url = f"/api/v1/reviews/{revealed.pk}/report/"
    reported = api_as(stranger).post(url, {"reason": "abusive", "comment": "Rude."}, format="json")
    assert reported.status_code == 201, reported.content
    assert RatingFlag.objects.get().flagged_by == stranger
    twice = api_as(stranger).post(url, {"reason": "abusive"}, format="json")
    assert twice.status_code == 422 and twice.json()["code"] == "twice"
    own = api_as(revealed.booking.client).post(url, {"reason": "abusive"}, format="json")
    assert own.status_code == 422 and own.json()["code"] == "own"
    assert api_as(None).post(url, {"reason": "abusive"}, format="json").status_code == 401
    wrong = api_as(revealed.booking.freelancer).post(url, {"reason": "boring"}, format="json")
    assert wrong.status_code == 400 and wrong.json()["errors"][0]["field"] == "reason"


def test_a_hidden_review_cannot_be_answered_or_reported(completed, stranger):
    review = services.rating_submit(author=completed.client, booking=completed, scores=GOOD, text="Great welds.")
    assert (
        api_as(completed.freelancer)
        .post(f"/api/v1/reviews/{review.pk}/response/", {"text": "Thanks"}, format="json")
        .status_code
        == 404
    )
    assert (
        api_as(stranger).post(f"/api/v1/reviews/{review.pk}/report/", {"reason": "abusive"}, format="json").status_code
        == 404
    )


def test_reports_count_against_the_sites_flag_limit(revealed, make_member, settings):
    settings.VALUND_RATE_LIMITS = {**settings.VALUND_RATE_LIMITS, "flag": "1/h/user"}
    member = api_as(make_member(name="Reporter"))
    url = f"/api/v1/reviews/{revealed.pk}/report/"
    assert member.post(url, {"reason": "abusive"}, format="json").status_code == 201
    refused = member.post(url, {"reason": "abusive"}, format="json")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
