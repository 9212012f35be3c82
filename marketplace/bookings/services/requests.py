"""A client's request and the answers to it: the request itself, accept, decline, cancel (a
request, or an accepted booking before its start date) and expiry."""

import datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.accounts.models import Profile, User
from marketplace.core import dates
from marketplace.core.errors import DomainError, InvalidTransition, PermissionDenied
from marketplace.core.files import check_document
from marketplace.core.money import format_money, format_number
from marketplace.core.storage import removed_on_failure
from marketplace.core.text import clean_text
from marketplace.notifications.models import Kind

from ..models import MAX_EXPECTED_HOURS, Booking, BookingApproval
from ..rules import missing_documents, require_client, require_freelancer
from .files import MAX_ATTACHMENTS, store_attachment
from .transition import Transition, name, record, tell

Status = Booking.Status
Action = BookingApproval.Action

MAX_BOOKING_DAYS = 366
MAX_DAYS_AHEAD = 2 * 366
MAX_FIXED_PRICE = 100_000_000  # minor units: a million SEK or EUR


def hours_text(hours: Decimal) -> str:
    """16.00 → "16", 7.50 → "7.5" ("7,5" in Swedish), as the booking's page writes them."""
    return format_number(hours)


def _end_of_day(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59)))


def _check_documents(booking: Booking) -> None:
    missing = missing_documents(booking)
    if missing:
        names = ", ".join(template.name for template in missing)
        raise DomainError(
            _("This booking requires documents that are not approved and valid until %(end)s: %(names)s. "
              "Upload or renew them in your competence passport first.")
            % {"end": dates.day(booking.end_date), "names": names},
            code="documents",
        )


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
    title = clean_text(title, limit=160, field="title")
    description = clean_text(description, limit=10000, field="description")
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
    with removed_on_failure() as stored, transaction.atomic():
        booking = Booking.objects.create(
            client=client, freelancer=freelancer, title=title, description=description,
            start_date=start_date, end_date=end_date, location=location, address=address,
            expected_hours=hours, pricing=pricing, hourly_rate=hourly_rate, fixed_price=fixed_price,
            currency=profile.currency, priority=priority, expires_at=expires_at,
        )
        booking.skills.set(skills)
        booking.required_documents.set(required_documents)
        for upload, check in checked:
            stored.append(store_attachment(booking=booking, actor=client, upload=upload, checked=check))
        record(booking, action=Action.REQUESTED, actor=client, to_status=Status.PENDING)
        tell(freelancer.pk, booking, kind=Kind.BOOKING_REQUESTED, event="requested",
              title=lambda: _("%(name)s asked to book you: %(title)s") % {"name": name(client.pk), "title": title},
              body=lambda: _("%(dates)s, about %(hours)s hours. Answer by %(expires)s.")
              % {"dates": dates.day_range(start_date, end_date), "hours": hours_text(hours),
                 "expires": dates.day_time(expires_at)})
    return booking


@transaction.atomic
def booking_accept(*, actor: User, booking: Booking, comment: str = "") -> Booking:
    """The freelancer says yes. Refused when the request has expired or a required document is
    missing; an accept racing the client's cancel: whichever locks the row first wins."""
    step = Transition(booking, actor=actor, may_act=require_freelancer)
    booking = step.booking
    if booking.status == Status.PENDING and booking.expires_at <= timezone.now():
        raise InvalidTransition(_("This request has expired; the client can send a new one."), code="expired")
    step.move(Status.ACCEPTED)
    _check_documents(booking)
    comment = clean_text(comment, limit=2000, field="comment", required=False)
    booking.answered_at = timezone.now()
    return step.finish(
        Action.ACCEPTED, fields=["answered_at"], comment=comment, tell_to=[booking.client_id],
        kind=Kind.BOOKING_ACCEPTED, event="accepted", body=comment,
        title=lambda: _("%(name)s accepted your booking: %(title)s") % {"name": name(actor.pk), "title": booking.title},
    )


@transaction.atomic
def booking_decline(*, actor: User, booking: Booking, reason: str) -> Booking:
    step = Transition(booking, actor=actor, may_act=require_freelancer)
    reason = clean_text(reason, limit=2000, field="reason")
    booking = step.move(Status.DECLINED)
    booking.answered_at = timezone.now()
    booking.closed_reason = reason
    return step.finish(
        Action.DECLINED, fields=["answered_at", "closed_reason"], comment=reason, tell_to=[booking.client_id],
        kind=Kind.BOOKING_DECLINED, event="declined", body=reason,
        title=lambda: _("%(name)s declined your booking: %(title)s") % {"name": name(actor.pk), "title": booking.title},
    )


@transaction.atomic
def booking_cancel(*, actor: User, booking: Booking, reason: str = "") -> Booking:
    """The client withdraws a request, or an accepted booking before its start date."""
    step = Transition(booking, actor=actor, may_act=require_client)
    booking = step.booking
    if booking.status == Status.ACCEPTED and timezone.localdate() >= booking.start_date:
        raise InvalidTransition(_("The work has already started; if something went wrong, open a dispute."),
                                code="started")
    reason = clean_text(reason, limit=2000, field="reason", required=False)
    step.move(Status.CANCELLED)
    booking.closed_reason = reason
    return step.finish(
        Action.CANCELLED, fields=["closed_reason"], comment=reason, tell_to=[booking.freelancer_id],
        kind=Kind.BOOKING_CANCELLED, event="cancelled", body=reason,
        title=lambda: _("%(name)s cancelled the booking: %(title)s") % {"name": name(actor.pk), "title": booking.title},
    )


@transaction.atomic
def booking_expire(*, booking: Booking, now: datetime.datetime | None = None) -> bool:
    """The periodic task: a request nobody answered in time. Returns whether it expired."""
    now = now or timezone.now()
    step = Transition(booking)
    booking = step.booking
    if booking.status != Status.PENDING or booking.expires_at > now:
        return False
    step.move(Status.EXPIRED)
    step.finish(Action.EXPIRED, tell_to=[booking.client_id, booking.freelancer_id], kind=Kind.BOOKING_EXPIRED,
                event="expired",
                title=lambda: _("The booking request “%(title)s” expired unanswered") % {"title": booking.title})
    return True
