"""Reads that booking pages and the periodic task need. Every page read starts from
`booking_for_viewer`, which refuses anyone who is not a party or staff with a 404."""

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Min, Q, Sum
from django.http import Http404
from django.utils import timezone

from marketplace.core.money import minor_for_minutes
from marketplace.passport.models import CompetenceTemplate

from .models import Attachment, Booking, BookingApproval, Message, TimeLog
from .rules import can_view

Status = Booking.Status
LogStatus = TimeLog.Status

LIST_GROUPS = {
    "active": (Status.PENDING, Status.ACCEPTED, Status.IN_PROGRESS),
    "closed": (Status.COMPLETED, Status.DISPUTED, Status.DECLINED, Status.CANCELLED, Status.EXPIRED),
}


def booking_for_viewer(*, user, pk: int) -> Booking:
    """The booking with both parties' profiles, or 404 for anyone who may not see it (a third
    member learns nothing, not even that it exists)."""
    booking = (
        Booking.objects.select_related("client__profile", "freelancer__profile")
        .filter(pk=pk).first()
    )
    if booking is None or not can_view(user, booking):
        raise Http404
    return booking


def member_bookings(*, user, group: str = "active"):
    statuses = LIST_GROUPS.get(group, LIST_GROUPS["active"])
    return (
        Booking.objects.filter(Q(client=user) | Q(freelancer=user), status__in=statuses)
        .select_related("client__profile", "freelancer__profile")
        .annotate(waiting_logs=Count("time_logs", filter=Q(time_logs__status=LogStatus.SUBMITTED)))
        .order_by("start_date", "pk")
    )


def timeline(*, booking: Booking):
    return BookingApproval.objects.filter(booking=booking).select_related("actor__profile")


def messages_for(*, booking: Booking, after: int | None = None, since=None, before=None):
    """The booking's messages; `since` and `before` (moments) keep those sent from one and
    strictly before the other, for the API's filters."""
    queryset = Message.objects.filter(booking=booking).select_related("sender__profile")
    if after:
        queryset = queryset.filter(pk__gt=after)
    if since is not None:
        queryset = queryset.filter(created_at__gte=since)
    if before is not None:
        queryset = queryset.filter(created_at__lt=before)
    return queryset


def attachments_for(*, booking: Booking):
    return Attachment.objects.filter(booking=booking).select_related("uploaded_by__profile")


def attachment_for_viewer(*, user, booking_pk: int, pk: int) -> Attachment:
    booking = booking_for_viewer(user=user, pk=booking_pk)
    attachment = Attachment.objects.filter(booking=booking, pk=pk).first()
    if attachment is None:
        raise Http404
    return attachment


def log_for_viewer(*, user, booking_pk: int, pk: int) -> TimeLog:
    booking = booking_for_viewer(user=user, pk=booking_pk)
    log = TimeLog.objects.filter(booking=booking, pk=pk).select_related("booking").first()
    if log is None:
        raise Http404
    return log


@dataclass(frozen=True)
class Totals:
    """Running totals of a booking's time, and what the approved time comes to."""

    minutes: dict
    currency: str
    pricing: str
    hourly_rate: int | None
    fixed_price: int | None

    def hours(self, status: str) -> Decimal:
        return (Decimal(self.minutes.get(status, 0)) / 60).quantize(Decimal("0.01"))

    @property
    def approved_hours(self) -> Decimal:
        return self.hours(LogStatus.APPROVED)

    @property
    def submitted_hours(self) -> Decimal:
        return self.hours(LogStatus.SUBMITTED)

    @property
    def draft_hours(self) -> Decimal:
        return self.hours(LogStatus.DRAFT)

    @property
    def approved_amount(self) -> int | None:
        """Approved minutes at the rate, rounded once (see money.minor_for_minutes)."""
        if self.pricing == Booking.Pricing.FIXED:
            return None
        return minor_for_minutes(self.minutes.get(LogStatus.APPROVED, 0), self.hourly_rate)

    @property
    def pending_amount(self) -> int | None:
        if self.pricing == Booking.Pricing.FIXED:
            return None
        return minor_for_minutes(self.minutes.get(LogStatus.SUBMITTED, 0), self.hourly_rate)


