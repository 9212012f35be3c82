"""Ratings' rules: who may rate and when, the double-blind reveal on both paths, the statistics
after every event agreeing with a recomputation, responses, flags and moderation."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.utils import timezone

from marketplace.accounts.models import User
from marketplace.bookings.models import Booking
from marketplace.core.errors import DomainError, InvalidTransition, PermissionDenied
from marketplace.ratings import services, statistics, tasks
from marketplace.ratings.models import Rating, RatingFlag, RatingStatistics
from marketplace.search.models import SearchEntry
from tests.second_factor import with_second_factor

pytestmark = pytest.mark.django_db

GOOD = {"overall": 5, "communication": 4, "quality": 5, "timeliness": 4, "professionalism": 5}
FAIR = {"overall": 3, "communication": 3, "quality": 2, "timeliness": 4, "professionalism": 3}


@pytest.fixture
def moderator(db):
    user = User.objects.create_user(email="moderator@valund.example", password="x" * 12, role=User.Role.ADMIN)
    user.user_permissions.add(Permission.objects.get(codename="change_rating"))
    return with_second_factor(user)


def stats_of(user) -> RatingStatistics | None:
    return RatingStatistics.objects.filter(user=user).first()


def assert_running_equals_recomputed():
    assert statistics.recompute() == []


# --- Who may rate, and when ------------------------------------------------------------------


def test_only_the_parties_of_a_completed_booking_rate_each_other_once(completed, stranger):
    rating = services.rating_submit(author=completed.client, booking=completed, scores=GOOD, text="Great welds.")
    assert (rating.subject, rating.direction, rating.is_public) == (completed.freelancer, "of_freelancer", True)
    with pytest.raises(DomainError, match="already rated"):
        services.rating_submit(author=completed.client, booking=completed, scores=GOOD)
    with pytest.raises(PermissionDenied, match="Only the client and the freelancer"):
        services.rating_submit(author=stranger, booking=completed, scores=GOOD)
    assert Rating.objects.count() == 1


def test_no_rating_before_completion(in_progress):
    with pytest.raises(PermissionDenied, match="once it is completed"):
        services.rating_submit(author=in_progress.client, booking=in_progress, scores=GOOD)


def test_no_rating_after_the_window(completed, settings):
    Booking.objects.filter(pk=completed.pk).update(
        completed_at=timezone.now() - datetime.timedelta(days=settings.RATING_WINDOW_DAYS, minutes=1))
    completed.refresh_from_db()
    with pytest.raises(PermissionDenied, match="The time to rate this booking ended"):
        services.rating_submit(author=completed.client, booking=completed, scores=GOOD)


@pytest.mark.parametrize("bad", [0, 6, -1, "abc", "4.5", None, "", 3.7])
def test_scores_must_be_whole_numbers_from_1_to_5(completed, bad):
    with pytest.raises(DomainError, match="from 1 to 5"):
        services.rating_submit(author=completed.client, booking=completed, scores={**GOOD, "quality": bad})
    assert not Rating.objects.exists()


def test_long_text_is_refused_and_html_is_kept_as_text(completed):
    with pytest.raises(DomainError, match="5,000 characters"):
        services.rating_submit(author=completed.client, booking=completed, scores=GOOD, text="x" * 5001)
    rating = services.rating_submit(author=completed.client, booking=completed, scores=GOOD,
                                    text="<script>alert(1)</script> fine")
    assert rating.text == "<script>alert(1)</script> fine"  # stored as typed; templates escape it


# --- Double-blind ----------------------------------------------------------------------------


def test_a_rating_stays_hidden_until_both_have_rated(completed):
    first = services.rating_submit(author=completed.client, booking=completed, scores=GOOD, text="Great.")
    assert first.revealed_at is None and stats_of(completed.freelancer) is None
    assert not Rating.objects.for_public().exists()
    # The author may still change it while it is hidden.
    first = services.rating_edit(author=completed.client, rating=first, scores=FAIR, text="Fair.")
    second = services.rating_submit(author=completed.freelancer, booking=completed, scores=GOOD, text="Clear brief.")
    first.refresh_from_db()
    assert first.revealed_at is not None and second.revealed_at == first.revealed_at
    with pytest.raises(InvalidTransition, match="can no longer be changed"):
        services.rating_edit(author=completed.client, rating=first, scores=GOOD)
    assert stats_of(completed.freelancer).count == 1 and stats_of(completed.client).count == 1
    assert completed.freelancer.notifications.filter(kind="rating_received").count() == 1
    assert_running_equals_recomputed()


def test_the_clock_reveals_a_lone_rating_when_the_window_closes(completed, settings):
    rating = services.rating_submit(author=completed.client, booking=completed, scores=GOOD)
    before_close = completed.completed_at + datetime.timedelta(days=settings.RATING_WINDOW_DAYS - 1)
    assert tasks.run_clock(now=before_close)["revealed"] == 0
    after_close = completed.completed_at + datetime.timedelta(days=settings.RATING_WINDOW_DAYS, hours=1)
    assert tasks.run_clock(now=after_close)["revealed"] == 1
    assert tasks.run_clock(now=after_close)["revealed"] == 0
    rating.refresh_from_db()
    assert rating.revealed_at == after_close
    assert stats_of(completed.freelancer).count == 1
    assert_running_equals_recomputed()


def test_reminders_to_rate_go_once_to_who_has_not_rated(completed, settings):
    services.rating_submit(author=completed.client, booking=completed, scores=GOOD)
    when = completed.completed_at + datetime.timedelta(days=settings.RATING_WINDOW_DAYS
                                                        - settings.RATING_REMINDER_DAYS_BEFORE, hours=1)
    assert tasks.run_clock(now=when)["reminded"] == 1
    assert tasks.run_clock(now=when)["reminded"] == 0
    assert completed.freelancer.notifications.filter(event_key__endswith="rating_reminder").count() == 1
    assert not completed.client.notifications.filter(event_key__endswith="rating_reminder").exists()


# --- Statistics ------------------------------------------------------------------------------


def test_the_bayesian_average_prefers_many_good_ratings_to_one_perfect_one(settings):
    settings.RATING_PRIOR_MEAN, settings.RATING_PRIOR_WEIGHT = "4.0", 5
    one_perfect = statistics.bayesian(5, 1)
    fifty_excellent = statistics.bayesian(240, 50)  # fifty ratings averaging 4.8
    assert one_perfect == Decimal("4.167") and fifty_excellent == Decimal("4.727")
    assert fifty_excellent > one_perfect
    assert statistics.bayesian(0, 0) is None


def test_statistics_follow_reveals_and_moderation_and_reach_the_search_index(completed, moderator):
    from marketplace.search.services import index_member

    index_member(completed.freelancer.pk)
    services.rating_submit(author=completed.client, booking=completed, scores=GOOD, text="Great.")
    services.rating_submit(author=completed.freelancer, booking=completed, scores=FAIR)
    stats = stats_of(completed.freelancer)
    assert (stats.count, stats.sum_overall, stats.stars_5, stats.average("quality")) == (1, 5, 1, Decimal("5.00"))
    assert stats.bayesian_average == statistics.bayesian(5, 1)
    entry = SearchEntry.objects.get(profile__user=completed.freelancer)
    assert entry.rating_count == 1 and entry.rating_average == stats.bayesian_average
    rating = Rating.objects.get(author=completed.client)
    services.moderation_decide(moderator=moderator, rating=rating, action="hide", note="Off topic.")
    stats.refresh_from_db()
    assert (stats.count, stats.sum_overall, stats.bayesian_average) == (0, 0, None)
    assert not Rating.objects.for_public().filter(pk=rating.pk).exists()
    assert_running_equals_recomputed()
    services.moderation_decide(moderator=moderator, rating=rating, action="restore")
    stats.refresh_from_db()
    assert stats.count == 1
    assert_running_equals_recomputed()


def test_private_reviews_count_but_are_not_shown(completed):
    services.rating_submit(author=completed.client, booking=completed, scores=GOOD, is_public=False)
    services.rating_submit(author=completed.freelancer, booking=completed, scores=FAIR)
    assert stats_of(completed.freelancer).count == 1
    assert not Rating.objects.for_public().filter(subject=completed.freelancer).exists()


def test_recompute_finds_and_fixes_a_difference(completed):
    services.rating_submit(author=completed.client, booking=completed, scores=GOOD)
    services.rating_submit(author=completed.freelancer, booking=completed, scores=FAIR)
    call_command("recompute_ratings")
    RatingStatistics.objects.filter(user=completed.freelancer).update(count=7)
    with pytest.raises(CommandError, match="1 member"):
        call_command("recompute_ratings")
    call_command("recompute_ratings", "--fix")
    assert stats_of(completed.freelancer).count == 1
    call_command("recompute_ratings")


# --- Responses, flags, moderation ------------------------------------------------------------


@pytest.fixture
def revealed(completed):
    services.rating_submit(author=completed.client, booking=completed, scores=GOOD, text="Great.")
    services.rating_submit(author=completed.freelancer, booking=completed, scores=FAIR, text="OK.")
    return Rating.objects.get(author=completed.client)


def test_the_rated_member_answers_a_public_review_once(revealed, stranger):
    with pytest.raises(PermissionDenied):
        services.rating_respond(author=revealed.author, rating=revealed, text="Thanks to myself")
    with pytest.raises(PermissionDenied):
        services.rating_respond(author=stranger, rating=revealed, text="Me too")
    services.rating_respond(author=revealed.subject, rating=revealed, text="Thank you!")
    with pytest.raises(DomainError, match="already answered"):
        services.rating_respond(author=revealed.subject, rating=revealed, text="Again")
    with pytest.raises(DomainError):
        services.rating_respond(author=revealed.author, rating=Rating.objects.get(author=revealed.subject), text=" ")


def test_a_review_is_flagged_once_per_member_and_not_by_its_author(revealed, stranger):
    services.rating_flag(member=stranger, rating=revealed, reason="false", comment="Never happened")
    with pytest.raises(DomainError, match="already reported"):
        services.rating_flag(member=stranger, rating=revealed, reason="spam")
    with pytest.raises(DomainError, match="your own review"):
        services.rating_flag(member=revealed.author, rating=revealed, reason="spam")
    with pytest.raises(DomainError, match="Choose why"):
        services.rating_flag(member=revealed.subject, rating=revealed, reason="boring")
    assert RatingFlag.objects.count() == 1


def test_moderation_needs_the_permission_and_a_note_to_hide(revealed, stranger, moderator):
    with pytest.raises(PermissionDenied):
        services.moderation_decide(moderator=stranger, rating=revealed, action="hide", note="x")
    with pytest.raises(DomainError, match="Say why"):
        services.moderation_decide(moderator=moderator, rating=revealed, action="hide")
    services.rating_flag(member=stranger, rating=revealed, reason="false")
    services.moderation_decide(moderator=moderator, rating=revealed, action="keep", note="Checked: true.")
    assert RatingFlag.objects.get().resolved_at is not None
    revealed.refresh_from_db()
    assert not revealed.hidden and revealed.decisions.get().action == "keep"


def test_only_visible_public_reviews_with_text_are_featured(revealed, moderator):
    services.rating_feature(editor=moderator, rating=revealed, featured=True)
    revealed.refresh_from_db()
    assert revealed.featured
    services.moderation_decide(moderator=moderator, rating=revealed, action="hide", note="Abusive.")
    revealed.refresh_from_db()
    assert not revealed.featured
    with pytest.raises(DomainError, match="can be featured"):
        services.rating_feature(editor=moderator, rating=revealed, featured=True)
