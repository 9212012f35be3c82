"""Every change to a booking, its time logs, files and messages.

Each transition locks the booking row, checks who may act and from which state, writes its
timeline entry (BookingApproval) in the same transaction, tells the other party, and refuses
anything else with a message the user can act on. Other apps attach to the lifecycle through
`START_CHECKS` (a booking cannot start while one of them objects: payments adds "the escrow is
funded") and the `booking_changed` signal."""

import datetime
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.accounts.models import Profile, User
from marketplace.core.errors import DomainError, InvalidTransition, PermissionDenied
from marketplace.core.files import check_document
from marketplace.core.money import format_money
from marketplace.core.storage import private_storage, store_private
from marketplace.notifications.models import Kind
from marketplace.notifications.services import notify
from marketplace.passport.models import CompetenceDocument, CompetenceTemplate

from .models import MAX_EXPECTED_HOURS, Attachment, Booking, BookingApproval, Message, TimeLog
from .signals import booking_changed

Status = Booking.Status
Action = BookingApproval.Action
LogStatus = TimeLog.Status

MAX_BOOKING_DAYS = 366
MAX_DAYS_AHEAD = 2 * 366
MAX_FIXED_PRICE = 100_000_000  # minor units: a million SEK or EUR
MAX_ATTACHMENTS = 20
MAX_MESSAGE_LENGTH = 5000
VIEW_PERMISSION = "bookings.view_booking"

# Functions that may object to a booking starting: each returns a reason or None.
START_CHECKS: list[Callable[[Booking], str | None]] = []


# --- Who may see and do what -------------------------------------------------------------------


