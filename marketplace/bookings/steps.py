"""What the booking page leads with: the one step that moves the booking forward for the person
looking, in the second person with names and figures ("Approve Sara's 8 hours for week 49"), or,
when the next move is the other party's, whom they are waiting for. The other actions follow it:
the harmless ones plain, the destructive ones (cancel, decline, dispute) asking to be confirmed.

Apps above bookings own some of the steps (paying into escrow, rating each other): they add a
function to NEXT_STEPS when they start, and the first one that answers wins over bookings' own."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Min, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from marketplace.core.directory import directory_url
from marketplace.core.money import format_number

from .models import Booking, TimeLog
from .rules import start_blockers

Status = Booking.Status
LogStatus = TimeLog.Status


@dataclass(frozen=True)
class Step:
    """The step the page leads with. With a `url` it is an action: a link, or a form that posts
    `fields` (and the CSRF token) with `title` on its button and `choices` as further buttons
    (label, name, value); without one, `title` says what the viewer is waiting for. `action`
    names the booking action it performs, so the page does not offer that one twice."""

    title: str
    url: str = ""
    post: bool = False
    detail: str = ""
    action: str = ""
    fields: tuple[tuple[str, str], ...] = ()
    choices: tuple[tuple[str, str, str], ...] = ()
    links: tuple[tuple[str, str], ...] = ()
    points: tuple[str, ...] = ()
    note: str = ""  # the label of an optional comment the form may carry, folded away

    @property
    def waiting(self) -> bool:
        return not self.url


# Steps from apps above bookings (payments: pay into escrow, set up payouts; ratings: rate).
NEXT_STEPS: list[Callable[[Booking, object], Step | None]] = []
# Apps above bookings may withhold an action the status allows, saying why (payments: no dispute
# once the escrow has paid out). Each returns {action: explanation}.
WITHHELD: list[Callable[[Booking], dict[str, str]]] = []


@dataclass(frozen=True)
class Offer:
    """An action the viewer can take now: its name in the URL, button label, and whether it
    asks for a reason (required) or a comment (optional). A destructive one (style "danger")
    opens behind its label and is done only with a second button, `confirm`."""

    action: str
    label: str
    reason: str = ""  # "", "optional" or "required"
    style: str = ""
    confirm: str = ""


def available_actions(*, booking: Booking, user) -> list[Offer]:
    """The actions the page offers; the services still decide when they are used. A dispute is
    offered as a link to payments' dispute page, which asks for the reason and evidence."""
    offers = _status_offers(booking, user)
    withheld = withheld_actions(booking) if offers else {}
    return [offer for offer in offers if offer.action not in withheld]


def _status_offers(booking: Booking, user) -> list[Offer]:
    is_client, is_freelancer = user.pk == booking.client_id, user.pk == booking.freelancer_id
    today, now = timezone.localdate(), timezone.now()
    offers = []
    dispute = Offer("dispute", _("Open a dispute"), "required", "danger")
    if booking.status == Status.PENDING:
        if is_freelancer and booking.expires_at > now:
            offers += [Offer("accept", _("Accept"), "optional"),
                       Offer("decline", _("Decline"), "required", "danger",
                             _("Decline %(name)s's request") % {"name": _name(booking.client)})]
        if is_client:
            offers.append(Offer("cancel", _("Cancel the request"), "optional", "danger",
                                _("Yes, cancel the request")))
    elif booking.status == Status.ACCEPTED:
        if is_freelancer and today >= booking.start_date:
            offers.append(Offer("start", _("Start work")))
        if is_client and today < booking.start_date:
            offers.append(Offer("cancel", _("Cancel the booking"), "optional", "danger",
                                _("Yes, cancel the booking")))
    elif booking.status == Status.IN_PROGRESS:
        if is_freelancer and booking.done_at is None:
            offers.append(Offer("done", _("Mark the work as done")))
        if is_client and booking.done_at is not None:
            offers.append(Offer("confirm", _("Confirm completion")))
        if is_client or is_freelancer:
            offers.append(dispute)
    elif booking.status == Status.COMPLETED and (is_client or is_freelancer):
        offers.append(dispute)
    return offers


def withheld_actions(booking: Booking) -> dict[str, str]:
    return {action: why for check in WITHHELD for action, why in check(booking).items()}


