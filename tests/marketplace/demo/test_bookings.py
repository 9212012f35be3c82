"""seed_demo --documents also gives the demo client bookings with the demo freelancer, made
through the bookings' services, once."""

from io import StringIO

import pytest
from django.core.management import call_command

from marketplace.bookings.models import Booking, TimeLog
from marketplace.demo.logins import DEMO_CLIENT, DEMO_FREELANCER

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
    from marketplace.payments.selectors import figures

    assert figures(running).held == running.estimate
    done = figures(completed)
    assert (done.funded, done.released, done.held) == (1_200_000, 1_200_000, 0)

    output = seed(documents=True)
    assert "3 created" not in output and Booking.objects.count() == 3 and TimeLog.objects.count() == 5


def test_no_demo_bookings_without_the_option():
    seed()
    assert not Booking.objects.exists()