def can_view(user, booking: Booking) -> bool:
    """The two parties, and staff who may look at bookings (support, disputes)."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return booking.is_party(user) or user.has_perm(VIEW_PERMISSION)


def _require_freelancer(actor, booking) -> None:
    if actor.pk != booking.freelancer_id:
        raise PermissionDenied(_("Only the freelancer of this booking can do this."))


def _require_client(actor, booking) -> None:
    if actor.pk != booking.client_id:
        raise PermissionDenied(_("Only the client of this booking can do this."))


def _require_party(actor, booking) -> None:
    if not booking.is_party(actor):
        raise PermissionDenied(_("Only the two parties of this booking can do this."))


# --- Internals ---------------------------------------------------------------------------------


def _lock(booking: Booking) -> Booking:
    return Booking.objects.select_for_update().get(pk=booking.pk)


def _move(booking: Booking, to: str) -> str:
    current = booking.status
    if to not in Booking.TRANSITIONS[current]:
        raise InvalidTransition(
            _("This booking is “%(current)s”, so it cannot become “%(target)s”. Reload the page to see "
              "what happened.") % {"current": Status(current).label, "target": Status(to).label},
            code="transition",
        )
    booking.status = to
    return current


def _record(booking, *, action, actor=None, from_status="", to_status="", comment="") -> BookingApproval:
    entry = BookingApproval.objects.create(
        booking=booking, actor=actor, action=action, from_status=from_status, to_status=to_status, comment=comment,
    )
    if from_status != to_status or action == Action.REQUESTED:
        booking_changed.send(sender=Booking, booking=booking, action=action, from_status=from_status,
                             to_status=to_status, actor=actor)
    return entry


def _name(user_id) -> str:
    return Profile.objects.filter(user_id=user_id).values_list("display_name", flat=True).first() or _("A member")


def _tell(recipient_id, booking, *, kind, event, title, body=""):
    recipient = User.objects.get(pk=recipient_id)
    return notify(recipient=recipient, kind=kind, event_key=f"booking:{booking.pk}:{event}", title=title,
                  body=body, url=booking.get_absolute_url())


def _other_party(booking, actor_id):
    return booking.freelancer_id if actor_id == booking.client_id else booking.client_id


def _clean_text(value: str, *, limit: int, field: str, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise DomainError(_("This field is required."), code=field)
    if len(value) > limit:
        raise DomainError(_("Keep it to %(limit)s characters (it has %(count)s).") % {"limit": limit,
                                                                                       "count": len(value)},
                          code=field)
    return value


def hours_text(hours: Decimal) -> str:
    """16.00 → "16", 7.50 → "7.5" (Decimal.normalize would write 60 as "6E+1")."""
    text = f"{Decimal(hours):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _end_of_day(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59)))


# --- Credentials -------------------------------------------------------------------------------


def missing_documents(booking: Booking) -> list[CompetenceTemplate]:
    """Required document types the freelancer does not hold approved and valid until the end."""
    required = list(booking.required_documents.all())
    if not required:
        return []
    held = set(
        CompetenceDocument.objects.valid_on(booking.end_date)
        .filter(owner_id=booking.freelancer_id, template__in=required)
        .values_list("template_id", flat=True)
    )
    return [template for template in required if template.pk not in held]


def _check_documents(booking: Booking) -> None:
    missing = missing_documents(booking)
    if missing:
        names = ", ".join(template.name for template in missing)
        raise DomainError(
            _("This booking requires documents that are not approved and valid until %(end)s: %(names)s. "
              "Upload or renew them in your competence passport first.")
            % {"end": booking.end_date.isoformat(), "names": names},
            code="documents",
        )


def suggested_documents(skills: Iterable) -> list[CompetenceTemplate]:
    """Document types that go with the chosen skills: the request form ticks them for the client."""
    return list(CompetenceTemplate.objects.filter(is_active=True, skills__in=list(skills)).distinct().order_by("name"))


# --- The request -------------------------------------------------------------------------------


def _check_request_dates(start_date, end_date, today) -> None:
    if start_date < today:
        raise DomainError(_("The start date is in the past."), code="start_date")
    if end_date < start_date:
        raise DomainError(_("The end date is before the start date."), code="end_date")
    if (end_date - start_date).days + 1 > MAX_BOOKING_DAYS:
        raise DomainError(_("A booking can last at most a year; split longer work into several bookings."),
                          code="end_date")
    if (start_date - today).days > MAX_DAYS_AHEAD:
        raise DomainError(_("Bookings can start at most two years ahead."), code="start_date")


def _check_hours(expected_hours, start_date, end_date) -> Decimal:
    try:
        hours = Decimal(str(expected_hours)).quantize(Decimal("0.01"))
        if not hours.is_finite():  # "NaN" parses, then refuses every comparison
            raise InvalidOperation
    except (InvalidOperation, TypeError) as exc:
        raise DomainError(_("Enter the expected hours as a number, such as 16 or 7.5."), code="expected_hours") from exc
    days = (end_date - start_date).days + 1
    if hours < Decimal("0.25"):
        raise DomainError(_("Expect at least a quarter of an hour of work."), code="expected_hours")
    if hours > min(MAX_EXPECTED_HOURS, Decimal(days * 24)):
        raise DomainError(
            _("%(hours)s hours do not fit in %(days)s days. Check the hours or the dates.")
            % {"hours": hours_text(hours), "days": days},
            code="expected_hours",
        )
    return hours


def booking_request(
    *, client: User, freelancer: User, title: str, description: str, start_date: datetime.date,
    end_date: datetime.date, expected_hours, location: str = Booking.Location.REMOTE, address: str = "",
    pricing: str = Booking.Pricing.HOURLY, hourly_rate: int | None = None, fixed_price: int | None = None,
    priority: str = Booking.Priority.NORMAL, skills=(), required_documents=(), attachments=(),
) -> Booking:
    """A verified client asks a public freelancer for work. The request waits for an answer until
    BOOKING_REQUEST_EXPIRY_DAYS have passed (or the start date, if that comes first)."""
    if client.pk == freelancer.pk:
        raise DomainError(_("You cannot book yourself."), code="self")
    if client.role != User.Role.CLIENT:
        raise PermissionDenied(_("Only client accounts can book freelancers."), code="role")
    if not client.email_verified:
        raise PermissionDenied(_("Confirm your email address before you book anyone."), code="unverified")
    profile = Profile.objects.select_related("user").get(user=freelancer)
    if not profile.is_public:
        raise DomainError(_("This freelancer cannot be booked right now."), code="freelancer")
    today = timezone.localdate()
    title = _clean_text(title, limit=160, field="title")
    description = _clean_text(description, limit=10000, field="description")
    _check_request_dates(start_date, end_date, today)
    hours = _check_hours(expected_hours, start_date, end_date)
    if location not in Booking.Location.values:
        raise DomainError(_("Choose on site or remote."), code="location")
    address = (address or "").strip()[:300]
    if location == Booking.Location.ON_SITE and not address:
        raise DomainError(_("Enter the address of the site."), code="address")
    if location == Booking.Location.REMOTE:
        address = ""
    if priority not in Booking.Priority.values:
        raise DomainError(_("Choose a priority."), code="priority")
    if pricing == Booking.Pricing.HOURLY:
        hourly_rate = hourly_rate or profile.hourly_rate
        if not hourly_rate or hourly_rate <= 0:
            raise DomainError(_("This freelancer has not set an hourly rate: propose one, or agree a fixed price."),
                              code="hourly_rate")
        if hourly_rate > MAX_FIXED_PRICE:
            raise DomainError(_("That hourly rate is not plausible."), code="hourly_rate")
        fixed_price = None
    elif pricing == Booking.Pricing.FIXED:
        if not fixed_price or fixed_price <= 0:
            raise DomainError(_("Enter the fixed price."), code="fixed_price")
        if fixed_price > MAX_FIXED_PRICE:
            raise DomainError(_("Bookings above %(limit)s need to be arranged with Valund.")
                              % {"limit": format_money(MAX_FIXED_PRICE, profile.currency)}, code="fixed_price")
        hourly_rate = None
    else:
        raise DomainError(_("Choose hourly or fixed price."), code="pricing")
    skills = list(skills)
    own_skills = set(profile.skills.values_list("skill_id", flat=True))
    if any(skill.pk not in own_skills for skill in skills):
        raise DomainError(_("Choose among the skills this freelancer offers."), code="skills")
    required_documents = list(required_documents)
    if any(not template.is_active for template in required_documents):
        raise DomainError(_("One of the required document types can no longer be chosen."), code="required_documents")
    attachments = list(attachments)
    if len(attachments) > MAX_ATTACHMENTS:
        raise DomainError(_("Attach at most %(count)s files.") % {"count": MAX_ATTACHMENTS}, code="attachments")
    checked = [(upload, check_document(upload)) for upload in attachments]

    now = timezone.now()
    expires_at = min(now + datetime.timedelta(days=settings.BOOKING_REQUEST_EXPIRY_DAYS), _end_of_day(start_date))
    stored: list[str] = []
    try:
        with transaction.atomic():
            booking = Booking.objects.create(
                client=client, freelancer=freelancer, title=title, description=description,
                start_date=start_date, end_date=end_date, location=location, address=address,
                expected_hours=hours, pricing=pricing, hourly_rate=hourly_rate, fixed_price=fixed_price,
                currency=profile.currency, priority=priority, expires_at=expires_at,
            )
            booking.skills.set(skills)
            booking.required_documents.set(required_documents)
            for upload, check in checked:
                stored.append(_store_attachment(booking=booking, actor=client, upload=upload, checked=check))
            _record(booking, action=Action.REQUESTED, actor=client, to_status=Status.PENDING)
            _tell(freelancer.pk, booking, kind=Kind.BOOKING_REQUESTED, event="requested",
                  title=_("%(name)s asked to book you: %(title)s") % {"name": _name(client.pk), "title": title},
                  body=_("%(start)s to %(end)s, about %(hours)s hours. Answer before %(expires)s.")
                  % {"start": start_date.isoformat(), "end": end_date.isoformat(), "hours": hours_text(hours),
                     "expires": timezone.localtime(expires_at).strftime("%Y-%m-%d %H:%M")})
    except BaseException:
        for name in stored:
            private_storage().delete(name)
        raise
    return booking


# --- Answers and the lifecycle -----------------------------------------------------------------


@transaction.atomic
def booking_accept(*, actor: User, booking: Booking, comment: str = "") -> Booking:
    """The freelancer says yes. Refused when the request has expired or a required document is
    missing; an accept racing the client's cancel: whichever locks the row first wins."""
    booking = _lock(booking)
    _require_freelancer(actor, booking)
    if booking.status == Status.PENDING and booking.expires_at <= timezone.now():
        raise InvalidTransition(_("This request has expired; the client can send a new one."), code="expired")
    previous = _move(booking, Status.ACCEPTED)
    _check_documents(booking)
    booking.answered_at = timezone.now()
    booking.save(update_fields=["status", "answered_at", "updated_at"])
    comment = _clean_text(comment, limit=2000, field="comment", required=False)
    _record(booking, action=Action.ACCEPTED, actor=actor, from_status=previous, to_status=booking.status,
            comment=comment)
    _tell(booking.client_id, booking, kind=Kind.BOOKING_ACCEPTED, event="accepted",
          title=_("%(name)s accepted your booking: %(title)s") % {"name": _name(actor.pk), "title": booking.title},
          body=comment)
    return booking