@dataclass(frozen=True)
class PageActions:
    """The booking page's actions in the order it shows them."""

    step: Step | None
    more: list[Offer]  # harmless actions the step is not already
    risky: list[Offer]  # destructive ones, each behind a confirmation
    withheld: tuple[str, ...] = ()  # why an action the page would offer is not there


def page_actions(*, booking: Booking, user) -> PageActions:
    step = next_step(booking=booking, user=user)
    offers = _status_offers(booking, user)
    offered = {offer.action for offer in offers}
    withheld = {action: why for action, why in withheld_actions(booking).items() if action in offered} \
        if offers else {}
    offers = [offer for offer in offers if offer.action not in withheld]
    taken = step.action if step else ""
    return PageActions(step=step, more=[o for o in offers if o.style != "danger" and o.action != taken],
                       risky=[o for o in offers if o.style == "danger"], withheld=tuple(withheld.values()))


def _name(user) -> str:
    return user.profile.display_name


def _day(value: datetime.date | datetime.datetime) -> str:
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value)
    return date_format(value, "j F")


def _hours(minutes: int) -> str:
    """90 → "1.5" ("1,5" in Swedish), 480 → "8"."""
    return format_number((Decimal(minutes) / 60).quantize(Decimal("0.01")))


def _plural(hours: str) -> int:
    """ngettext counts in whole numbers: "1 hour", and "hours" for any other figure (1.5 hours)."""
    return 1 if hours == "1" else 2


def _act(booking: Booking, action: str) -> str:
    return reverse("bookings:act", args=[booking.pk, action])


def next_step(*, booking: Booking, user) -> Step | None:
    """The step for one of the two parties (None for staff, who act in the admin)."""
    if not booking.is_party(user):
        return None
    for provider in NEXT_STEPS:
        step = provider(booking, user)
        if step is not None:
            return step
    is_client = user.pk == booking.client_id
    other = _name(booking.freelancer if is_client else booking.client)
    return STATES[booking.status](booking, is_client, other)


def _pending(booking: Booking, is_client: bool, other: str) -> Step:
    when = date_format(timezone.localtime(booking.expires_at), "j F, H:i")
    if is_client:
        return Step(_("Waiting for %(name)s to answer") % {"name": other},
                    detail=_("%(name)s answers by %(when)s; otherwise the request expires and you can book someone "
                             "else.") % {"name": other, "when": when})
    if booking.expires_at <= timezone.now():
        return Step(_("The time to answer has run out"), detail=_("The request expires: there is nothing to do."))
    return Step(_("Accept %(name)s's request") % {"name": other}, url=_act(booking, "accept"), post=True,
                action="accept", note=_("A note for %(name)s (optional)") % {"name": other},
                detail=_("Answer by %(when)s; after that the request expires.") % {"when": when})


def _accepted(booking: Booking, is_client: bool, other: str) -> Step:
    """Reached once the escrow is funded (payments answers before that)."""
    today = timezone.localdate()
    if is_client:
        if today < booking.start_date:
            return Step(_("%(name)s starts on %(date)s") % {"name": other, "date": _day(booking.start_date)},
                        detail=_("You can cancel until the day before."))
        return Step(_("Waiting for %(name)s to start the work") % {"name": other},
                    detail=_("The money is in escrow; you approve the hours %(name)s logs once the work has "
                             "started.") % {"name": other})
    blockers = tuple(start_blockers(booking, today=today))
    if not blockers:
        return Step(_("Start work for %(name)s") % {"name": other}, url=_act(booking, "start"), post=True,
                    action="start", detail=_("You log your time once the work has started."))
    if today < booking.start_date:
        return Step(_("You start on %(date)s") % {"date": _day(booking.start_date)}, points=blockers)
    return Step(_("The work cannot start yet"), points=blockers)


def _submitted_week(booking: Booking):
    """The earliest week with time waiting for the client: its Monday, logs and minutes."""
    first = booking.time_logs.filter(status=LogStatus.SUBMITTED).aggregate(day=Min("date"))["day"]
    if first is None:
        return None
    monday = first - datetime.timedelta(days=first.weekday())
    week = booking.time_logs.filter(status=LogStatus.SUBMITTED, date__range=(monday, monday
                                                                               + datetime.timedelta(days=6)))
    return monday, week.aggregate(count=Count("pk"), minutes=Sum("minutes"))


