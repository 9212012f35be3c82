"""The booking lifecycle in services.py: the request and every bad input to it, each transition
allowed from the right state by the right party and refused otherwise with nothing changed,
credential gating, the start checks, the `booking_changed` signal and the timeline."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from marketplace.accounts.models import User, UserSkill
from marketplace.bookings import services
from marketplace.bookings.models import Attachment, Booking, BookingApproval
from marketplace.bookings.signals import booking_changed
from marketplace.core.errors import DomainError, InvalidTransition, PermissionDenied
from marketplace.notifications.models import Kind, Notification
from marketplace.passport import services as passport_services
from marketplace.passport.models import CompetenceDocument, CompetenceTemplate
from tests.marketplace.bookings.fixtures import fund_escrow
from tests.marketplace.passport.conftest import upload_file
from tests.second_factor import with_second_factor

pytestmark = pytest.mark.django_db

Status = Booking.Status
Action = BookingApproval.Action
DAY = datetime.timedelta(days=1)


def private_files() -> set[str]:
    root = Path(settings.STORAGES["private"]["OPTIONS"]["location"]) / "bookings"
    return {str(path) for path in root.rglob("*") if path.is_file()} if root.exists() else set()


def fake_pdf(name="plan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\nthis is not really a PDF at all", content_type="application/pdf")


def state(booking) -> tuple:
    """Everything a refused action must leave as it was."""
    fresh = Booking.objects.get(pk=booking.pk)
    return (fresh.status, fresh.answered_at, fresh.started_at, fresh.done_at, fresh.completed_at,
            fresh.closed_reason, BookingApproval.objects.filter(booking=booking).count(), Notification.objects.count())


def other_freelancer(make_member, **fields):
    return make_member(User.Role.FREELANCER, hourly_rate=50000, **fields)


# --- The request: who may ask whom ------------------------------------------------------------


def test_a_verified_client_requests_a_public_freelancer(request_booking, client_user, freelancer, today):
    booking = request_booking(priority=Booking.Priority.URGENT)

    assert booking.status == Status.PENDING
    assert (booking.client, booking.freelancer) == (client_user, freelancer)
    assert booking.hourly_rate == 65000 and booking.fixed_price is None and booking.currency == "SEK"
    assert booking.priority == Booking.Priority.URGENT
    assert booking.estimate == 16 * 65000
    notification = Notification.objects.get(recipient=freelancer)
    assert notification.kind == Kind.BOOKING_REQUESTED
    assert notification.url == booking.get_absolute_url()


def test_booking_oneself_is_refused(request_booking, freelancer):
    with pytest.raises(DomainError) as refused:
        request_booking(client=freelancer, freelancer_user=freelancer)

    assert refused.value.code == "self"
    assert not Booking.objects.exists()


def test_a_freelancer_account_cannot_request(request_booking, make_member):
    with pytest.raises(PermissionDenied) as refused:
        request_booking(client=other_freelancer(make_member))

    assert refused.value.code == "role"
    assert not Booking.objects.exists()


def test_an_admin_account_cannot_request(request_booking):
    admin = User.objects.create_user(email="ops@valund.example", password="x" * 16, role=User.Role.ADMIN,
                                     is_staff=True)

    with pytest.raises(PermissionDenied):
        request_booking(client=admin)

    assert not Booking.objects.exists()


def test_an_unverified_client_cannot_request(request_booking, make_member):
    with pytest.raises(PermissionDenied) as refused:
        request_booking(client=make_member(User.Role.CLIENT, verified=False))

    assert refused.value.code == "unverified"
    assert not Booking.objects.exists()


@pytest.mark.parametrize("how", ["hidden", "unverified", "inactive", "a client"])
def test_a_freelancer_who_is_not_public_cannot_be_booked(request_booking, make_member, how):
    if how == "hidden":
        target = other_freelancer(make_member, visibility="hidden")
    elif how == "unverified":
        target = other_freelancer(make_member, verified=False)
    elif how == "inactive":
        target = other_freelancer(make_member)
        User.objects.filter(pk=target.pk).update(is_active=False)
        target.refresh_from_db()
    else:
        target = make_member(User.Role.CLIENT)

    with pytest.raises(DomainError) as refused:
        request_booking(freelancer_user=target)

    assert refused.value.code == "freelancer"
    assert not Booking.objects.exists()
    assert not Notification.objects.exists()


# --- The request: dates and hours --------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "code"),
    [
        (0, -1, "end_date"),  # ends before it starts
        (-1, 3, "start_date"),  # starts yesterday
        (-10, -5, "start_date"),  # entirely in the past
        (0, 366, "end_date"),  # 367 days
        (800, 801, "start_date"),  # more than two years ahead
    ],
)
def test_impossible_dates_are_refused(request_booking, today, start, end, code):
    with pytest.raises(DomainError) as refused:
        request_booking(start_date=today + start * DAY, end_date=today + end * DAY)

    assert refused.value.code == code
    assert not Booking.objects.exists()


def test_a_booking_of_exactly_a_year_is_allowed(request_booking, today):
    booking = request_booking(start_date=today, end_date=today + 365 * DAY, expected_hours="1600")

    assert booking.days == 366


@pytest.mark.parametrize("hours", ["0", "-8", "0.1", "abc", "", None, "NaN", "Infinity", "sNaN", "1e400"])
def test_absurd_expected_hours_are_refused(request_booking, hours):
    with pytest.raises(DomainError) as refused:
        request_booking(expected_hours=hours)

    assert refused.value.code == "expected_hours"
    assert not Booking.objects.exists()


def test_more_hours_than_fit_in_the_days_are_refused(request_booking, today):
    with pytest.raises(DomainError) as refused:
        request_booking(start_date=today, end_date=today + DAY, expected_hours="48.01")

    assert "do not fit in 2 days" in refused.value.message


def test_every_hour_of_the_days_is_the_limit(request_booking, today):
    booking = request_booking(start_date=today, end_date=today + DAY, expected_hours="48")

    assert booking.expected_hours == 48


def test_more_than_2000_hours_are_refused_even_when_the_days_would_fit(request_booking, today):
    with pytest.raises(DomainError) as refused:
        request_booking(start_date=today, end_date=today + 200 * DAY, expected_hours="2000.01")

    assert refused.value.code == "expected_hours"


# --- The request: place, price, skills, documents ----------------------------------------------


@pytest.mark.parametrize("address", ["", "   "])
def test_on_site_work_needs_an_address(request_booking, address):
    with pytest.raises(DomainError) as refused:
        request_booking(location=Booking.Location.ON_SITE, address=address)

    assert refused.value.code == "address"
    assert not Booking.objects.exists()


def test_remote_work_keeps_no_address(request_booking):
    booking = request_booking(location=Booking.Location.REMOTE, address="Storgatan 1")

    assert booking.address == ""


def test_hourly_pricing_without_any_rate_is_refused(request_booking, make_member):
    no_rate = make_member(User.Role.FREELANCER)

    with pytest.raises(DomainError) as refused:
        request_booking(freelancer_user=no_rate)

    assert refused.value.code == "hourly_rate"
    assert not Booking.objects.exists()


def test_the_client_may_propose_a_rate_to_a_freelancer_without_one(request_booking, make_member):
    booking = request_booking(freelancer_user=make_member(User.Role.FREELANCER), hourly_rate=40000)

    assert booking.hourly_rate == 40000


@pytest.mark.parametrize("rate", [-100, services.MAX_FIXED_PRICE + 1])
def test_an_implausible_hourly_rate_is_refused(request_booking, rate):
    with pytest.raises(DomainError) as refused:
        request_booking(hourly_rate=rate)

    assert refused.value.code == "hourly_rate"


@pytest.mark.parametrize("price", [None, 0, -5000, services.MAX_FIXED_PRICE + 1])
def test_an_absent_zero_or_huge_fixed_price_is_refused(request_booking, price):
    with pytest.raises(DomainError) as refused:
        request_booking(pricing=Booking.Pricing.FIXED, fixed_price=price)

    assert refused.value.code == "fixed_price"
    assert not Booking.objects.exists()


def test_a_fixed_price_booking_drops_the_rate(request_booking):
    booking = request_booking(pricing=Booking.Pricing.FIXED, fixed_price=1_200_000, hourly_rate=65000)

    assert (booking.fixed_price, booking.hourly_rate, booking.estimate) == (1_200_000, None, 1_200_000)


@pytest.mark.parametrize(("field", "value"), [("pricing", "barter"), ("location", "moon"), ("priority", "asap")])
def test_unknown_choices_are_refused(request_booking, field, value):
    with pytest.raises(DomainError) as refused:
        request_booking(**{field: value})

    assert refused.value.code == field


@pytest.mark.parametrize("field", ["title", "description"])
def test_title_and_description_are_required(request_booking, field):
    with pytest.raises(DomainError) as refused:
        request_booking(**{field: "   "})

    assert refused.value.code == field


def test_only_skills_the_freelancer_offers_can_be_chosen(request_booking, freelancer, skills):
    UserSkill.objects.create(profile=freelancer.profile, skill=skills["welding"])

    booking = request_booking(skills=[skills["welding"]])
    with pytest.raises(DomainError) as refused:
        request_booking(skills=[skills["welding"], skills["python"]])

    assert list(booking.skills.all()) == [skills["welding"]]
    assert refused.value.code == "skills"
    assert Booking.objects.count() == 1


def test_an_inactive_document_type_cannot_be_required(request_booking, hot_work):
    CompetenceTemplate.objects.filter(pk=hot_work.pk).update(is_active=False)
    hot_work.refresh_from_db()

    with pytest.raises(DomainError) as refused:
        request_booking(required_documents=[hot_work])

    assert refused.value.code == "required_documents"
    assert not Booking.objects.exists()


def test_suggested_documents_follow_the_chosen_skills(hot_work, skills):
    CompetenceTemplate.objects.create(name="Retired type", slug="retired", is_active=False).skills.set(
        [skills["welding"]])

    assert services.suggested_documents([skills["welding"]]) == [hot_work]
    assert services.suggested_documents([skills["python"]]) == []


# --- The request: attachments ------------------------------------------------------------------


def test_attachments_are_stored_privately_with_the_request(request_booking, client_user):
    before = private_files()

    booking = request_booking(attachments=[upload_file("pdf", "drawing.pdf"), upload_file("png", "site.png")])

    attachments = list(booking.attachments.order_by("original_name"))
    assert [(a.original_name, a.content_type) for a in attachments] == [
        ("drawing.pdf", "application/pdf"), ("site.png", "image/png")]
    assert all(a.uploaded_by == client_user for a in attachments)
    assert len(private_files() - before) == 2
    assert all("drawing" not in name for name in private_files())


def test_too_many_attachments_are_refused(request_booking):
    uploads = [upload_file("png", f"photo{n}.png") for n in range(services.MAX_ATTACHMENTS + 1)]

    with pytest.raises(DomainError) as refused:
        request_booking(attachments=uploads)

    assert refused.value.code == "attachments"
    assert not Booking.objects.exists()


def test_a_fake_pdf_refuses_the_whole_request_and_stores_nothing(request_booking):
    before = private_files()

    with pytest.raises(DomainError) as refused:
        request_booking(attachments=[upload_file("pdf", "good.pdf"), fake_pdf()])

    assert refused.value.code.startswith("file")
    assert not Booking.objects.exists()
    assert not Attachment.objects.exists()
    assert private_files() == before
    assert not Notification.objects.exists()


def test_files_stored_before_a_failure_in_the_transaction_are_removed(request_booking):
    """The database rolls back on a failure after the files were written; the files must go too."""
    before = private_files()

    def refuse(sender, **kwargs):
        raise RuntimeError("a receiver failed")

    booking_changed.connect(refuse, weak=False)
    try:
        with pytest.raises(RuntimeError):
            request_booking(attachments=[upload_file("pdf")])
    finally:
        booking_changed.disconnect(refuse)

    assert not Booking.objects.exists()
    assert private_files() == before


# --- Expiry time -------------------------------------------------------------------------------


def test_a_request_starting_today_expires_at_the_end_of_today(request_booking, today):
    booking = request_booking(start_date=today)

    expected = timezone.make_aware(datetime.datetime.combine(today, datetime.time(23, 59, 59)))
    assert booking.expires_at == expected


def test_a_request_far_ahead_expires_after_the_configured_days(request_booking, today, settings):
    settings.BOOKING_REQUEST_EXPIRY_DAYS = 2
    before = timezone.now()

    booking = request_booking(start_date=today + 30 * DAY, end_date=today + 31 * DAY)

    assert before + 2 * DAY <= booking.expires_at <= timezone.now() + 2 * DAY


def test_a_request_starting_soon_expires_when_its_start_day_ends(request_booking, today, settings):
    settings.BOOKING_REQUEST_EXPIRY_DAYS = 5
    start = today + 2 * DAY

    booking = request_booking(start_date=start, end_date=start + DAY)

    assert booking.expires_at == timezone.make_aware(datetime.datetime.combine(start, datetime.time(23, 59, 59)))


# --- Every state, every action ----------------------------------------------------------------

STATES = ["pending", "accepted", "declined", "cancelled", "expired", "in_progress", "done", "completed", "disputed"]


@pytest.fixture
def reach(make_booking, today):
    """A booking brought to one of STATES through the services (the start date is today)."""

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


def _accept(booking, actor):
    return services.booking_accept(actor=actor, booking=booking)


def _decline(booking, actor):
    return services.booking_decline(actor=actor, booking=booking, reason="No time.")


def _cancel(booking, actor):
    return services.booking_cancel(actor=actor, booking=booking, reason="Changed plans.")


def _start(booking, actor):
    return services.booking_start(actor=actor, booking=booking)


def _mark_done(booking, actor):
    return services.booking_mark_done(actor=actor, booking=booking)


def _confirm(booking, actor):
    return services.booking_confirm(actor=actor, booking=booking)


def _dispute(booking, actor):
    return services.booking_dispute(actor=actor, booking=booking, reason="The railing wobbles.")


# action: (the party who may do it, the states it is allowed from when the start date is today)
ACTIONS = {
    "accept": (_accept, "freelancer", {"pending"}),
    "decline": (_decline, "freelancer", {"pending"}),
    "cancel": (_cancel, "client", {"pending"}),  # an accepted booking only before its start date
    "start": (_start, "freelancer", {"accepted"}),
    "mark_done": (_mark_done, "freelancer", {"in_progress"}),
    "confirm": (_confirm, "client", {"done"}),
    "dispute": (_dispute, "client", {"in_progress", "done", "completed"}),
}
REFUSED = [(state_name, action) for action, (_f, _who, allowed) in ACTIONS.items()
           for state_name in STATES if state_name not in allowed]
ALLOWED = [(state_name, action) for action, (_f, _who, allowed) in ACTIONS.items() for state_name in sorted(allowed)]


@pytest.mark.parametrize(("state_name", "action"), REFUSED)
def test_an_action_from_the_wrong_state_is_refused_and_changes_nothing(reach, state_name, action):
    booking = reach(state_name)
    function, who, _allowed = ACTIONS[action]
    before = state(booking)

    with pytest.raises(InvalidTransition):
        function(booking, getattr(booking, who))

    assert state(booking) == before


@pytest.mark.parametrize(("state_name", "action"), ALLOWED)
def test_an_action_by_the_wrong_member_is_refused_and_changes_nothing(reach, stranger, state_name, action):
    booking = reach(state_name)
    function, who, _allowed = ACTIONS[action]
    wrong = [stranger] + ([booking.client] if who == "freelancer" else [])
    if action != "dispute":
        wrong.append(booking.freelancer if who == "client" else booking.client)
    before = state(booking)

    for member in wrong:
        with pytest.raises(PermissionDenied):
            function(booking, member)

    assert state(booking) == before


@pytest.mark.parametrize(("state_name", "action"), ALLOWED)
def test_an_action_by_the_right_member_from_the_right_state_succeeds(reach, state_name, action):
    booking = reach(state_name)
    function, who, _allowed = ACTIONS[action]
    entries = BookingApproval.objects.filter(booking=booking).count()

    function(booking, getattr(booking, who))

    assert BookingApproval.objects.filter(booking=booking).count() == entries + 1


def test_staff_cannot_act_for_either_party(reach, make_member):
    booking = reach("pending")
    staff = with_second_factor(User.objects.create_superuser(email="root@valund.example", password="x" * 16))
    before = state(booking)

    for function in (_accept, _decline, _cancel):
        with pytest.raises(PermissionDenied):
            function(booking, staff)

    assert state(booking) == before


def test_the_freelancer_may_dispute_too(reach):
    booking = reach("completed")

    services.booking_dispute(actor=booking.freelancer, booking=booking, reason="The client will not pay.")

    booking.refresh_from_db()
    assert booking.status == Status.DISPUTED
    assert Notification.objects.filter(recipient=booking.client, kind=Kind.BOOKING_DISPUTED).count() == 1


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_dispute_needs_a_reason(reach, reason):
    booking = reach("in_progress")
    before = state(booking)

    with pytest.raises(DomainError) as refused:
        services.booking_dispute(actor=booking.client, booking=booking, reason=reason)

    assert refused.value.code == "reason"
    assert state(booking) == before


@pytest.mark.parametrize("reason", ["", "  "])
def test_a_decline_needs_a_reason(reach, reason):
    booking = reach("pending")
    before = state(booking)

    with pytest.raises(DomainError):
        services.booking_decline(actor=booking.freelancer, booking=booking, reason=reason)

    assert state(booking) == before


def test_confirming_a_completed_booking_says_it_is_completed(reach):
    booking = reach("completed")

    with pytest.raises(InvalidTransition) as refused:
        services.booking_confirm(actor=booking.client, booking=booking)

    assert "Completed" in refused.value.message


def test_confirming_before_the_work_is_marked_done_is_refused(reach):
    booking = reach("in_progress")
    before = state(booking)

    with pytest.raises(InvalidTransition) as refused:
        services.booking_confirm(actor=booking.client, booking=booking)

    assert refused.value.code == "not_done"
    assert state(booking) == before


def test_expiry_leaves_an_answered_request_alone(reach):
    for name in ("accepted", "declined", "cancelled"):
        booking = reach(name)
        before = state(booking)

        assert services.booking_expire(booking=booking, now=booking.expires_at + DAY) is False
        assert state(booking) == before


def test_a_request_does_not_expire_before_its_time(reach):
    booking = reach("pending")

    assert services.booking_expire(booking=booking, now=booking.expires_at - datetime.timedelta(seconds=1)) is False
    assert Booking.objects.get(pk=booking.pk).status == Status.PENDING


# --- Accept, cancel, start, complete: the rules beyond the state -------------------------------


def test_accept_is_refused_after_the_request_expired(reach):
    booking = reach("pending")
    Booking.objects.filter(pk=booking.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    before = state(booking)

    with pytest.raises(InvalidTransition) as refused:
        services.booking_accept(actor=booking.freelancer, booking=booking)

    assert refused.value.code == "expired"
    assert state(booking) == before


def test_accepting_tells_the_client_once(reach):
    booking = reach("pending")

    services.booking_accept(actor=booking.freelancer, booking=booking, comment="See you Monday.")

    booking.refresh_from_db()
    assert booking.answered_at is not None
    accepted = Notification.objects.get(recipient=booking.client, kind=Kind.BOOKING_ACCEPTED)
    assert accepted.body == "See you Monday."


def test_an_accepted_booking_can_be_cancelled_before_its_start_date(make_booking, today):
    booking = make_booking(Status.ACCEPTED, start_date=today + DAY, end_date=today + 3 * DAY)

    services.booking_cancel(actor=booking.client, booking=booking, reason="Project postponed.")

    booking.refresh_from_db()
    assert (booking.status, booking.closed_reason) == (Status.CANCELLED, "Project postponed.")
    assert Notification.objects.filter(recipient=booking.freelancer, kind=Kind.BOOKING_CANCELLED).count() == 1


@pytest.mark.parametrize("days_since_start", [0, 1])
def test_an_accepted_booking_cannot_be_cancelled_on_or_after_its_start_date(make_booking, today, days_since_start):
    booking = make_booking(Status.ACCEPTED, start_date=today, end_date=today + 3 * DAY)
    Booking.objects.filter(pk=booking.pk).update(start_date=today - days_since_start * DAY)
    before = state(booking)

    with pytest.raises(InvalidTransition) as refused:
        services.booking_cancel(actor=booking.client, booking=booking)

    assert refused.value.code == "started"
    assert state(booking) == before


def test_start_is_refused_before_the_start_date(make_booking, today):
    booking = make_booking(Status.ACCEPTED, start_date=today + DAY, end_date=today + 2 * DAY)
    fund_escrow(booking)
    before = state(booking)

    with pytest.raises(DomainError) as refused:
        services.booking_start(actor=booking.freelancer, booking=booking)

    assert refused.value.code == "start"
    assert state(booking) == before
    booking = services.booking_start(actor=booking.freelancer, booking=booking, today=today + DAY)
    assert booking.status == Status.IN_PROGRESS


def test_a_start_check_that_objects_blocks_the_start(reach):
    booking = reach("accepted")
    before = state(booking)

    def escrow_not_funded(candidate):
        return "The escrow is not funded yet." if candidate.pk == booking.pk else None

    services.START_CHECKS.append(escrow_not_funded)
    try:
        assert services.start_blockers(Booking.objects.get(pk=booking.pk)) == ["The escrow is not funded yet."]
        with pytest.raises(DomainError) as refused:
            services.booking_start(actor=booking.freelancer, booking=booking)
    finally:
        services.START_CHECKS.remove(escrow_not_funded)

    assert "The escrow is not funded yet." in refused.value.message
    assert state(booking) == before
    assert services.booking_start(actor=booking.freelancer, booking=booking).status == Status.IN_PROGRESS


def test_a_start_check_with_no_objection_lets_the_booking_start(reach):
    booking = reach("accepted")
    services.START_CHECKS.append(lambda candidate: None)
    try:
        assert services.booking_start(actor=booking.freelancer, booking=booking).status == Status.IN_PROGRESS
    finally:
        services.START_CHECKS.pop()


def test_mark_done_is_refused_while_time_is_in_draft(in_progress, today):
    services.timelog_create(actor=in_progress.freelancer, booking=in_progress, date=today - DAY, minutes=60,
                            description="Measuring")
    before = state(in_progress)

    with pytest.raises(DomainError) as refused:
        services.booking_mark_done(actor=in_progress.freelancer, booking=in_progress)

    assert refused.value.code == "drafts"
    assert state(in_progress) == before


def test_confirm_is_refused_while_time_waits_for_approval(in_progress, today):
    services.timelog_create(actor=in_progress.freelancer, booking=in_progress, date=today - DAY, minutes=60,
                            description="Measuring")
    services.timelogs_submit(actor=in_progress.freelancer, booking=in_progress)
    services.booking_mark_done(actor=in_progress.freelancer, booking=in_progress)
    before = state(in_progress)

    with pytest.raises(DomainError) as refused:
        services.booking_confirm(actor=in_progress.client, booking=in_progress)

    assert refused.value.code == "time"
    assert state(in_progress) == before


def test_confirm_after_the_time_is_settled_completes_for_both(in_progress, today):
    log = services.timelog_create(actor=in_progress.freelancer, booking=in_progress, date=today - DAY, minutes=60,
                                  description="Measuring")
    services.timelogs_submit(actor=in_progress.freelancer, booking=in_progress)
    services.booking_mark_done(actor=in_progress.freelancer, booking=in_progress)
    services.timelog_approve(actor=in_progress.client, log=log)

    services.booking_confirm(actor=in_progress.client, booking=in_progress)

    in_progress.refresh_from_db()
    assert in_progress.status == Status.COMPLETED and in_progress.completed_at is not None
    assert set(Notification.objects.filter(kind=Kind.BOOKING_COMPLETED).values_list("recipient", flat=True)) == {
        in_progress.client_id, in_progress.freelancer_id}


def test_marking_done_twice_is_refused(reach):
    booking = reach("done")
    before = state(booking)

    with pytest.raises(InvalidTransition) as refused:
        services.booking_mark_done(actor=booking.freelancer, booking=booking)

    assert refused.value.code == "done"
    assert state(booking) == before


# --- Credential-gated work ---------------------------------------------------------------------


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


def test_accept_is_refused_listing_the_missing_documents(make_booking, hot_work):
    first_aid = CompetenceTemplate.objects.create(name="First aid", slug="first-aid")
    booking = make_booking(required_documents=[hot_work, first_aid])
    before = state(booking)

    with pytest.raises(DomainError) as refused:
        services.booking_accept(actor=booking.freelancer, booking=booking)

    assert refused.value.code == "documents"
    assert "Hot work certificate" in refused.value.message and "First aid" in refused.value.message
    assert state(booking) == before
    assert set(services.missing_documents(booking)) == {first_aid, hot_work}


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

    assert services.missing_documents(booking) == [hot_work]
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


# --- The signal and the timeline ---------------------------------------------------------------


@pytest.fixture
def sent():
    """Every `booking_changed` sent while the test runs."""
    calls = []

    def receiver(sender, **kwargs):
        calls.append({"sender": sender, **kwargs})

    booking_changed.connect(receiver, weak=False)
    yield calls
    booking_changed.disconnect(receiver)


def test_booking_changed_is_sent_once_per_transition_with_its_arguments(request_booking, client_user, freelancer,
                                                                         today, sent):
    booking = request_booking()
    services.booking_accept(actor=freelancer, booking=booking)
    fund_escrow(booking)
    services.booking_start(actor=freelancer, booking=booking)
    services.booking_mark_done(actor=freelancer, booking=booking)  # not a change of state
    services.booking_confirm(actor=client_user, booking=booking)
    services.booking_dispute(actor=client_user, booking=booking, reason="Cracked weld.")

    assert [(c["sender"], c["booking"].pk, c["action"], c["from_status"], c["to_status"], c["actor"])
            for c in sent] == [
        (Booking, booking.pk, Action.REQUESTED, "", Status.PENDING, client_user),
        (Booking, booking.pk, Action.ACCEPTED, Status.PENDING, Status.ACCEPTED, freelancer),
        (Booking, booking.pk, Action.STARTED, Status.ACCEPTED, Status.IN_PROGRESS, freelancer),
        (Booking, booking.pk, Action.CONFIRMED, Status.IN_PROGRESS, Status.COMPLETED, client_user),
        (Booking, booking.pk, Action.DISPUTED, Status.COMPLETED, Status.DISPUTED, client_user),
    ]


def test_booking_changed_is_sent_with_no_actor_when_valund_acts(reach, sent):
    booking = reach("pending")
    sent.clear()

    services.booking_expire(booking=booking, now=booking.expires_at)

    assert [(c["action"], c["from_status"], c["to_status"], c["actor"]) for c in sent] == [
        (Action.EXPIRED, Status.PENDING, Status.EXPIRED, None)]


def test_a_refused_transition_sends_nothing(reach, sent):
    booking = reach("declined")
    sent.clear()

    with pytest.raises(InvalidTransition):
        services.booking_accept(actor=booking.freelancer, booking=booking)

    assert sent == []


def test_the_timeline_records_who_did_what_from_which_state(request_booking, client_user, freelancer, today):
    booking = request_booking()
    services.booking_accept(actor=freelancer, booking=booking, comment="Happy to help.")
    fund_escrow(booking)
    services.booking_start(actor=freelancer, booking=booking)
    services.booking_mark_done(actor=freelancer, booking=booking)
    services.booking_confirm(actor=client_user, booking=booking)
    services.booking_dispute(actor=client_user, booking=booking, reason="Cracked weld.")

    rows = list(BookingApproval.objects.filter(booking=booking).values_list(
        "actor", "action", "from_status", "to_status", "comment"))
    assert rows == [
        (client_user.pk, Action.REQUESTED, "", Status.PENDING, ""),
        (freelancer.pk, Action.ACCEPTED, Status.PENDING, Status.ACCEPTED, "Happy to help."),
        (freelancer.pk, Action.STARTED, Status.ACCEPTED, Status.IN_PROGRESS, ""),
        (freelancer.pk, Action.MARKED_DONE, Status.IN_PROGRESS, Status.IN_PROGRESS, ""),
        (client_user.pk, Action.CONFIRMED, Status.IN_PROGRESS, Status.COMPLETED, ""),
        (client_user.pk, Action.DISPUTED, Status.COMPLETED, Status.DISPUTED, "Cracked weld."),
    ]


def test_the_timeline_keeps_decline_and_cancel_reasons(reach):
    declined, cancelled = reach("declined"), reach("cancelled")

    assert declined.approvals.last().comment == "Fully booked."
    assert declined.closed_reason == "Fully booked."
    assert (cancelled.approvals.last().actor, cancelled.approvals.last().action) == (cancelled.client, Action.CANCELLED)


def test_the_other_party_is_told_of_each_answer(reach):
    declined = reach("declined")

    notification = Notification.objects.get(kind=Kind.BOOKING_DECLINED)
    assert notification.recipient == declined.client
    assert notification.body == "Fully booked."