@transaction.atomic
def booking_decline(*, actor: User, booking: Booking, reason: str) -> Booking:
    booking = _lock(booking)
    _require_freelancer(actor, booking)
    reason = _clean_text(reason, limit=2000, field="reason")
    previous = _move(booking, Status.DECLINED)
    booking.answered_at = timezone.now()
    booking.closed_reason = reason
    booking.save(update_fields=["status", "answered_at", "closed_reason", "updated_at"])
    _record(booking, action=Action.DECLINED, actor=actor, from_status=previous, to_status=booking.status,
            comment=reason)
    _tell(booking.client_id, booking, kind=Kind.BOOKING_DECLINED, event="declined",
          title=_("%(name)s declined your booking: %(title)s") % {"name": _name(actor.pk), "title": booking.title},
          body=reason)
    return booking


@transaction.atomic
def booking_cancel(*, actor: User, booking: Booking, reason: str = "") -> Booking:
    """The client withdraws a request, or an accepted booking before its start date."""
    booking = _lock(booking)
    _require_client(actor, booking)
    if booking.status == Status.ACCEPTED and timezone.localdate() >= booking.start_date:
        raise InvalidTransition(_("The work has already started; if something went wrong, open a dispute."),
                                code="started")
    reason = _clean_text(reason, limit=2000, field="reason", required=False)
    previous = _move(booking, Status.CANCELLED)
    booking.closed_reason = reason
    booking.save(update_fields=["status", "closed_reason", "updated_at"])
    _record(booking, action=Action.CANCELLED, actor=actor, from_status=previous, to_status=booking.status,
            comment=reason)
    _tell(booking.freelancer_id, booking, kind=Kind.BOOKING_CANCELLED, event="cancelled",
          title=_("%(name)s cancelled the booking: %(title)s") % {"name": _name(actor.pk), "title": booking.title},
          body=reason)
    return booking


