"""Demo bookings between the demo client and the demo freelancer, made through the bookings'
own services so they look exactly like real ones: a request waiting for an answer, work in
progress with logged, submitted and approved time and a few messages, and a completed job.
Written once: nothing is added when the demo client already has bookings.

The services never let a request start in the past and write every row at the moment they
run, so a seed would leave the work in progress starting today and every timeline entry,
message and notification at the same minute. The demo moves the calendar instead (_settle):
each booking's dates, its timeline, messages, time logs, payments and notifications are set at
the moments a real booking would have had them, and the dates a notification names are
rewritten with the booking's, so the two always agree."""

import random
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from marketplace.accounts.models import Profile, Skill, User
from marketplace.bookings import services
from marketplace.bookings.models import Booking, BookingApproval, Message, TimeLog
from marketplace.core import dates
from marketplace.notifications.models import Notification
from marketplace.passport.models import CompetenceTemplate
from marketplace.payments import services as payments
from marketplace.payments.gateways import payments_simulated
from marketplace.payments.models import Payment
from marketplace.ratings import services as ratings
from marketplace.ratings.models import Rating

from .generate import client_email, freelancer_email
from .logins import DEMO_CLIENT, DEMO_FREELANCER

HOT_WORK = "Hot work certificate (Heta arbeten)"


def _fund(booking: Booking) -> None:
    """The client pays the estimate into escrow on the simulated checkout page."""
    payment = payments.funding_start(actor=booking.client, booking=booking, success_url=settings.SITE_URL,
                                     cancel_url=settings.SITE_URL)
    payments.simulated_checkout_pay(actor=booking.client, checkout_id=payment.checkout_session_id)


def _running(booking: Booking, *, started_days_ago: int, days: int) -> Booking:
    """Accept, fund and start a booking, then move its dates back as if it began days ago;
    _settle moves the rest of its story to match."""
    booking = services.booking_accept(actor=booking.freelancer, booking=booking, comment="Sounds good, see you then.")
    _fund(booking)
    booking = services.booking_start(actor=booking.freelancer, booking=booking)
    start = booking.start_date - timedelta(days=started_days_ago)
    Booking.objects.filter(pk=booking.pk).update(start_date=start, end_date=start + timedelta(days=days - 1))
    booking.refresh_from_db()
    return booking


