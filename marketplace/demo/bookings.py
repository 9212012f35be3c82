"""Demo bookings between the demo client and the demo freelancer, made through the bookings'
own services so they look exactly like real ones: a request waiting for an answer, work in
progress with logged, submitted and approved time and a few messages, and a completed job.
Written once: nothing is added when the demo client already has bookings."""

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction

from marketplace.accounts.models import Skill, User
from marketplace.bookings import services
from marketplace.bookings.models import Booking, TimeLog
from marketplace.passport.models import CompetenceTemplate
from marketplace.payments import services as payments
from marketplace.payments.gateways import payments_simulated

from .logins import DEMO_CLIENT, DEMO_FREELANCER

HOT_WORK = "Hot work certificate (Heta arbeten)"


def _fund(booking: Booking) -> None:
    """The client pays the estimate into escrow on the simulated checkout page."""
    payment = payments.funding_start(actor=booking.client, booking=booking, success_url=settings.SITE_URL,
                                     cancel_url=settings.SITE_URL)
    payments.simulated_checkout_pay(actor=booking.client, checkout_id=payment.checkout_session_id)


def _running(booking: Booking, *, started_days_ago: int, days: int) -> Booking:
    """Accept, fund and start a booking, then move its dates back as if it began days ago (the
    services never let a request start in the past, so the demo moves the calendar instead)."""
    booking = services.booking_accept(actor=booking.freelancer, booking=booking, comment="Sounds good, see you then.")
    _fund(booking)
    booking = services.booking_start(actor=booking.freelancer, booking=booking)
    start = booking.start_date - timedelta(days=started_days_ago)
    Booking.objects.filter(pk=booking.pk).update(start_date=start, end_date=start + timedelta(days=days - 1))
    booking.refresh_from_db()
    return booking


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
        services.booking_request(
            client=client, freelancer=freelancer, title="Railing repair at Lindholmen",
            description="Two damaged stainless railings on a balcony walkway need new posts welded in. "
                        "Drawings attached to the tender; on-site work, hot work permit arranged by us.",
            start_date=today + timedelta(days=6), end_date=today + timedelta(days=8), expected_hours="20",
            location=Booking.Location.ON_SITE, address="Lindholmspiren 5, Göteborg", priority="high",
            skills=welding, required_documents=hot_work,
        )

        running = services.booking_request(
            client=client, freelancer=freelancer, title="Steel beams for the Majorna extension",
            description="Welding of beam connections and brackets for a two-storey extension, from our "
                        "structural drawings (WPS supplied).",
            start_date=today, end_date=today + timedelta(days=9), expected_hours="60",
            location=Booking.Location.ON_SITE,
            address="Karl Johansgatan 40, Göteborg", skills=welding, required_documents=hot_work,
        )
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

        done = services.booking_request(
            client=client, freelancer=freelancer, title="Flashing on the Hisingen warehouse",
            description="Replace the sheet metal flashing along the north roof edge, about 40 metres.",
            start_date=today, end_date=today + timedelta(days=2), expected_hours="16", pricing=Booking.Pricing.FIXED,
            fixed_price=1_200_000, location=Booking.Location.ON_SITE, address="Importgatan 12, Göteborg",
        )
        done = _running(done, started_days_ago=20, days=3)
        log = _log(done, done.start_date, 8, "Removed old flashing, fitted new along 40 m")
        services.timelogs_submit(actor=freelancer, booking=done)
        services.timelog_approve(actor=client, log=log)
        services.booking_mark_done(actor=freelancer, booking=done)
        services.booking_confirm(actor=client, booking=done)
    return 3


