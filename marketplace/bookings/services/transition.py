"""The skeleton every booking transition shares: lock the row, check who acts, (the transition
cleans its input and runs its own checks), move the status, save, record the timeline entry
(which sends `booking_changed`) and tell the other party."""

from collections.abc import Callable, Iterable

from django.utils.translation import gettext as _

from marketplace.accounts.models import Profile, User
from marketplace.core.errors import InvalidTransition
from marketplace.notifications.services import Text, notify

from ..models import Booking, BookingApproval
from ..signals import booking_changed

Status = Booking.Status
Action = BookingApproval.Action


def lock(booking: Booking) -> Booking:
    return Booking.objects.select_for_update().get(pk=booking.pk)


def record(booking, *, action, actor=None, from_status="", to_status="", comment="") -> BookingApproval:
    """The timeline entry; a change of status (or the request itself) is also sent as `booking_changed`."""
    entry = BookingApproval.objects.create(
        booking=booking, actor=actor, action=action, from_status=from_status, to_status=to_status, comment=comment,
    )
    if from_status != to_status or action == Action.REQUESTED:
        booking_changed.send(sender=Booking, booking=booking, action=action, from_status=from_status,
                             to_status=to_status, actor=actor)
    return entry


def name(user_id) -> str:
    return Profile.objects.filter(user_id=user_id).values_list("display_name", flat=True).first() or _("A member")


def tell(recipient_id, booking, *, kind, event, title: Text, body: Text = ""):
    """Notify one party of `booking`; `title` and `body` as notifications.services.notify takes
    them (a function is called in the recipient's language)."""
    recipient = User.objects.get(pk=recipient_id)
    return notify(recipient=recipient, kind=kind, event_key=f"booking:{booking.pk}:{event}", title=title,
                  body=body, url=booking.get_absolute_url())


def other_party(booking, actor_id):
    return booking.freelancer_id if actor_id == booking.client_id else booking.client_id


class Transition:
    """One transition of a booking, in its caller's transaction. Made with the row locked and the
    actor checked; `move` refuses a status the current one cannot become; `finish` saves what
    changed, records the event and tells the recipients. A refusal between the two leaves nothing
    behind: the transaction rolls back."""

    def __init__(self, booking: Booking, *, actor: User | None = None,
                 may_act: Callable[[User, Booking], None] | None = None):
        self.booking = lock(booking)
        self.actor = actor
        if may_act is not None:
            may_act(actor, self.booking)
        self.previous = self.booking.status

    def move(self, to: str) -> Booking:
        current = self.booking.status
        if to not in Booking.TRANSITIONS[current]:
            raise InvalidTransition(
                _("This booking is “%(current)s”, so it cannot become “%(target)s”. Reload the page to see "
                  "what happened.") % {"current": Status(current).label, "target": Status(to).label},
                code="transition",
            )
        self.booking.status = to
        return self.booking

    def finish(self, action: str, *, fields: Iterable[str] = (), comment: str = "", tell_to: Iterable[int] = (),
               kind: str, event: str, title: Text, body: Text = "") -> Booking:
        """Save the status (when it moved) and `fields`, record `action`, and send each of
        `tell_to` the same notification."""
        booking = self.booking
        moved = ["status"] if booking.status != self.previous else []
        booking.save(update_fields=[*moved, *fields, "updated_at"])
        record(booking, action=action, actor=self.actor, from_status=self.previous, to_status=booking.status,
               comment=comment)
        for recipient_id in tell_to:
            tell(recipient_id, booking, kind=kind, event=event, title=title, body=body)
        return booking