@transaction.atomic
def booking_expire(*, booking: Booking, now: datetime.datetime | None = None) -> bool:
    """The periodic task: a request nobody answered in time. Returns whether it expired."""
    now = now or timezone.now()
    booking = _lock(booking)
    if booking.status != Status.PENDING or booking.expires_at > now:
        return False
    previous = _move(booking, Status.EXPIRED)
    booking.save(update_fields=["status", "updated_at"])
    _record(booking, action=Action.EXPIRED, from_status=previous, to_status=booking.status)
    for recipient in (booking.client_id, booking.freelancer_id):
        _tell(recipient, booking, kind=Kind.BOOKING_EXPIRED, event="expired",
              title=_("The booking request “%(title)s” expired unanswered") % {"title": booking.title})
    return True


def start_blockers(booking: Booking, *, today: datetime.date | None = None) -> list[str]:
    """Why an accepted booking cannot start yet (empty when it can)."""
    today = today or timezone.localdate()
    reasons = []
    if today < booking.start_date:
        reasons.append(_("The booking starts on %(date)s.") % {"date": booking.start_date.isoformat()})
    missing = missing_documents(booking)
    if missing:
        reasons.append(_("Required documents are missing: %(names)s.")
                       % {"names": ", ".join(t.name for t in missing)})
    for check in START_CHECKS:
        reason = check(booking)
        if reason:
            reasons.append(reason)
    return reasons


@transaction.atomic
def booking_start(*, booking: Booking, actor: User | None = None, today: datetime.date | None = None) -> Booking:
    """Work begins: by the freelancer, or by the periodic task on the start date. Refused until
    the start date and while any start check (documents, and the escrow once payments exist)
    objects."""
    booking = _lock(booking)
    if actor is not None:
        _require_freelancer(actor, booking)
    previous = _move(booking, Status.IN_PROGRESS)
    blockers = start_blockers(booking, today=today)
    if blockers:
        raise DomainError(" ".join(blockers), code="start")
    booking.started_at = timezone.now()
    booking.save(update_fields=["status", "started_at", "updated_at"])
    _record(booking, action=Action.STARTED, actor=actor, from_status=previous, to_status=booking.status)
    _tell(booking.client_id, booking, kind=Kind.BOOKING_STARTED, event="started",
          title=_("Work started on “%(title)s”") % {"title": booking.title})
    return booking


def _unsettled_time(booking) -> dict:
    counts = {LogStatus.DRAFT: 0, LogStatus.SUBMITTED: 0}
    for status in booking.time_logs.filter(status__in=counts).values_list("status", flat=True):
        counts[status] += 1
    return counts


@transaction.atomic
def booking_mark_done(*, actor: User, booking: Booking) -> Booking:
    """The freelancer says the work is finished; the client confirms or the review period runs."""
    booking = _lock(booking)
    _require_freelancer(actor, booking)
    if booking.status != Status.IN_PROGRESS:
        raise InvalidTransition(_("Only work in progress can be marked as done."), code="transition")
    if booking.done_at is not None:
        raise InvalidTransition(_("You already marked this work as done."), code="done")
    if _unsettled_time(booking)[LogStatus.DRAFT]:
        raise DomainError(_("Submit or delete your draft time logs first."), code="drafts")
    booking.done_at = timezone.now()
    booking.save(update_fields=["done_at", "updated_at"])
    _record(booking, action=Action.MARKED_DONE, actor=actor, from_status=booking.status, to_status=booking.status)
    days = settings.BOOKING_COMPLETION_REVIEW_DAYS
    _tell(booking.client_id, booking, kind=Kind.BOOKING_DONE, event="done",
          title=_("%(name)s marked “%(title)s” as done") % {"name": _name(actor.pk), "title": booking.title},
          body=_("Confirm the completion, or open a dispute if something is wrong. Without an answer the "
                 "booking completes by itself in %(days)s days.") % {"days": days})
    return booking


def _complete(booking, *, actor, action) -> Booking:
    previous = _move(booking, Status.COMPLETED)
    if booking.done_at is None:
        raise InvalidTransition(_("The freelancer has not marked this work as done yet."), code="not_done")
    waiting = _unsettled_time(booking)
    if waiting[LogStatus.SUBMITTED] or waiting[LogStatus.DRAFT]:
        raise DomainError(_("Some time is still waiting for approval: approve or reject it first."), code="time")
    booking.completed_at = timezone.now()
    booking.save(update_fields=["status", "completed_at", "updated_at"])
    _record(booking, action=action, actor=actor, from_status=previous, to_status=booking.status)
    for recipient in (booking.client_id, booking.freelancer_id):
        _tell(recipient, booking, kind=Kind.BOOKING_COMPLETED, event="completed",
              title=_("“%(title)s” is completed") % {"title": booking.title})
    return booking


@transaction.atomic
def booking_confirm(*, actor: User, booking: Booking) -> Booking:
    booking = _lock(booking)
    _require_client(actor, booking)
    return _complete(booking, actor=actor, action=Action.CONFIRMED)


