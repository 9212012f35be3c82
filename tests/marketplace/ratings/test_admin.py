"""Moderators work through flagged reviews in the Wagtail admin (marketplace/ratings/admin_views.py): the
queue, the menu's count and the review screen; every change goes through the services."""


import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from marketplace.ratings import services, statistics
from marketplace.ratings.models import ModerationDecision, Rating, RatingFlag, RatingStatistics
from tests.clients import text_of
from tests.marketplace.ratings.helpers import QUEUE, Action, decide, running, url

pytestmark = pytest.mark.django_db


# The queue


def test_queue_lists_flagged_reviews_with_open_flags_oldest_first(as_moderator, moderator, make_review, flag):
    later = make_review(text="Later flagged review", title="Paint the hall")
    earlier = make_review(text="Earlier flagged review", title="Fix the roof")
    settled = make_review(text="Settled review")
    unflagged = make_review(text="Nobody minds this one")
    flag(earlier, RatingFlag.Reason.FALSE, comment="They never came to the site")
    flag(earlier, RatingFlag.Reason.SPAM)
    flag(later)
    flag(settled)
    services.moderation_decide(moderator=moderator, rating=settled, action=Action.KEEP)

    page = text_of(as_moderator.get(QUEUE))

    assert page.index(url("review", earlier)) < page.index(url("review", later))
    assert url("review", settled) not in page and url("review", unflagged) not in page
    assert "Earlier flagged review" in page and "Fix the roof" in page
    assert "Nordbygg AB" in page and "Astrid Lindqvist" in page  # author and subject
    assert "4/5 overall" in page
    assert "2 flags, 2 open" in page and "1 flag, 1 open" in page
    assert "False or misleading: “They never came to the site”" in page and "Spam or advertising" in page


def test_queue_filters_all_flagged_hidden_and_reviews_to_feature(as_moderator, moderator, make_review, flag):
    open_one = make_review(text="Open one", overall=2)
    kept = make_review(text="Kept one", overall=5)
    hidden = make_review(text="Hidden one", overall=1)
    plain = make_review(text="Plain five-star review", overall=5)
    plain_three = make_review(text="Plain three-star review", overall=3)
    flag(open_one)
    flag(kept)
    services.moderation_decide(moderator=moderator, rating=kept, action=Action.KEEP)
    services.moderation_decide(moderator=moderator, rating=hidden, action=Action.HIDE, note="Insults")
    everything = {r.text for r in (open_one, kept, hidden, plain, plain_three)}

    def listed(**params):
        page = text_of(as_moderator.get(QUEUE, params))
        return {t for t in everything if t in page}

    assert listed() == {"Open one"}
    assert listed(show="flagged") == {"Open one", "Kept one"}
    assert listed(show="hidden") == {"Hidden one"}
    assert listed(show="reviews") == {"Open one", "Kept one", "Plain five-star review", "Plain three-star review"}
    assert listed(show="reviews", score="4") == {"Kept one", "Plain five-star review"}
    assert listed(show="bogus") == {"Open one"}  # a hand-edited URL shows the default queue
    assert listed(show="reviews", q="three-star") == {"Plain three-star review"}
    results = as_moderator.get(reverse("rating_moderation:index_results"), {"show": "hidden"})
    assert results.status_code == 200 and url("review", hidden) in results.content.decode()


def test_queue_query_count_does_not_grow_with_the_number_of_reviews(as_moderator, make_review, flag):
    def queries_for_queue(**params):
        with CaptureQueriesContext(connection) as context:
            assert as_moderator.get(QUEUE, params).status_code == 200
        return len(context.captured_queries)

    first = make_review()
    flag(first)
    with_one = (queries_for_queue(), queries_for_queue(show="reviews"))
    for n in range(4):
        review = make_review(text=f"Review {n}")
        flag(review)
        flag(review, RatingFlag.Reason.SPAM)

    assert (queries_for_queue(), queries_for_queue(show="reviews")) == with_one


def test_menu_shows_the_number_of_reviews_with_open_flags(as_moderator, moderator, make_review, flag, logged_in,
                                                          plain_staff):
    first, second, settled = make_review(), make_review(), make_review()
    flag(first)
    flag(first, RatingFlag.Reason.SPAM)
    flag(second)
    flag(settled)
    services.moderation_decide(moderator=moderator, rating=settled, action=Action.KEEP)

    assert "Reviews (2)" in text_of(as_moderator.get("/admin/"))

    as_moderator.logout()
    assert "Reviews" not in text_of(logged_in(plain_staff).get("/admin/"))