def _in_progress(booking: Booking, is_client: bool, other: str) -> Step:
    closes = None
    if booking.done_at:
        closes = _day(booking.done_at + datetime.timedelta(days=settings.BOOKING_COMPLETION_REVIEW_DAYS))
    if is_client:
        return _client_in_progress(booking, other, closes)
    if booking.done_at:
        return Step(_("Waiting for %(name)s to confirm the work is done") % {"name": other},
                    detail=_("Without an answer the booking completes by itself on %(date)s.") % {"date": closes})
    time_url = reverse("bookings:time", args=[booking.pk])
    unsent = booking.time_logs.filter(status__in=TimeLog.EDITABLE).aggregate(minutes=Sum("minutes"))["minutes"]
    if unsent:
        hours = _hours(unsent)
        return Step(ngettext("Send your %(hours)s hour to %(name)s for approval",
                             "Send your %(hours)s hours to %(name)s for approval", _plural(hours))
                    % {"hours": hours, "name": other},
                    url=reverse("bookings:time_submit", args=[booking.pk]), post=True,
                    detail=_("Your drafts wait on your time page until you send them."),
                    links=((_("Log more hours"), time_url),))
    return Step(_("Log your hours"), url=time_url,
                detail=_("Log your time as you go and send it to %(name)s for approval; mark the work as done "
                         "when it is finished.") % {"name": other})


def _client_in_progress(booking: Booking, other: str, closes: str | None) -> Step:
    submitted = _submitted_week(booking)
    if submitted:
        monday, week = submitted
        label = monday.strftime("%G-W%V")
        hours = _hours(week["minutes"])
        sunday = monday + datetime.timedelta(days=6)
        return Step(
            ngettext("Approve %(name)s's %(hours)s hour for week %(week)s",
                     "Approve %(name)s's %(hours)s hours for week %(week)s", _plural(hours))
            % {"name": other, "hours": hours, "week": monday.isocalendar().week},
            url=reverse("bookings:timesheet_approve", args=[booking.pk]), post=True, fields=(("week", label),),
            detail=ngettext("%(count)s time log from %(start)s to %(end)s waits for you.",
                            "%(count)s time logs from %(start)s to %(end)s wait for you.", week["count"])
            % {"count": week["count"], "start": _day(monday), "end": _day(sunday)},
            links=((_("See the week first"), f"{reverse('bookings:timesheet', args=[booking.pk])}?week={label}"),))
    if booking.done_at:
        return Step(_("Confirm %(name)s's work is done") % {"name": other}, url=_act(booking, "confirm"),
                    post=True, action="confirm",
                    detail=_("%(name)s marked the work as done. Confirm it, or open a dispute below if something "
                             "is wrong; without an answer the booking completes by itself on %(date)s.")
                    % {"name": other, "date": closes})
    return Step(_("Waiting for %(name)s's hours") % {"name": other},
                detail=_("%(name)s logs the time as the work goes, and you approve it here week by week.")
                % {"name": other})


def _completed(booking: Booking, is_client: bool, other: str) -> Step:
    return Step(_("The booking is completed"), detail=_("Thank you for working through Valund."))


def _disputed(booking: Booking, is_client: bool, other: str) -> Step:
    return Step(_("Valund is looking into the dispute"),
                detail=_("Valund's staff contact you both; the money stays in escrow until the dispute is decided. "
                         "You can still write to each other below."))


def _elsewhere(detail: str) -> Step:
    return Step(_("Find another freelancer"), url=directory_url(), detail=detail)


def _cancelled(booking: Booking, is_client: bool, other: str) -> Step:
    return Step(_("The booking is cancelled"),
                detail=_("Nothing more happens on it: anything paid into escrow goes back to the client."))


def _declined(booking: Booking, is_client: bool, other: str) -> Step:
    if is_client:
        return _elsewhere(_("%(name)s declined your request.") % {"name": other})
    return Step(_("You declined this request"), detail=_("Nothing more happens on it."))


def _expired(booking: Booking, is_client: bool, other: str) -> Step:
    if is_client:
        return _elsewhere(_("%(name)s did not answer in time, so the request expired.") % {"name": other})
    return Step(_("The request expired before you answered"), detail=_("Nothing more happens on it."))


STATES = {
    Status.PENDING: _pending, Status.ACCEPTED: _accepted, Status.IN_PROGRESS: _in_progress,
    Status.COMPLETED: _completed, Status.DISPUTED: _disputed, Status.CANCELLED: _cancelled,
    Status.DECLINED: _declined, Status.EXPIRED: _expired,
}