@transaction.atomic
def booking_auto_complete(*, booking: Booking, now: datetime.datetime | None = None) -> bool:
    """The periodic task: work marked done that the client neither confirmed nor disputed
    within BOOKING_COMPLETION_REVIEW_DAYS. Waits while time is still waiting for approval."""
    now = now or timezone.now()
    booking = _lock(booking)
    deadline = now - datetime.timedelta(days=settings.BOOKING_COMPLETION_REVIEW_DAYS)
    if booking.status != Status.IN_PROGRESS or booking.done_at is None or booking.done_at > deadline:
        return False
    if any(_unsettled_time(booking).values()):
        return False
    _complete(booking, actor=None, action=Action.AUTO_COMPLETED)
    return True


@transaction.atomic
def booking_dispute(*, actor: User, booking: Booking, reason: str) -> Booking:
    """Either party disputes work in progress or completed; staff take it from there."""
    booking = _lock(booking)
    _require_party(actor, booking)
    reason = _clean_text(reason, limit=5000, field="reason")
    window = datetime.timedelta(days=settings.BOOKING_DISPUTE_WINDOW_DAYS)
    if booking.status == Status.COMPLETED and booking.completed_at and booking.completed_at + window < timezone.now():
        raise InvalidTransition(_("Completed bookings can be disputed for %(days)s days; contact Valund support.")
                                % {"days": settings.BOOKING_DISPUTE_WINDOW_DAYS}, code="window")
    previous = _move(booking, Status.DISPUTED)
    booking.closed_reason = reason
    booking.save(update_fields=["status", "closed_reason", "updated_at"])
    _record(booking, action=Action.DISPUTED, actor=actor, from_status=previous, to_status=booking.status,
            comment=reason)
    _tell(_other_party(booking, actor.pk), booking, kind=Kind.BOOKING_DISPUTED, event="disputed",
          title=_("%(name)s disputed “%(title)s”") % {"name": _name(actor.pk), "title": booking.title},
          body=reason)
    return booking


# --- Time logs ---------------------------------------------------------------------------------


def _minutes_between(start: datetime.time, end: datetime.time) -> int:
    return (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)


def _trim(value: datetime.time | None) -> datetime.time | None:
    """Time logs count whole minutes: seconds a client sent are dropped before anything else."""
    return value.replace(second=0, microsecond=0) if value is not None else None


def _validate_log(*, booking, freelancer_id, date, start_time, end_time, minutes, exclude_pk=None) -> int:
    """The rules every time log follows (start and end already trimmed); returns its minutes."""
    now = timezone.localtime()
    if (start_time is None) != (end_time is None):
        raise DomainError(_("Enter both the start and the end time, or only a duration."), code="end_time")
    if start_time is not None:
        start_time, end_time = start_time.replace(second=0, microsecond=0), end_time.replace(second=0, microsecond=0)
        if end_time <= start_time:
            raise DomainError(_("The end time must be after the start time."), code="end_time")
        computed = _minutes_between(start_time, end_time)
        if minutes and minutes != computed:
            raise DomainError(_("The duration does not match the times (%(minutes)s minutes). Leave it empty to "
                                "use the times.") % {"minutes": computed}, code="minutes")
        minutes = computed
    if not minutes or minutes <= 0:
        raise DomainError(_("Enter a duration of more than zero minutes."), code="minutes")
    if minutes > 24 * 60:
        raise DomainError(_("A day has 24 hours."), code="minutes")
    if date > now.date() or (date == now.date() and end_time is not None and end_time > now.time()):
        raise DomainError(_("You cannot log time in the future."), code="date")
    if date == now.date() and end_time is None and minutes > now.hour * 60 + now.minute:
        raise DomainError(_("Only %(minutes)s minutes of today have passed: log the rest when it is done.")
                          % {"minutes": now.hour * 60 + now.minute}, code="minutes")
    if not booking.start_date <= date <= booking.end_date:
        raise DomainError(_("Log time between the booking's dates, %(start)s to %(end)s.")
                          % {"start": booking.start_date.isoformat(), "end": booking.end_date.isoformat()},
                          code="date")
    same_day = TimeLog.objects.filter(freelancer_id=freelancer_id, date=date).exclude(status=LogStatus.REJECTED)
    if exclude_pk is not None:
        same_day = same_day.exclude(pk=exclude_pk)
    logged = same_day.aggregate(total=Sum("minutes"))["total"] or 0
    if logged + minutes > 24 * 60:
        hours = (Decimal(logged + minutes) / 60).quantize(Decimal("0.01"))
        raise DomainError(_("That would make %(hours)s hours on %(date)s, more than a day has.")
                          % {"hours": hours, "date": date.isoformat()}, code="minutes")
    if start_time is not None:
        clash = same_day.filter(start_time__lt=end_time, end_time__gt=start_time).select_related("booking").first()
        if clash is not None:
            raise DomainError(
                _("This overlaps time you already logged on %(date)s from %(start)s to %(end)s (%(title)s).")
                % {"date": date.isoformat(), "start": clash.start_time.strftime("%H:%M"),
                   "end": clash.end_time.strftime("%H:%M"), "title": clash.booking.title},
                code="start_time",
            )
    return minutes