def test_the_menu_count_is_one_query(moderator, rf):
    from marketplace.ratings.admin_views import ReviewsMenuItem

    item = ReviewsMenuItem("Reviews", QUEUE)
    request = rf.get("/admin/")
    request.user = moderator
    assert item.is_shown(request)
    with CaptureQueriesContext(connection) as context:
        item.render_component(request)
    assert len(context.captured_queries) == 1


# The review screen


def test_review_screen_shows_the_review_its_flags_and_history(as_moderator, moderator, make_review, flag):
    review = make_review(text="Rude <b>and</b> wrong")
    # Featured before the flag came in: a review with an open flag cannot be featured (rules.feature_refusal).
    services.rating_feature(editor=moderator, rating=review, featured=True)
    flag(review, RatingFlag.Reason.PRIVATE, comment="Names my street")

    response = as_moderator.get(url("review", review))
    page = text_of(response)

    assert response.status_code == 200
    assert "Rude &lt;b&gt;and&lt;/b&gt; wrong" in response.content.decode()  # escaped, never rendered
    assert "Reveals private information" in page and "Names my street" in page
    assert "Featured" in page and "Mona Moderator" in page  # the history
    assert url("decide", review) in page and url("feature", review) in page


def test_hiding_with_a_note_hides_the_review_updates_the_statistics_and_records_it(
    as_moderator, moderator, make_review, flag, freelancer
):
    kept = make_review(overall=5)
    review = make_review(overall=1, text="Terrible, avoid")
    flag(review)
    flag(review, RatingFlag.Reason.FALSE)
    assert RatingStatistics.objects.get(user=freelancer).count == 2

    response = decide(as_moderator, review, Action.HIDE, note="Abusive language, see flags.")

    assert "is hidden" in text_of(response)
    review.refresh_from_db()
    assert review.hidden
    assert list(Rating.objects.for_public().filter(subject=freelancer)) == [kept]
    stats = RatingStatistics.objects.get(user=freelancer)
    assert running(freelancer) == statistics.derived(freelancer.pk)
    assert stats.count == 1 and stats.sum_overall == 5 and stats.stars_1 == 0
    assert not RatingFlag.objects.filter(rating=review, resolved_at__isnull=True).exists()
    decision = ModerationDecision.objects.get(rating=review)
    assert (decision.action, decision.moderator, decision.note) == (Action.HIDE, moderator,
                                                                     "Abusive language, see flags.")
    assert statistics.recompute() == []


def test_hiding_without_a_note_is_refused(as_moderator, make_review, flag, freelancer):
    review = make_review(overall=1)
    flag(review)

    response = decide(as_moderator, review, Action.HIDE, note="   ")

    assert response.status_code == 200
    assert "Say why the review is hidden" in text_of(response)
    review.refresh_from_db()
    assert not review.hidden
    assert RatingStatistics.objects.get(user=freelancer).count == 1
    assert RatingFlag.objects.filter(rating=review, resolved_at__isnull=True).count() == 1
    assert not ModerationDecision.objects.exists()


def test_keeping_closes_the_flags_and_changes_nothing_else(as_moderator, make_review, flag, freelancer):
    review = make_review()
    flag(review)
    before = running(freelancer)

    response = decide(as_moderator, review, Action.KEEP, note="Harsh but fair.")

    assert "is kept" in text_of(response)
    review.refresh_from_db()
    assert not review.hidden and review in Rating.objects.for_public()
    assert running(freelancer) == before
    assert not RatingFlag.objects.filter(rating=review, resolved_at__isnull=True).exists()
    assert ModerationDecision.objects.get(rating=review).action == Action.KEEP
    assert "Reviews (" not in text_of(as_moderator.get("/admin/"))


def test_showing_a_hidden_review_again_counts_it_again(as_moderator, moderator, make_review, freelancer):
    review = make_review(overall=2)
    services.moderation_decide(moderator=moderator, rating=review, action=Action.HIDE, note="Looked abusive")
    assert RatingStatistics.objects.get(user=freelancer).count == 0

    response = decide(as_moderator, review, Action.RESTORE, note="The member explained; it is fair.")

    assert "shown again" in text_of(response)
    review.refresh_from_db()
    assert not review.hidden and review in Rating.objects.for_public()
    assert running(freelancer) == statistics.derived(freelancer.pk)
    assert RatingStatistics.objects.get(user=freelancer).count == 1
    assert list(review.decisions.values_list("action", flat=True)) == [Action.HIDE, Action.RESTORE]


def test_a_wrong_move_is_shown_as_a_message(as_moderator, make_review):
    review = make_review()

    response = decide(as_moderator, review, Action.RESTORE)

    assert "This review is not hidden." in text_of(response)
    assert not ModerationDecision.objects.exists()
