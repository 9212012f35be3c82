"""The bookings' and payments' gauges on /metrics."""

import pytest

from marketplace.bookings.models import Booking
from tests.production.metrics import TOKEN, sample, scrape

pytestmark = pytest.mark.django_db


@pytest.fixture
def metrics_settings(settings):
    settings.METRICS_TOKEN = TOKEN
    return settings


def test_bookings_by_state_and_escrow_held(client, metrics_settings, make_booking, in_progress):
    make_booking()  # pending
    text = scrape(client).content.decode()
    assert sample(text, "valund_bookings", '{state="pending"}') == 1
    assert sample(text, "valund_bookings", '{state="in_progress"}') == 1
    assert sample(text, "valund_bookings", '{state="completed"}') == 0
    # in_progress was funded with 16 h at 650 SEK through the simulated gateway.
    assert sample(text, "valund_escrow_held_minor_units", '{currency="SEK"}') == 1_040_000
    assert sample(text, "valund_payments", '{kind="funding",status="succeeded"}') == 1
    assert sample(text, "valund_disputes_open", '{source="member"}') == 0
    assert sample(text, "valund_time_logs_waiting") == 0
    assert Booking.objects.count() == 2