def _lock_freelancer(user_id) -> None:
    """Time logs of one freelancer are written one at a time, so two tabs cannot both slip past
    the overlap and 24-hour checks."""
    User.objects.select_for_update().filter(pk=user_id).values_list("pk", flat=True).first()


@transaction.atomic
def timelog_create(
    *, actor: User, booking: Booking, date: datetime.date, description: str, minutes: int | None = None,
    start_time: datetime.time | None = None, end_time: datetime.time | None = None,
) -> TimeLog:
    booking = Booking.objects.get(pk=booking.pk)
    _require_freelancer(actor, booking)
    if booking.status != Status.IN_PROGRESS:
        raise InvalidTransition(_("Time can be logged only while the booking is in progress."), code="status")
    if booking.done_at is not None:
        raise InvalidTransition(_("You marked this work as done, so no more time can be logged on it."),
                                code="done")
    description = _clean_text(description, limit=500, field="description")
    _lock_freelancer(actor.pk)
    start_time, end_time = _trim(start_time), _trim(end_time)
    minutes = _validate_log(booking=booking, freelancer_id=actor.pk, date=date, start_time=start_time,
                            end_time=end_time, minutes=minutes)
    return TimeLog.objects.create(booking=booking, freelancer=actor, date=date, start_time=start_time,
                                  end_time=end_time, minutes=minutes, description=description)


def _lock_log(log: TimeLog) -> TimeLog:
    return TimeLog.objects.select_for_update().select_related("booking").get(pk=log.pk)


@transaction.atomic
def timelog_update(
    *, actor: User, log: TimeLog, date: datetime.date, description: str, minutes: int | None = None,
    start_time: datetime.time | None = None, end_time: datetime.time | None = None,
) -> TimeLog:
    """Drafts and rejected logs can be changed; submitted and approved ones cannot."""
    _lock_freelancer(actor.pk)
    log = _lock_log(log)
    if actor.pk != log.freelancer_id:
        raise PermissionDenied(_("Only the freelancer who logged this time can change it."))
    if log.status not in TimeLog.EDITABLE:
        raise InvalidTransition(_("This time is “%(status)s” and can no longer be changed.")
                                % {"status": LogStatus(log.status).label}, code="locked")
    if log.booking.status != Status.IN_PROGRESS:
        raise InvalidTransition(_("Time can be changed only while the booking is in progress."), code="status")
    log.description = _clean_text(description, limit=500, field="description")
    start_time, end_time = _trim(start_time), _trim(end_time)
    log.minutes = _validate_log(booking=log.booking, freelancer_id=actor.pk, date=date, start_time=start_time,
                                end_time=end_time, minutes=minutes, exclude_pk=log.pk)
    log.date, log.start_time, log.end_time = date, start_time, end_time
    log.save()
    return log


@transaction.atomic
def timelog_delete(*, actor: User, log: TimeLog) -> None:
    log = _lock_log(log)
    if actor.pk != log.freelancer_id:
        raise PermissionDenied(_("Only the freelancer who logged this time can delete it."))
    if log.status not in TimeLog.EDITABLE:
        raise InvalidTransition(_("Submitted and approved time cannot be deleted."), code="locked")
    log.delete()


@transaction.atomic
def timelogs_submit(*, actor: User, booking: Booking, log_ids: Iterable[int] | None = None) -> int:
    """Send drafts (and corrected rejected logs) to the client for approval; all of them, or the
    given ones. Returns how many were submitted; the client hears of it once per submission."""
    booking = _lock(booking)
    _require_freelancer(actor, booking)
    if booking.status != Status.IN_PROGRESS:
        raise InvalidTransition(_("Time can be submitted only while the booking is in progress."), code="status")
    _lock_freelancer(actor.pk)  # before the logs, in the same order as timelog_update
    logs = booking.time_logs.select_for_update().filter(status__in=TimeLog.EDITABLE)
    if log_ids is not None:
        logs = logs.filter(pk__in=list(log_ids))
    logs = list(logs)
    if not logs:
        raise DomainError(_("There is no time to submit."), code="empty")
    for log in logs:
        if log.status == LogStatus.REJECTED:
            # Rejected time stops counting, so its hours may have been logged again since.
            _validate_log(booking=booking, freelancer_id=actor.pk, date=log.date, start_time=log.start_time,
                          end_time=log.end_time, minutes=log.minutes, exclude_pk=log.pk)
            TimeLog.objects.filter(pk=log.pk).update(status=LogStatus.SUBMITTED)  # counts for the next one
    now = timezone.now()
    for log in logs:
        log.status, log.submitted_at, log.rejection_reason, log.reminded_at = LogStatus.SUBMITTED, now, "", None
    TimeLog.objects.bulk_update(logs, ["status", "submitted_at", "rejection_reason", "reminded_at", "updated_at"])
    minutes = sum(log.minutes for log in logs)
    _tell(booking.client_id, booking, kind=Kind.TIME_SUBMITTED, event=f"time_submitted:{min(log.pk for log in logs)}"
          f":{now.timestamp():.0f}",
          title=_("%(name)s submitted %(hours)s hours on “%(title)s”")
          % {"name": _name(actor.pk), "hours": (Decimal(minutes) / 60).quantize(Decimal("0.01")),
             "title": booking.title},
          body=_("Approve or reject it within %(days)s days; after that it is approved automatically.")
          % {"days": settings.TIMELOG_AUTO_APPROVE_DAYS})
    return len(logs)


