"""Who may reach the review moderation screens in the Wagtail admin: moderators only, visitors sent to log in,
actions by POST only."""


import pytest
from django.urls import reverse

from marketplace.ratings.models import ModerationDecision, RatingFlag
from tests.marketplace.ratings.helpers import QUEUE, Action, running, url

pytestmark = pytest.mark.django_db


# Who may do what


def every_view(review):
    return [("get", QUEUE), ("get", reverse("rating_moderation:index_results")), ("get", url("review", review)),
            ("post", url("decide", review)), ("post", url("feature", review))]


@pytest.mark.parametrize("who", ["plain_staff", "freelancer"])
def test_only_moderators_reach_the_review_views(request, who, logged_in, make_review, flag):
    review = make_review()
    flag(review)
    before = running(review.subject)
    client = logged_in(request.getfixturevalue(who))

    for method, path in every_view(review):
        response = getattr(client, method)(path, {"action": Action.HIDE, "note": "x", "featured": "1"})
        assert response.status_code == 403, path

    review.refresh_from_db()
    assert not review.hidden and not review.featured
    assert running(review.subject) == before
    assert not ModerationDecision.objects.exists()
    assert RatingFlag.objects.filter(rating=review, resolved_at__isnull=True).count() == 1


def test_visitors_are_sent_to_log_in(client, make_review):
    review = make_review()

    for method, path in every_view(review):
        response = getattr(client, method)(path)
        assert response.status_code == 302 and "login" in response["Location"], path


def test_actions_are_post_only(as_moderator, make_review):
    review = make_review()

    assert as_moderator.get(url("decide", review)).status_code == 405
    assert as_moderator.get(url("feature", review)).status_code == 405
