"""The booking page leads with the step that moves the booking forward for the person looking,
named in the second person with names and figures, or says whom they wait for; destructive
actions come after it, each behind a confirmation, and still post to the same endpoints."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from marketplace.accounts.models import User
from marketplace.bookings import services, steps
from marketplace.bookings.models import Booking, TimeLog
from marketplace.core.directory import directory_url
from marketplace.payments.models import ConnectedAccount
from tests.clients import as_user
from tests.marketplace.bookings.fixtures import fund_escrow
from tests.second_factor import with_second_factor

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def step_for(booking, user):
    return steps.next_step(booking=booking, user=user)


def payouts_ready(user):
    ConnectedAccount.objects.create(user=user, stripe_id=f"acct_{user.pk}", details_submitted=True,
                                    charges_enabled=True, payouts_enabled=True, simulated=True)


# --- Each state, each side -------------------------------------------------------------------------


def test_a_request_asks_the_freelancer_to_accept_and_the_client_to_wait(make_booking):
    booking = make_booking(Booking.Status.PENDING)
    step = step_for(booking, booking.freelancer)
    assert step.title == "Accept Nordbygg AB's request"
    assert step.post and step.url == reverse("bookings:act", args=[booking.pk, "accept"]) and step.note
    waiting = step_for(booking, booking.client)
    assert waiting.waiting and waiting.title == "Waiting for Astrid Lindqvist to answer"


def test_an_expired_request_offers_the_freelancer_nothing(make_booking):
    booking = make_booking(Booking.Status.PENDING)
    Booking.objects.filter(pk=booking.pk).update(expires_at=booking.expires_at - 30 * DAY)
    booking.refresh_from_db()
    assert step_for(booking, booking.freelancer).waiting


def test_an_accepted_booking_asks_the_client_to_pay_the_estimate(make_booking):
    booking = make_booking(Booking.Status.ACCEPTED)
    step = step_for(booking, booking.client)
    assert step.title == "Pay 10,400 SEK into escrow"
    assert step.post and step.url == reverse("payments:fund", args=[booking.pk])


def test_while_the_client_pays_the_freelancer_sets_up_payouts_or_waits(make_booking):
    booking = make_booking(Booking.Status.ACCEPTED)
    step = step_for(booking, booking.freelancer)
    assert step.title == "Set up payouts" and step.url == reverse("payments:payouts") and not step.post
    payouts_ready(booking.freelancer)
    assert step_for(booking, booking.freelancer).title == "Waiting for Nordbygg AB to pay into escrow"


def test_once_funded_the_freelancer_starts_and_the_client_waits(reach):
    booking = reach("accepted")
    step = step_for(booking, booking.freelancer)
    assert step.title == "Start work for Nordbygg AB" and step.action == "start" and step.post
    assert step_for(booking, booking.client).title == "Waiting for Astrid Lindqvist to start the work"
    actions = steps.page_actions(booking=booking, user=booking.freelancer)
    assert [offer.action for offer in actions.more] == []  # "start" is the step, not offered twice


def test_before_the_start_date_both_see_when_it_starts_and_the_client_may_cancel(make_booking, today):
    booking = make_booking(Booking.Status.ACCEPTED, start_date=today + 5 * DAY, end_date=today + 8 * DAY)
    fund_escrow(booking)
    client_step = step_for(booking, booking.client)
    assert client_step.waiting and client_step.title.startswith("Astrid Lindqvist starts on ")
    freelancer_step = step_for(booking, booking.freelancer)
    assert freelancer_step.waiting and freelancer_step.title.startswith("You start on ")
    risky = steps.page_actions(booking=booking, user=booking.client).risky
    assert [(offer.action, offer.confirm) for offer in risky] == [("cancel", "Yes, cancel the booking")]


def test_in_progress_the_freelancer_logs_then_sends_hours(in_progress, log):
    step = step_for(in_progress, in_progress.freelancer)
    assert step.title == "Log your hours" and step.url == reverse("bookings:time", args=[in_progress.pk])
    log(minutes=90)
    step = step_for(in_progress, in_progress.freelancer)
    assert step.title == "Send your 1.5 hours to Nordbygg AB for approval"
    assert step.post and step.url == reverse("bookings:time_submit", args=[in_progress.pk])
    actions = steps.page_actions(booking=in_progress, user=in_progress.freelancer)
    assert [offer.action for offer in actions.more] == ["done"]
    assert [offer.action for offer in actions.risky] == ["dispute"]


def test_the_client_approves_the_week_with_its_hours(in_progress, log, today):
    assert step_for(in_progress, in_progress.client).title == "Waiting for Astrid Lindqvist's hours"
    day = log(minutes=480, date=today - DAY).date
    services.timelogs_submit(actor=in_progress.freelancer, booking=in_progress)
    step = step_for(in_progress, in_progress.client)
    monday = day - datetime.timedelta(days=day.weekday())
    assert step.title == f"Approve Astrid Lindqvist's 8 hours for week {monday.isocalendar().week}"
    assert step.fields == (("week", monday.strftime("%G-W%V")),)
    assert step.url == reverse("bookings:timesheet_approve", args=[in_progress.pk])
    assert step.detail.startswith("1 time log from ")


def test_the_approve_button_approves_that_week(in_progress, log, today):
    log(minutes=120, date=today - DAY)
    services.timelogs_submit(actor=in_progress.freelancer, booking=in_progress)
    step = step_for(in_progress, in_progress.client)
    response = as_user(in_progress.client).post(step.url, dict(step.fields))
    assert response.status_code == 302
    assert TimeLog.objects.get().status == TimeLog.Status.APPROVED


def test_work_marked_done_is_confirmed_by_the_client(reach):
    booking = reach("done")
    step = step_for(booking, booking.client)
    assert step.title == "Confirm Astrid Lindqvist's work is done" and step.action == "confirm"
    actions = steps.page_actions(booking=booking, user=booking.client)
    assert actions.more == [] and [offer.action for offer in actions.risky] == ["dispute"]
    waiting = step_for(booking, booking.freelancer)
    assert waiting.waiting and waiting.title == "Waiting for Nordbygg AB to confirm the work is done"


def test_a_completed_booking_asks_each_to_rate_the_other_while_the_window_is_open(reach, settings):
    booking = reach("completed")
    assert step_for(booking, booking.client).title == "Rate Astrid Lindqvist"
    assert step_for(booking, booking.freelancer).url == reverse("ratings:booking", args=[booking.pk])
    Booking.objects.filter(pk=booking.pk).update(completed_at=booking.completed_at
                                                 - datetime.timedelta(days=settings.RATING_WINDOW_DAYS + 1))
    booking.refresh_from_db()
    assert step_for(booking, booking.client).title == "The booking is completed"


@pytest.mark.parametrize(("state", "client_title", "freelancer_title"), [
    ("disputed", "Valund is looking into the dispute", "Valund is looking into the dispute"),
    ("cancelled", "The booking is cancelled", "The booking is cancelled"),
    ("declined", "Find another freelancer", "You declined this request"),
    ("expired", "Find another freelancer", "The request expired before you answered"),
])
def test_closed_bookings_say_what_happens_now(reach, state, client_title, freelancer_title):
    booking = reach(state)
    client_step = step_for(booking, booking.client)
    assert client_step.title == client_title and client_step.detail
    assert step_for(booking, booking.freelancer).title == freelancer_title
    if client_title == "Find another freelancer":
        assert client_step.url == directory_url()


def test_staff_see_no_step(reach):
    booking = reach("accepted")
    staff = with_second_factor(User.objects.create_superuser(email="support@valund.example", password="x" * 16))
    assert step_for(booking, staff) is None
    assert "What happens next" in as_user(staff).get(booking.get_absolute_url()).content.decode()


# --- The page --------------------------------------------------------------------------------------


def main_column(html: str) -> str:
    return html.split('<div class="layout-sidebar">', 1)[1].split("<aside", 1)[0]


def first_button(html: str) -> str:
    match = re.search(r"<button\b[^>]*>(.*?)</button>|<a\b[^>]*class=\"button[^\"]*\"[^>]*>(.*?)</a>",
                      main_column(html), re.S)
    return (match.group(1) or match.group(2)).strip()


@pytest.mark.parametrize(("state", "side", "label"), [
    ("pending", "freelancer", "Accept Nordbygg AB&#x27;s request"),
    ("accepted", "freelancer", "Start work for Nordbygg AB"),
    ("done", "client", "Confirm Astrid Lindqvist&#x27;s work is done"),
    ("completed", "client", "Rate Astrid Lindqvist"),
    ("declined", "client", "Find another freelancer"),
])
def test_the_page_leads_with_the_step(reach, state, side, label):
    booking = reach(state)
    html = as_user(getattr(booking, side)).get(booking.get_absolute_url()).content.decode()
    assert first_button(html) == label
    # The step comes before the work's details.
    assert html.index('id="next-heading"') < html.index('id="work-heading"')


def test_the_unfunded_booking_leads_with_paying_and_the_escrow_card_does_not_repeat_it(make_booking, today):
    booking = make_booking(Booking.Status.ACCEPTED, start_date=today + 5 * DAY, end_date=today + 8 * DAY)
    html = as_user(booking.client).get(booking.get_absolute_url()).content.decode()
    assert first_button(html) == "Pay 10,400 SEK into escrow"
    assert html.count("into escrow</button>") == 1
    # Cancelling is there, after the step, and only behind its confirmation.
    cancel = html.index("<summary>Cancel the booking…</summary>")
    assert html.index("Pay 10,400 SEK into escrow") < cancel < html.index("Yes, cancel the booking")
    assert "button--danger" not in html[:cancel]


def test_the_freelancer_answering_sees_the_job_before_the_answer_and_the_decline_reason_folded(make_booking):
    booking = make_booking(Booking.Status.PENDING)
    html = main_column(as_user(booking.freelancer).get(booking.get_absolute_url()).content.decode())
    assert html.index("Expected") < html.index("Accept Nordbygg AB") < html.index("Decline…")
    decline = html[html.index("<details class=\"confirm\">"):]
    assert 'name="reason"' in decline.split("</details>", 1)[0] and "required" in decline.split("</details>", 1)[0]
    assert re.search(r"<details class=\"booking-step__note\">\s*<summary>", html)  # the optional note is folded too


def test_the_confirmed_forms_post_to_the_same_endpoints(make_booking):
    booking = make_booking(Booking.Status.PENDING)
    response = as_user(booking.freelancer).post(reverse("bookings:act", args=[booking.pk, "decline"]),
                                                {"reason": "Fully booked."})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == Booking.Status.DECLINED and booking.closed_reason == "Fully booked."


def test_a_third_member_learns_nothing(reach, stranger):
    booking = reach("accepted")
    visitor = as_user(stranger)
    assert visitor.get(booking.get_absolute_url()).status_code == 404
    assert visitor.post(reverse("bookings:act", args=[booking.pk, "cancel"])).status_code == 404
    booking.refresh_from_db()
    assert booking.status == Booking.Status.ACCEPTED


def test_the_step_costs_the_same_queries_however_much_time_is_logged(in_progress, log, today):
    def queries(user):
        visitor = as_user(user)
        with CaptureQueriesContext(connection) as captured:
            assert visitor.get(in_progress.get_absolute_url()).status_code == 200
        return len(captured.captured_queries)

    for user in (in_progress.client, in_progress.freelancer):
        queries(user)  # the first request fills caches (the site, the member's own figures)
    log(minutes=60, date=today - DAY)
    services.timelogs_submit(actor=in_progress.freelancer, booking=in_progress)
    few = queries(in_progress.client), queries(in_progress.freelancer)
    for days in (2, 3):
        log(minutes=30, date=today - days * DAY)
    services.timelogs_submit(actor=in_progress.freelancer, booking=in_progress)
    log(minutes=45, date=today - DAY)
    assert (queries(in_progress.client), queries(in_progress.freelancer)) == few