def _decide_logs(booking, logs, *, actor, approve: bool, reason: str = "", auto: bool = False) -> int:
    now = timezone.now()
    for log in logs:
        log.status = LogStatus.APPROVED if approve else LogStatus.REJECTED
        log.decided_at, log.decided_by, log.auto_approved = now, actor, auto
        log.rejection_reason = "" if approve else reason
    TimeLog.objects.bulk_update(logs, ["status", "decided_at", "decided_by", "auto_approved", "rejection_reason",
                                       "updated_at"])
    if logs:
        minutes = sum(log.minutes for log in logs)
        hours = (Decimal(minutes) / 60).quantize(Decimal("0.01"))
        first = min(log.pk for log in logs)
        if approve:
            title = _("%(hours)s hours approved on “%(title)s”") % {"hours": hours, "title": booking.title}
            _tell(booking.freelancer_id, booking, kind=Kind.TIME_APPROVED,
                  event=f"time_approved:{first}:{now.timestamp():.0f}", title=title,
                  body=_("Approved automatically: the client did not answer in time.") if auto else "")
        else:
            _tell(booking.freelancer_id, booking, kind=Kind.TIME_REJECTED,
                  event=f"time_rejected:{first}:{now.timestamp():.0f}",
                  title=_("%(hours)s hours rejected on “%(title)s”") % {"hours": hours, "title": booking.title},
                  body=reason)
    return len(logs)


def _client_decision_allowed(booking, actor) -> None:
    _require_client(actor, booking)
    if booking.status != Status.IN_PROGRESS:
        raise InvalidTransition(_("Time can be approved only while the booking is in progress."), code="status")


@transaction.atomic
def timelog_approve(*, actor: User, log: TimeLog) -> TimeLog:
    booking = _lock(log.booking)
    _client_decision_allowed(booking, actor)
    log = _lock_log(log)
    if log.status != LogStatus.SUBMITTED:
        raise InvalidTransition(_("Only submitted time can be approved (this is “%(status)s”).")
                                % {"status": LogStatus(log.status).label}, code="transition")
    _decide_logs(booking, [log], actor=actor, approve=True)
    return log


@transaction.atomic
def timelog_reject(*, actor: User, log: TimeLog, reason: str) -> TimeLog:
    booking = _lock(log.booking)
    _client_decision_allowed(booking, actor)
    reason = _clean_text(reason, limit=2000, field="reason")
    log = _lock_log(log)
    if log.status != LogStatus.SUBMITTED:
        raise InvalidTransition(_("Only submitted time can be rejected (this is “%(status)s”).")
                                % {"status": LogStatus(log.status).label}, code="transition")
    _decide_logs(booking, [log], actor=actor, approve=False, reason=reason)
    return log


@transaction.atomic
def timesheet_approve_week(*, actor: User, booking: Booking, week_start: datetime.date) -> int:
    """Approve every submitted log of the week Monday `week_start` to Sunday at once."""
    booking = _lock(booking)
    _client_decision_allowed(booking, actor)
    if week_start.weekday() != 0:
        raise DomainError(_("A week starts on a Monday."), code="week")
    week_end = week_start + datetime.timedelta(days=6)
    logs = list(booking.time_logs.select_for_update().filter(status=LogStatus.SUBMITTED,
                                                             date__range=(week_start, week_end)))
    if not logs:
        raise DomainError(_("No time is waiting for approval in that week."), code="empty")
    count = _decide_logs(booking, logs, actor=actor, approve=True)
    hours = (Decimal(sum(log.minutes for log in logs)) / 60).quantize(Decimal("0.01"))
    _record(booking, action=Action.WEEK_APPROVED, actor=actor, from_status=booking.status, to_status=booking.status,
            comment=_("Week %(week)s: %(count)s logs, %(hours)s hours")
            % {"week": week_start.strftime("%G-W%V"), "count": count, "hours": hours})
    return count


@transaction.atomic
def timelog_auto_approve(*, log: TimeLog, now: datetime.datetime | None = None) -> bool:
    """The periodic task: submitted time the client left alone for TIMELOG_AUTO_APPROVE_DAYS."""
    now = now or timezone.now()
    booking = _lock(log.booking)
    log = _lock_log(log)
    deadline = now - datetime.timedelta(days=settings.TIMELOG_AUTO_APPROVE_DAYS)
    if log.status != LogStatus.SUBMITTED or log.submitted_at > deadline or booking.status != Status.IN_PROGRESS:
        return False
    _decide_logs(booking, [log], actor=None, approve=True, auto=True)
    return True