def _at(day: date, hour: int, minute: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


# When each step of a booking's timeline happened, relative to its start date: (days, hour,
# minute). A request comes in a week or more ahead on a weekday morning, the answer the same
# day, work starts early, and approvals come the next morning.
STEP_TIMES = {
    BookingApproval.Action.REQUESTED: (-9, 8, 42),
    BookingApproval.Action.ACCEPTED: (-9, 13, 17),
    BookingApproval.Action.STARTED: (0, 6, 58),
    BookingApproval.Action.MARKED_DONE: (None, 16, 35),  # None: the end date
    BookingApproval.Action.CONFIRMED: (None, 19, 4),
}


def _settle(booking: Booking, *, asked: tuple[date, date], requested: datetime | None = None,
            messages=()) -> None:
    """Give the booking's story the moments a real one would have had (see the module's
    docstring): the timeline entries at STEP_TIMES (or `requested` for a request still waiting),
    time logs written on their day's evening and decided the next morning, the payment soon
    after the acceptance, `messages` (one moment each, in order), and each notification a minute
    after the event that caused it, naming the booking's own dates (`asked`: the dates the
    request was made with, before _running moved them) and deadline."""
    entries = list(booking.approvals.order_by("created_at", "pk"))
    logs = list(booking.time_logs.order_by("date", "pk"))
    chats = list(booking.messages.order_by("created_at", "pk"))
    notifications = list(Notification.objects.filter(event_key__startswith=f"booking:{booking.pk}:"))
    # (when it really happened, when it happened in the story), for every event that may
    # cause a notification: read before anything moves.
    events = []
    for entry in entries:
        if requested is not None and entry.action == BookingApproval.Action.REQUESTED:
            moment = requested
        elif entry.action in STEP_TIMES:
            days, hour, minute = STEP_TIMES[entry.action]
            moment = _at(booking.end_date if days is None else booking.start_date + timedelta(days=days), hour, minute)
        else:
            moment = entry.created_at  # a step the demo does not take: left as it happened
        events.append((entry.created_at, moment, entry))
    for number, log in enumerate(logs):
        written, decided = _at(log.date, 17, 10 + 7 * number), _at(log.date + timedelta(days=1), 7, 31 + number)
        if log.submitted_at:
            events.append((log.submitted_at, written, None))
        if log.decided_at:
            events.append((log.decided_at, decided, None))
        TimeLog.objects.filter(pk=log.pk).update(
            created_at=written, updated_at=decided if log.decided_at else written,
            submitted_at=written if log.submitted_at else None, decided_at=decided if log.decided_at else None,
        )
    for message, moment in zip(chats, messages, strict=True):
        events.append((message.created_at, moment, None))
        Message.objects.filter(pk=message.pk).update(created_at=moment)
    events.sort(key=lambda event: event[0])
    when = {entry.action: moment for _real, moment, entry in events if entry is not None}
    for _real, moment, entry in events:
        if entry is not None:
            BookingApproval.objects.filter(pk=entry.pk).update(created_at=moment)

    requested_at = when[BookingApproval.Action.REQUESTED]
    # The service's deadline rule (a few days, or the end of the start day, whichever comes first).
    expires = min(requested_at + timedelta(days=settings.BOOKING_REQUEST_EXPIRY_DAYS),
                  _at(booking.start_date, 23, 59) + timedelta(seconds=59))
    accepted = when.get(BookingApproval.Action.ACCEPTED)
    payments_of = Payment.objects.filter(escrow__booking=booking)
    if accepted is not None:
        paid = accepted + timedelta(minutes=26)
        payments_of.filter(kind=Payment.Kind.FUNDING).update(created_at=paid, updated_at=paid, succeeded_at=paid)
    confirmed = when.get(BookingApproval.Action.CONFIRMED)
    if confirmed is not None:
        released = confirmed + timedelta(minutes=3)
        payments_of.filter(kind=Payment.Kind.TRANSFER).update(
            created_at=released, updated_at=released, succeeded_at=released,
        )
    old_expires = booking.expires_at
    Booking.objects.filter(pk=booking.pk).update(
        created_at=requested_at, expires_at=expires, answered_at=accepted,
        started_at=when.get(BookingApproval.Action.STARTED), done_at=when.get(BookingApproval.Action.MARKED_DONE),
        completed_at=when.get(BookingApproval.Action.CONFIRMED),
    )

    swaps = [(dates.day_range(*asked), dates.day_range(booking.start_date, booking.end_date)),
             (dates.day_time(old_expires), dates.day_time(expires))]
    for notification in notifications:
        cause = max((event for event in events if event[0] <= notification.created_at), key=lambda event: event[0],
                    default=events[0])
        title, body = notification.title, notification.body
        for before, after in swaps:
            title, body = title.replace(before, after), body.replace(before, after)
        Notification.objects.filter(pk=notification.pk).update(
            created_at=cause[1] + timedelta(minutes=1), title=title, body=body,
        )


def _log(booking, day: date, hours: int, text: str) -> TimeLog:
    return services.timelog_create(actor=booking.freelancer, booking=booking, date=day, minutes=hours * 60,
                                   description=text)


def seed_demo_bookings(*, today: date) -> int:
    client = User.objects.filter(email=DEMO_CLIENT.email).first()
    freelancer = User.objects.filter(email=DEMO_FREELANCER.email).first()
    if client is None or freelancer is None or Booking.objects.filter(client=client).exists():
        return 0
    if not payments_simulated():
        return 0  # demo escrow is paid on the simulated checkout page only
    welding = list(Skill.objects.filter(slug="welding", holders__profile__user=freelancer))
    hot_work = list(CompetenceTemplate.objects.filter(name=HOT_WORK, documents__owner=freelancer,
                                                      documents__status="approved").distinct())
    with transaction.atomic():
        # Her payouts are set up, so the completed job's escrow is released to her.
        payments.payout_account_link(user=freelancer, refresh_url=settings.SITE_URL, return_url=settings.SITE_URL)
        payments.simulated_onboarding_complete(user=freelancer)
        pending = services.booking_request(
            client=client, freelancer=freelancer, title="Railing repair at Lindholmen",
            description="Two damaged stainless railings on a balcony walkway need new posts welded in. "
                        "Drawings attached to the tender; on-site work, hot work permit arranged by us.",
            start_date=today + timedelta(days=6), end_date=today + timedelta(days=8), expected_hours="20",
            location=Booking.Location.ON_SITE, address="Lindholmspiren 5, Göteborg", priority="high",
            skills=welding, required_documents=hot_work,
        )
        _settle(pending, asked=(pending.start_date, pending.end_date),
                requested=_at(today - timedelta(days=1), 16, 20))

        running = services.booking_request(
            client=client, freelancer=freelancer, title="Steel beams for the Majorna extension",
            description="Welding of beam connections and brackets for a two-storey extension, from our "
                        "structural drawings (WPS supplied).",
            start_date=today, end_date=today + timedelta(days=9), expected_hours="60",
            location=Booking.Location.ON_SITE,
            address="Karl Johansgatan 40, Göteborg", skills=welding, required_documents=hot_work,
        )
        asked = (running.start_date, running.end_date)
        running = _running(running, started_days_ago=4, days=10)
        approved = [_log(running, running.start_date, 8, "Set-out and tack welding of beam seats"),
                    _log(running, running.start_date + timedelta(days=1), 7, "Welding of column brackets")]
        services.timelogs_submit(actor=freelancer, booking=running, log_ids=[log.pk for log in approved])
        for log in approved:
            services.timelog_approve(actor=client, log=log)
        waiting = _log(running, running.start_date + timedelta(days=2), 8, "Beam connections, level 2")
        services.timelogs_submit(actor=freelancer, booking=running, log_ids=[waiting.pk])
        _log(running, running.start_date + timedelta(days=3), 6, "Brackets and touch-up")
        services.message_send(actor=client, booking=running, body="Crane is booked for Thursday morning, 7:00.")
        services.message_send(actor=freelancer, booking=running, body="Thanks, I'll be there at 6:45.")
        _settle(running, asked=asked, messages=(_at(today - timedelta(days=1), 18, 5),
                                                _at(today - timedelta(days=1), 18, 21)))

        done = services.booking_request(
            client=client, freelancer=freelancer, title="Flashing on the Hisingen warehouse",
            description="Replace the sheet metal flashing along the north roof edge, about 40 metres.",
            start_date=today, end_date=today + timedelta(days=2), expected_hours="16", pricing=Booking.Pricing.FIXED,
            fixed_price=1_200_000, location=Booking.Location.ON_SITE, address="Importgatan 12, Göteborg",
        )
        asked = (done.start_date, done.end_date)
        # Done a few days ago: both sides can still rate it (RATING_WINDOW_DAYS), as the demo shows.
        done = _running(done, started_days_ago=6, days=3)
        log = _log(done, done.start_date, 8, "Removed old flashing, fitted new along 40 m")
        services.timelogs_submit(actor=freelancer, booking=done)
        services.timelog_approve(actor=client, log=log)
        services.booking_mark_done(actor=freelancer, booking=done)
        services.booking_confirm(actor=client, booking=done)
        _settle(done, asked=asked)
    return 3




# Of the generated freelancers (the first REVIEWED_FREELANCERS), the share with completed,
# reviewed bookings, and how their clients rated them (overall stars, most of them good).
REVIEWED_SHARE = 0.55
REVIEWED_FREELANCERS = 200
STARS, STAR_WEIGHTS = (5, 4, 3, 2), (55, 32, 10, 3)
REVIEW_TEXTS = {
    5: ("Excellent work, on time and tidy. We will book again.", "Knew the job inside out and kept us informed.",
        "Careful, quick and friendly: exactly what we needed."),
    4: ("Good work and easy to deal with; one day later than planned.", "Solid job, clear communication."),
    3: ("The work was fine, but we had to chase updates.",),
    2: ("Finished in the end, but not to the standard we agreed.",),
}


def freelancer_reviews(seed: int, number: int) -> tuple[tuple[int, int], ...]:
    """(overall stars, days ago the job was done) of each completed booking generated freelancer
    `number` was reviewed for; none for about half. Drawn from a generator of its own."""
    rng = random.Random(f"valund-demo:{seed}:reviews:{number}")
    if rng.random() >= REVIEWED_SHARE:
        return ()
    days = sorted(rng.sample(range(6, 400), rng.choice((1, 1, 2, 2, 3, 4, 6))), reverse=True)
    return tuple((rng.choices(STARS, weights=STAR_WEIGHTS)[0], ago) for ago in days)


def seed_demo_reviews(*, today: date, seed: int, freelancers: int) -> int:
    """Completed, paid and mutually reviewed one-day jobs between generated clients and about
    half of the generated freelancers, through the services, with their stories moved into the
    past (_settle). Once per freelancer: none is added for one who has bookings. Returns how many
    reviews of freelancers were written."""
    if not payments_simulated():
        return 0
    clients = list(User.objects.filter(email__in=[client_email(n) for n in range(1, 101)]).order_by("email"))
    last = min(freelancers, REVIEWED_FREELANCERS)
    wanted = {freelancer_email(n): freelancer_reviews(seed, n) for n in range(1, last + 1)}
    # Only those a client could book: hidden profiles cannot be booked.
    members = (User.objects.filter(email__in=[email for email, reviews in wanted.items() if reviews],
                                   profile__visibility=Profile.Visibility.PUBLIC)
               .exclude(bookings_received__isnull=False).select_related("profile").order_by("email"))
    written = 0
    for number, freelancer in enumerate(members):
        if not clients:
            break
        skill = Skill.objects.filter(holders__profile__user=freelancer).order_by("-holders__level").first()
        with transaction.atomic():
            payments.payout_account_link(user=freelancer, refresh_url=settings.SITE_URL, return_url=settings.SITE_URL)
            payments.simulated_onboarding_complete(user=freelancer)
            for index, (stars, days_ago) in enumerate(wanted[freelancer.email]):
                client = clients[(number + index) % len(clients)]
                written += _reviewed_job(client, freelancer, skill, stars=stars, days_ago=days_ago, today=today,
                                         text=REVIEW_TEXTS[stars][(number + index) % len(REVIEW_TEXTS[stars])])
    return written


def _reviewed_job(client: User, freelancer: User, skill, *, stars: int, days_ago: int, today: date, text: str) -> int:
    trade = skill.name if skill else "Work"
    profile = freelancer.profile
    booking = services.booking_request(
        client=client, freelancer=freelancer, title=f"{trade} in {profile.city or 'town'}",
        description=f"A day of {trade.lower()} for {client.profile.display_name}.", start_date=today, end_date=today,
        expected_hours="8", location=Booking.Location.REMOTE, skills=[skill] if skill else [],
    )
    booking = _running(booking, started_days_ago=days_ago, days=1)
    log = _log(booking, booking.start_date, 8, f"{trade}, as agreed")
    services.timelogs_submit(actor=freelancer, booking=booking)
    services.timelog_approve(actor=client, log=log)
    services.booking_mark_done(actor=freelancer, booking=booking)
    booking = services.booking_confirm(actor=client, booking=booking)
    others = {"communication": stars, "quality": stars, "timeliness": max(1, stars - (days_ago % 2)),
              "professionalism": stars}
    of_freelancer = ratings.rating_submit(author=client, booking=booking, scores={"overall": stars, **others},
                                          text=text)
    of_client = ratings.rating_submit(author=freelancer, booking=booking, scores=dict.fromkeys(
        ("overall", "communication", "quality", "timeliness", "professionalism"), 5), text="Clear brief, paid on time.")
    _settle(booking, asked=(today, today))
    booking.refresh_from_db()
    for offset, rating in enumerate((of_client, of_freelancer)):
        moment = booking.completed_at + timedelta(days=1, hours=2, minutes=13 * offset)
        Rating.objects.filter(pk=rating.pk).update(created_at=moment, updated_at=moment, revealed_at=moment)
    return 1
