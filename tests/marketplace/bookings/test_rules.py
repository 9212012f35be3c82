"""The rules services, selectors and views share (rules.py): who may see a booking, the documents
a booking requires, and the start checks other apps add."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from marketplace.bookings import rules, services
from marketplace.bookings.models import Booking
from marketplace.core.errors import DomainError
from marketplace.passport import services as passport_services
from marketplace.passport.models import CompetenceDocument, CompetenceTemplate
from tests.marketplace.bookings.fixtures import other_freelancer, state

pytestmark = pytest.mark.django_db

Status = Booking.Status
DAY = datetime.timedelta(days=1)


# --- Who may see a booking --------------------------------------------------------------------


def test_only_the_two_active_parties_may_see_a_booking(in_progress, stranger):
    assert rules.can_view(in_progress.client, in_progress) and rules.can_view(in_progress.freelancer, in_progress)
    assert not rules.can_view(stranger, in_progress)
    assert not rules.can_view(AnonymousUser(), in_progress)
    assert not rules.can_view(None, in_progress)
    in_progress.client.is_active = False
    assert not rules.can_view(in_progress.client, in_progress)


# --- Credential-gated work --------------------------------------------------------------------


def test_accept_is_refused_listing_the_missing_documents(make_booking, hot_work):
    first_aid = CompetenceTemplate.objects.create(name="First aid", slug="first-aid")
    booking = make_booking(required_documents=[hot_work, first_aid])
    before = state(booking)

    with pytest.raises(DomainError) as refused:
        services.booking_accept(actor=booking.freelancer, booking=booking)

    assert refused.value.code == "documents"
    assert "Hot work certificate" in refused.value.message and "First aid" in refused.value.message
    assert state(booking) == before
    assert set(rules.missing_documents(booking)) == {first_aid, hot_work}


def test_accept_is_allowed_with_an_approved_document_valid_until_the_end_date(make_booking, hot_work, holds,
                                                                               freelancer):
    booking = make_booking(required_documents=[hot_work])
    holds(freelancer, hot_work, expiry_date=booking.end_date)

    services.booking_accept(actor=freelancer, booking=booking)

    assert Booking.objects.get(pk=booking.pk).status == Status.ACCEPTED


def test_accept_is_refused_when_the_document_expires_before_the_end_date(make_booking, hot_work, holds, freelancer):
    booking = make_booking(required_documents=[hot_work])
    holds(freelancer, hot_work, expiry_date=booking.end_date - DAY)
    before = state(booking)

    with pytest.raises(DomainError) as refused:
        services.booking_accept(actor=freelancer, booking=booking)

    assert refused.value.code == "documents"
    assert state(booking) == before


def test_a_document_waiting_for_review_does_not_count(make_booking, hot_work, holds, freelancer):
    booking = make_booking(required_documents=[hot_work])
    holds(freelancer, hot_work, expiry_date=booking.end_date + 365 * DAY, approved=False)

    with pytest.raises(DomainError):
        services.booking_accept(actor=freelancer, booking=booking)


def test_someone_elses_approved_document_does_not_count(make_booking, make_member, hot_work, holds, freelancer):
    booking = make_booking(required_documents=[hot_work])
    holds(other_freelancer(make_member), hot_work, expiry_date=booking.end_date + 365 * DAY)

    assert rules.missing_documents(booking) == [hot_work]
    with pytest.raises(DomainError):
        services.booking_accept(actor=freelancer, booking=booking)


def test_start_is_refused_when_the_document_was_revoked_after_accept(make_booking, hot_work, holds, freelancer):
    booking = make_booking(required_documents=[hot_work])
    document = holds(freelancer, hot_work, expiry_date=booking.end_date + 365 * DAY)
    services.booking_accept(actor=freelancer, booking=booking)
    passport_services.document_revoke(reviewer=holds.reviewer, document=document, reason="Withdrawn by the issuer.")
    assert CompetenceDocument.objects.get(pk=document.pk).status == CompetenceDocument.Status.REVOKED
    before = state(booking)

    with pytest.raises(DomainError) as refused:
        services.booking_start(actor=freelancer, booking=booking)

    assert refused.value.code == "start"
    assert "Hot work certificate" in refused.value.message
    assert state(booking) == before


# --- Start checks -----------------------------------------------------------------------------


def test_a_start_check_that_objects_blocks_the_start(reach):
    booking = reach("accepted")
    before = state(booking)

    def escrow_not_funded(candidate):
        return "The escrow is not funded yet." if candidate.pk == booking.pk else None

    rules.START_CHECKS.append(escrow_not_funded)
    try:
        assert rules.start_blockers(Booking.objects.get(pk=booking.pk)) == ["The escrow is not funded yet."]
        with pytest.raises(DomainError) as refused:
            services.booking_start(actor=booking.freelancer, booking=booking)
    finally:
        rules.START_CHECKS.remove(escrow_not_funded)

    assert "The escrow is not funded yet." in refused.value.message
    assert state(booking) == before
    assert services.booking_start(actor=booking.freelancer, booking=booking).status == Status.IN_PROGRESS


def test_a_start_check_with_no_objection_lets_the_booking_start(reach):
    booking = reach("accepted")
    rules.START_CHECKS.append(lambda candidate: None)
    try:
        assert services.booking_start(actor=booking.freelancer, booking=booking).status == Status.IN_PROGRESS
    finally:
        rules.START_CHECKS.pop()
