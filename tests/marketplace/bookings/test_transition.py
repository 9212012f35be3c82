"""What every transition shares (services/transition.py): each allowed from the right state by the
right party and refused otherwise with nothing changed, the `booking_changed` signal and the
timeline."""

import pytest

from marketplace.accounts.models import User
from marketplace.bookings import services
from marketplace.bookings.models import Booking, BookingApproval
from marketplace.bookings.signals import booking_changed
from marketplace.core.errors import InvalidTransition, PermissionDenied
from marketplace.notifications.models import Kind, Notification
from tests.marketplace.bookings.fixtures import fund_escrow, state
from tests.second_factor import with_second_factor

pytestmark = pytest.mark.django_db

Status = Booking.Status
Action = BookingApproval.Action


# --- Every state, every action ----------------------------------------------------------------

# The states conftest.reach brings a booking to.
STATES = ["pending", "accepted", "declined", "cancelled", "expired", "in_progress", "done", "completed", "disputed"]


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
