"""Members with a bit of everything, for the export and erasure tests: a freelancer with a
skill, a reviewed document, a photo and a saved search; a booking with a client that was worked,
messaged, paid into escrow, completed and paid out (the simulated gateway), and rated both ways;
and a second member with their own data that must never appear in the first one's."""

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from marketplace.accounts.models import User, UserSkill
from marketplace.bookings import services as bookings
from marketplace.bookings.models import TimeLog
from marketplace.notifications.services import notify
from marketplace.passport import services as passport
from marketplace.payments import services as payments
from marketplace.ratings.models import Rating
from marketplace.search.models import SavedSearch, SearchAnalytics
from tests.marketplace.bookings.fixtures import fund_escrow
from tests.marketplace.passport.fixtures import ALL_CHECKS, png_bytes, upload_file
from tests.marketplace.payments.conftest import Life


@pytest.fixture
def simulated_mode(settings):
    settings.STRIPE_SECRET_KEY = ""
    settings.STRIPE_WEBHOOK_SECRET = ""


@pytest.fixture
def life(request_booking, django_capture_on_commit_callbacks):
    return Life(request_booking, django_capture_on_commit_callbacks)


def _rate(booking, author, subject, direction, text, **extra):
    return Rating.objects.create(booking=booking, author=author, subject=subject, direction=direction,
                                 overall=5, communication=4, quality=5, timeliness=4, professionalism=5, text=text,
                                 revealed_at=timezone.now(), **extra)


@pytest.fixture
def member_world(simulated_mode, freelancer, client_user, life, make_document, make_staff, make_member, skills,
                 django_capture_on_commit_callbacks):
    """The freelancer Astrid Lindqvist's data, everywhere it can be; returns what the tests check."""
    reviewer = make_staff(reviewer=True)
    profile = freelancer.profile
    profile.bio = "Welding since 2004, mostly stainless railings."
    profile.bio_sv = "Svetsar sedan 2004, mest räcken i rostfritt."
    profile.avatar.save("astrid.png", ContentFile(png_bytes()), save=True)
    UserSkill.objects.create(profile=profile, skill=skills["welding"], level=UserSkill.Level.EXPERT, years=20)
    freelancer.first_name, freelancer.last_name = "Astrid", "Lindqvist"
    freelancer.save()

    document = make_document(freelancer, title="Hot work certificate", credential_number="HA-77123")
    passport.review_start(reviewer=reviewer, document=document)
    passport.review_decide(reviewer=reviewer, document=document, decision="approved", checks=ALL_CHECKS,
                           comment="Clear scan, thank you.", internal_note="Checked by phone with the issuer.")

    booking = life.accepted(pricing="fixed", fixed_price=100_000, title="Weld the stair railing")
    fund_escrow(booking)
    payments.payout_account_link(user=freelancer, refresh_url="http://testserver/", return_url="http://testserver/")
    payments.simulated_onboarding_complete(user=freelancer)
    booking = life.start(booking)
    bookings.message_send(actor=client_user, booking=booking, body="Can you start at eight?")
    bookings.message_send(actor=freelancer, booking=booking, body="Yes, I bring my own welder.")
    log = bookings.timelog_create(actor=freelancer, booking=booking, date=booking.start_date, minutes=240,
                                  description="Railing, ground floor")
    bookings.timelogs_submit(actor=freelancer, booking=booking, log_ids=[log.pk])
    bookings.timelog_approve(actor=client_user, log=TimeLog.objects.get(pk=log.pk))
    bookings.attachment_add(actor=freelancer, booking=booking, upload=upload_file("pdf", "railing-plan.pdf"))
    booking = life.auto_complete(booking)
    with django_capture_on_commit_callbacks(execute=True):
        payments.escrow_release(booking=booking, actor=client_user)
    _rate(booking, client_user, freelancer, Rating.Direction.OF_FREELANCER, "Neat welds, on time.")
    _rate(booking, freelancer, client_user, Rating.Direction.OF_CLIENT, "Clear instructions.",
          private_note="Paid quickly.")
    notify(recipient=freelancer, kind="message", event_key="test:1", title="A new message from Nordbygg AB")
    notify(recipient=client_user, kind="message", event_key="test:2", title="Astrid Lindqvist sent a message",
           body="Astrid Lindqvist: Yes, I bring my own welder.")
    SavedSearch.objects.create(owner=freelancer, name="Welding jobs in Göteborg", querystring="q=welding")
    SearchAnalytics.objects.create(query="welding göteborg", result_count=3, member=freelancer)

    # Someone else entirely, with their own booking and document.
    other = make_member(User.Role.FREELANCER, name="Bertil Other", email="bertil@example.com", hourly_rate=50000)
    make_document(other, title="Forklift licence", credential_number="FL-99999")
    other_booking = life.accepted(freelancer_user=other, title="Paint the fence secretly")
    bookings.message_send(actor=other, booking=other_booking, body="Bertil's private message")

    booking.refresh_from_db()
    return {"member": freelancer, "client": client_user, "booking": booking, "document": document,
            "other": other, "other_booking": other_booking, "reviewer": reviewer}