def totals(*, booking: Booking) -> Totals:
    rows = TimeLog.objects.filter(booking=booking).values("status").annotate(total=Sum("minutes"))
    return Totals(minutes={row["status"]: row["total"] for row in rows}, currency=booking.currency,
                  pricing=booking.pricing, hourly_rate=booking.hourly_rate, fixed_price=booking.fixed_price)


def time_logs(*, booking: Booking, status: str | None = None, date_from=None, date_to=None):
    """The booking's time, newest day first; the API's filters keep one `status` and the days from
    `date_from` to `date_to`, both included."""
    queryset = TimeLog.objects.filter(booking=booking).order_by("-date", "-start_time", "-pk")
    if status:
        queryset = queryset.filter(status=status)
    if date_from is not None:
        queryset = queryset.filter(date__gte=date_from)
    if date_to is not None:
        queryset = queryset.filter(date__lte=date_to)
    return queryset


@dataclass(frozen=True)
class Day:
    date: datetime.date
    logs: list
    minutes: int

    @property
    def hours(self) -> Decimal:
        return (Decimal(self.minutes) / 60).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class Week:
    start: datetime.date
    days: list
    minutes: int
    submitted: int

    @property
    def end(self) -> datetime.date:
        return self.start + datetime.timedelta(days=6)

    @property
    def hours(self) -> Decimal:
        return (Decimal(self.minutes) / 60).quantize(Decimal("0.01"))

    @property
    def label(self) -> str:
        return self.start.strftime("%G-W%V")

    @property
    def previous_label(self) -> str:
        return (self.start - datetime.timedelta(days=7)).strftime("%G-W%V")

    @property
    def next_label(self) -> str:
        return (self.start + datetime.timedelta(days=7)).strftime("%G-W%V")


def week_start_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def parse_week(value: str | None, *, booking: Booking) -> datetime.date:
    """`2026-W48` to that week's Monday; anything else falls back to the week that is most useful
    (this week, kept within the booking's dates)."""
    if value:
        try:
            return datetime.datetime.strptime(f"{value}-1", "%G-W%V-%u").date()
        except ValueError:
            pass
    today = timezone.localdate()
    day = min(max(today, booking.start_date), booking.end_date)
    return week_start_of(day)


def timesheet(*, booking: Booking, week_start: datetime.date) -> Week:
    """Monday to Sunday of one week with every log and the totals (rejected time not counted)."""
    end = week_start + datetime.timedelta(days=6)
    logs = list(TimeLog.objects.filter(booking=booking, date__range=(week_start, end)).order_by("date", "start_time",
                                                                                                 "pk"))
    days = []
    for offset in range(7):
        day = week_start + datetime.timedelta(days=offset)
        day_logs = [log for log in logs if log.date == day]
        days.append(Day(date=day, logs=day_logs,
                        minutes=sum(log.minutes for log in day_logs if log.status != LogStatus.REJECTED)))
    return Week(start=week_start, days=days, minutes=sum(d.minutes for d in days),
                submitted=sum(1 for log in logs if log.status == LogStatus.SUBMITTED))


# --- What the periodic task works through ------------------------------------------------------


def due_for_expiry(now):
    return Booking.objects.filter(status=Status.PENDING, expires_at__lte=now)


def due_for_expiry_reminder(now):
    horizon = now + datetime.timedelta(days=settings.BOOKING_EXPIRY_REMINDER_DAYS_BEFORE)
    return Booking.objects.filter(status=Status.PENDING, expires_at__gt=now, expires_at__lte=horizon)


def due_for_start(today):
    return Booking.objects.filter(status=Status.ACCEPTED, start_date__lte=today)


