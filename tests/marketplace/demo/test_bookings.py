"""seed_demo --documents also gives the demo client bookings with the demo freelancer, made
through the bookings' services, once."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from marketplace.bookings.models import Booking, TimeLog
from marketplace.core import dates
from marketplace.demo.bookings import freelancer_reviews
from marketplace.demo.logins import DEMO_CLIENT, DEMO_FREELANCER
from marketplace.notifications.models import Notification
from marketplace.payments.selectors import figures
from marketplace.ratings.models import Rating, RatingStatistics
from marketplace.ratings.rules import rating_refusal
from marketplace.search.models import SearchEntry

pytestmark = pytest.mark.django_db


def seed(**options) -> str:
    out = StringIO()
    call_command("seed_demo", freelancers=2, clients=1, force=True, stdout=out, **options)
    return out.getvalue()


def test_demo_bookings_cover_each_stage_and_are_written_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        output = seed(documents=True)
    assert "Demo bookings between the demo client and freelancer: 3 created." in output
    bookings = Booking.objects.filter(client__email=DEMO_CLIENT.email, freelancer__email=DEMO_FREELANCER.email)
    assert sorted(bookings.values_list("status", flat=True)) == ["completed", "in_progress", "pending"]
    running = bookings.get(status="in_progress")
    assert sorted(running.time_logs.values_list("status", flat=True)) == ["approved", "approved", "draft",
                                                                         "submitted"]
    assert running.messages.count() == 2
    pending = bookings.get(status="pending")
    assert list(pending.required_documents.values_list("name", flat=True)) == ["Hot work certificate (Heta arbeten)"]
    completed = bookings.get(status="completed")
    assert list(completed.approvals.values_list("action", flat=True)) == [
        "requested", "accepted", "started", "marked_done", "confirmed"]
    # Escrow: paid in for both running jobs; the completed one released (fixed price 12,000 SEK).
    assert figures(running).held == running.estimate
    done = figures(completed)
    assert (done.funded, done.released, done.held) == (1_200_000, 1_200_000, 0)
    # Done recently enough that both sides can still rate it: the demo shows the rating form.
    assert rating_refusal(author=completed.client, booking=completed) is None
    assert rating_refusal(author=completed.freelancer, booking=completed) is None

    output = seed(documents=True)
    assert "Demo bookings between the demo client and freelancer: 0 created." in output
    assert "(about half of them): 0 created." in output
    assert bookings.count() == 3 and TimeLog.objects.filter(booking__in=bookings).count() == 5


def test_no_demo_bookings_without_the_option():
    seed()
    assert not Booking.objects.exists()


def test_demo_bookings_tell_a_story_that_agrees_with_itself(client, page_tree):
    """Each timeline entry at its own moment, in order, none in the future; the time logs and
    messages on their days; each notification after its cause and naming the booking's own
    dates and deadline, as the booking's page writes them."""
    seed(documents=True)
    now = timezone.now()
    bookings = Booking.objects.filter(client__email=DEMO_CLIENT.email)
    moments = []
    for booking in bookings:
        entries = list(booking.approvals.values_list("created_at", flat=True))
        assert entries == sorted(entries) and len(set(entries)) == len(entries)
        assert all(moment <= now for moment in entries)
        moments += entries
        for log in booking.time_logs.all():
            assert timezone.localtime(log.created_at).date() == log.date
        for message in booking.messages.all():
            assert booking.start_date <= timezone.localtime(message.created_at).date() <= timezone.localdate()
        assert booking.created_at == entries[0]
    assert len({timezone.localtime(moment).strftime("%H:%M") for moment in moments}) >= 6

    running = bookings.get(status="in_progress")
    assert running.start_date == timezone.localdate() - datetime.timedelta(days=4)
    request = Notification.objects.get(event_key=f"booking:{running.pk}:requested")
    assert request.created_at > running.approvals.get(action="requested").created_at
    dates_text = f"{dates.day(running.start_date)} – {dates.day(running.end_date)}"
    assert request.body.startswith(f"{dates_text}, about 60 hours. Answer by {dates.day_time(running.expires_at)}.")

    pending = bookings.get(status="pending")
    notice = Notification.objects.get(event_key=f"booking:{pending.pk}:requested")
    client.force_login(pending.freelancer)
    page = client.get(pending.get_absolute_url()).content.decode()
    assert f"<dd>{dates.day_range(pending.start_date, pending.end_date)}</dd>" in page
    assert f"{dates.day_range(pending.start_date, pending.end_date)}, about 20 hours." in notice.body
    assert "<dd>20 hours</dd>" in page
    assert dates.day_time(pending.expires_at) in page and dates.day_time(pending.expires_at) in notice.body


def test_about_half_of_the_freelancers_have_reviews_after_completed_paid_bookings(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        output = call_command_output(freelancers=12, clients=3)

    reviewed = [freelancer_reviews(2026, n) for n in range(1, 61)]
    assert 0.4 <= sum(bool(reviews) for reviews in reviewed) / 60 <= 0.7
    ratings = Rating.objects.filter(direction=Rating.Direction.OF_FREELANCER)
    assert f"after completed bookings (about half of them): {ratings.count()} created." in output
    assert ratings.exists()
    now = timezone.now()
    for rating in ratings.select_related("booking"):
        booking = rating.booking
        assert booking.status == Booking.Status.COMPLETED and booking.completed_at < rating.revealed_at < now
        assert figures(booking).released == booking.estimate
    statistics = RatingStatistics.objects.get(user=ratings.first().subject)
    entry = SearchEntry.objects.get(profile__user=statistics.user)
    assert (entry.rating_average, entry.rating_count) == (statistics.bayesian_average, statistics.count)


def call_command_output(**options) -> str:
    out = StringIO()
    call_command("seed_demo", force=True, documents=True, stdout=out, **options)
    return out.getvalue()
