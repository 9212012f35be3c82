"""Fixtures the bookings' tests share: a booking brought to any state, document types a booking
can require with a freelancer who holds them, and time logged on a booking in progress."""

import datetime

import pytest
from django.utils import timezone

from marketplace.accounts.models import User
from marketplace.bookings import selectors, services
from marketplace.bookings.models import Booking
from marketplace.passport import services as passport_services
from marketplace.passport.models import CompetenceTemplate
from tests.marketplace.bookings.fixtures import fund_escrow
from tests.marketplace.passport.fixtures import upload_file
from tests.second_factor import with_second_factor

Status = Booking.Status
DAY = datetime.timedelta(days=1)


@pytest.fixture
def reach(make_booking, today):
    """A booking brought through the services to a state named as in test_transition.STATES (pending,
    accepted, declined, cancelled, expired, in_progress, done, completed, disputed); it starts today."""

    def make(name):
        if name in ("pending", "declined", "cancelled", "expired"):
            booking = make_booking(Status.PENDING)
            if name == "declined":
                services.booking_decline(actor=booking.freelancer, booking=booking, reason="Fully booked.")
            elif name == "cancelled":
                services.booking_cancel(actor=booking.client, booking=booking)
            elif name == "expired":
                assert services.booking_expire(booking=booking, now=booking.expires_at + DAY)
        elif name == "accepted":
            booking = make_booking(Status.ACCEPTED)
            fund_escrow(booking)  # ready to start: only the rule under test may object
        else:
            booking = make_booking(Status.IN_PROGRESS)
            if name in ("done", "completed"):
                services.booking_mark_done(actor=booking.freelancer, booking=booking)
            if name == "completed":
                services.booking_confirm(actor=booking.client, booking=booking)
            if name == "disputed":
                services.booking_dispute(actor=booking.client, booking=booking, reason="Not what we agreed.")
        booking.refresh_from_db()
        return booking

    return make


@pytest.fixture
def hot_work(skills):
    kind = CompetenceTemplate.objects.create(name="Hot work certificate", slug="hot-work", expiry_required=True)
    kind.skills.set([skills["welding"]])
    return kind


@pytest.fixture
def holds(db):
    """Give a freelancer a document of a type, approved by a reviewer (or in another status)."""
    reviewer = with_second_factor(User.objects.create_superuser(email="reviewer@valund.example", password="x" * 16))

    def give(owner, template, *, expiry_date, approved=True):
        document = passport_services.document_upload(
            owner=owner, upload=upload_file("pdf"), title=template.name, issuer="Brandskyddsföreningen",
            issue_date=timezone.localdate() - 30 * DAY, template=template, expiry_date=expiry_date,
        )
        if approved:
            passport_services.review_start(reviewer=reviewer, document=document)
            passport_services.review_decide(reviewer=reviewer, document=document, decision="approved",
                                            checks=passport_services.CHECKS_REQUIRED_FOR_APPROVAL)
        document.refresh_from_db()
        return document

    give.reviewer = reviewer
    return give


@pytest.fixture
def log(in_progress):
    """Log time on the booking in progress as its freelancer (yesterday, unless told)."""

    def make(*, booking=None, date=None, minutes=None, start=None, end=None, description="Welding", actor=None):
        booking = booking or in_progress
        return services.timelog_create(
            actor=actor or booking.freelancer, booking=booking, date=date or timezone.localdate() - DAY,
            minutes=minutes, start_time=start, end_time=end, description=description,
        )

    return make


@pytest.fixture
def week(in_progress, today):
    """A booking that started four weeks ago and one whole week inside it, Monday to Sunday."""
    Booking.objects.filter(pk=in_progress.pk).update(start_date=today - 28 * DAY)
    in_progress.refresh_from_db()
    monday = selectors.week_start_of(today - 14 * DAY)
    return monday


@pytest.fixture
def submitted(log, in_progress):
    """A log of 08:00-10:00 submitted to the client."""
    entry = log(start=datetime.time(8), end=datetime.time(10))
    services.timelogs_submit(actor=in_progress.freelancer, booking=in_progress)
    entry.refresh_from_db()
    return entry