# --- Reminders ---------------------------------------------------------------------------------


@transaction.atomic
def booking_remind(*, booking: Booking, reminder: str) -> bool:
    """Send one named reminder once: "expiring" (to the freelancer, a request about to expire) or
    "starts_tomorrow" (to both parties)."""
    booking = _lock(booking)
    if reminder in booking.reminders_sent:
        return False
    if reminder == "expiring":
        if booking.status != Status.PENDING:
            return False
        _tell(booking.freelancer_id, booking, kind=Kind.REMINDER_REQUEST_EXPIRING, event="reminder:expiring",
              title=_("Answer the request “%(title)s” before %(when)s")
              % {"title": booking.title, "when": timezone.localtime(booking.expires_at).strftime("%Y-%m-%d %H:%M")},
              body=_("Requests without an answer expire, and the client has to look for someone else."))
    elif reminder == "starts_tomorrow":
        if booking.status != Status.ACCEPTED:
            return False
        for recipient in (booking.client_id, booking.freelancer_id):
            _tell(recipient, booking, kind=Kind.REMINDER_BOOKING_TOMORROW, event="reminder:starts_tomorrow",
                  title=_("“%(title)s” starts tomorrow") % {"title": booking.title})
    else:
        raise ValueError(reminder)
    booking.reminders_sent = [*booking.reminders_sent, reminder]
    booking.save(update_fields=["reminders_sent", "updated_at"])
    return True


@transaction.atomic
def timelogs_remind_client(*, booking: Booking, now: datetime.datetime | None = None) -> int:
    """Tell the client once about submitted time that will be approved automatically soon."""
    now = now or timezone.now()
    booking = _lock(booking)
    due = now - datetime.timedelta(days=settings.TIMELOG_AUTO_APPROVE_DAYS - settings.TIMELOG_REMINDER_DAYS_BEFORE)
    logs = list(booking.time_logs.select_for_update().filter(status=LogStatus.SUBMITTED, reminded_at__isnull=True,
                                                             submitted_at__lte=due))
    if not logs or booking.status != Status.IN_PROGRESS:
        return 0
    for log in logs:
        log.reminded_at = now
    TimeLog.objects.bulk_update(logs, ["reminded_at"])
    hours = (Decimal(sum(log.minutes for log in logs)) / 60).quantize(Decimal("0.01"))
    _tell(booking.client_id, booking, kind=Kind.REMINDER_TIME_WAITING,
          event=f"reminder:time:{min(log.pk for log in logs)}:{now.timestamp():.0f}",
          title=_("%(hours)s hours on “%(title)s” wait for your approval") % {"hours": hours, "title": booking.title},
          body=_("Without an answer they are approved automatically within %(days)s days.")
          % {"days": settings.TIMELOG_REMINDER_DAYS_BEFORE})
    return len(logs)


# --- Files and messages ------------------------------------------------------------------------


def _store_attachment(*, booking, actor, upload, checked) -> str:
    name = store_private("bookings", upload, checked)
    Attachment.objects.create(booking=booking, uploaded_by=actor, file=name, original_name=upload.name[:255],
                              content_type=checked.content_type, size=checked.size, sha256=checked.sha256)
    return name


def attachment_add(*, actor: User, booking: Booking, upload) -> Attachment:
    """Either party adds a file; it is checked like a passport document and kept private."""
    _require_party(actor, booking)
    checked = check_document(upload)
    name = None
    try:
        with transaction.atomic():
            booking = _lock(booking)
            if booking.attachments.count() >= MAX_ATTACHMENTS:
                raise DomainError(_("A booking can hold %(count)s files; remove the need for more by combining "
                                    "them into one PDF.") % {"count": MAX_ATTACHMENTS}, code="attachments")
            name = _store_attachment(booking=booking, actor=actor, upload=upload, checked=checked)
            attachment = booking.attachments.get(file=name)
            _tell(_other_party(booking, actor.pk), booking, kind=Kind.ATTACHMENT, event=f"attachment:{attachment.pk}",
                  title=_("%(name)s added a file to “%(title)s”") % {"name": _name(actor.pk), "title": booking.title},
                  body=attachment.original_name)
    except BaseException:
        if name:
            private_storage().delete(name)
        raise
    return attachment


@transaction.atomic
def message_send(*, actor: User, booking: Booking, body: str) -> Message:
    _require_party(actor, booking)
    body = _clean_text(body, limit=MAX_MESSAGE_LENGTH, field="body")
    message = Message.objects.create(booking=booking, sender=actor, body=body)
    _tell(_other_party(booking, actor.pk), booking, kind=Kind.MESSAGE, event=f"message:{message.pk}",
          title=_("%(name)s wrote about “%(title)s”") % {"name": _name(actor.pk), "title": booking.title},
          body=body[:500])
    return message