def starting_tomorrow(today):
    return Booking.objects.filter(status=Status.ACCEPTED, start_date=today + datetime.timedelta(days=1))


def due_for_auto_completion(now):
    deadline = now - datetime.timedelta(days=settings.BOOKING_COMPLETION_REVIEW_DAYS)
    return Booking.objects.filter(status=Status.IN_PROGRESS, done_at__lte=deadline)


def logs_due_for_auto_approval(now):
    deadline = now - datetime.timedelta(days=settings.TIMELOG_AUTO_APPROVE_DAYS)
    return TimeLog.objects.filter(status=LogStatus.SUBMITTED, submitted_at__lte=deadline,
                                  booking__status=Status.IN_PROGRESS)


def bookings_with_time_to_remind(now):
    due = now - datetime.timedelta(days=settings.TIMELOG_AUTO_APPROVE_DAYS - settings.TIMELOG_REMINDER_DAYS_BEFORE)
    return Booking.objects.filter(
        status=Status.IN_PROGRESS,
        pk__in=TimeLog.objects.filter(status=LogStatus.SUBMITTED, reminded_at__isnull=True,
                                      submitted_at__lte=due).values("booking_id"),
    )


def suggested_documents(skills: Iterable) -> list[CompetenceTemplate]:
    """Document types that go with the chosen skills: the request form ticks them for the client."""
    return list(CompetenceTemplate.objects.filter(is_active=True, skills__in=list(skills)).distinct().order_by("name"))


def suggestions_by_template(*, profile) -> dict[int, list[str]]:
    """For the request form: which of the freelancer's skills suggest each document type."""
    suggestions: dict[int, list[str]] = {}
    rows = CompetenceTemplate.skills.through.objects.filter(
        skill__holders__profile=profile, competencetemplate__is_active=True
    ).values_list("competencetemplate_id", "skill__name").order_by("skill__name")
    for template_id, skill_name in rows:
        suggestions.setdefault(template_id, []).append(skill_name)
    return suggestions


def document_categories() -> dict[int, str]:
    """For the request form's groups: each active document type's category, the one most of
    the skills it evidences belong to (by name on a tie); a type with no skills has none."""
    counts: dict[int, Counter] = {}
    rows = CompetenceTemplate.skills.through.objects.filter(competencetemplate__is_active=True).values_list(
        "competencetemplate_id", "skill__category__name")
    for template_id, category in rows:
        counts.setdefault(template_id, Counter())[category] += 1
    return {template_id: min(found, key=lambda name: (-found[name], name)) for template_id, found in counts.items()}


def dashboard_summary(*, user) -> dict:
    """What needs the member on their bookings, in one query, for the dashboard: each count of
    what waits for them with `<name>_pk`, the first such booking (to link to when it is the
    only one), and how things stand (running, upcoming, requests made)."""
    now = timezone.now()
    mine = Booking.objects.filter(Q(client=user) | Q(freelancer=user))
    waiting = {
        "to_answer": Q(freelancer=user, status=Status.PENDING, expires_at__gt=now),
        "to_confirm": Q(client=user, status=Status.IN_PROGRESS, done_at__isnull=False),
        "to_approve": Q(client=user, status=Status.IN_PROGRESS, time_logs__status=LogStatus.SUBMITTED),
    }
    return mine.aggregate(
        # distinct: the join to the time logs repeats each booking once per log.
        **{name: Count("pk", distinct=True, filter=q) for name, q in waiting.items()},
        **{f"{name}_pk": Min("pk", filter=q) for name, q in waiting.items()},
        time_to_approve=Count("time_logs", filter=waiting["to_approve"]),
        requested=Count("pk", distinct=True, filter=Q(client=user, status=Status.PENDING)),
        made=Count("pk", distinct=True, filter=Q(client=user)),
        upcoming=Count("pk", distinct=True, filter=Q(status=Status.ACCEPTED)),
        running=Count("pk", distinct=True, filter=Q(status=Status.IN_PROGRESS)),
    )
