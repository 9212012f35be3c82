"""The booking page in Chromium, at desktop and phone sizes: for every state and each side, the
first button in the main column is the step that moves the booking forward (at 1280 px without
scrolling), or, when the other party moves next, the page says whom they wait for; cancelling,
declining and disputing each need a second, confirming click. The judges look at every page."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from marketplace.accounts.models import User
from marketplace.bookings import services
from marketplace.bookings.models import Booking
from marketplace.payments.models import ConnectedAccount
from tests.marketplace.bookings.fixtures import fund_escrow

from .conftest import DESKTOP, PHONE, served_html
from .judges import ARTIFACTS

DAY = datetime.timedelta(days=1)
SCREENSHOTS = ARTIFACTS.parent / "screenshots"  # beside the tour's
CLIENT, FREELANCER = "Nordbygg AB", "Sara Nyström"


class People:
    """The two parties of every booking here, each signed in in a browser of their own."""

    def __init__(self, make_member, signed_in, viewport, javascript=True):
        self.client = make_member(User.Role.CLIENT, name=CLIENT)
        self.freelancer = make_member(User.Role.FREELANCER, name=FREELANCER, hourly_rate=65000, currency="SEK")
        self.pages = {side: signed_in(user, viewport=viewport, javascript=javascript)
                      for side, user in (("client", self.client), ("freelancer", self.freelancer))}

    def booking(self, state: str) -> Booking:
        """A booking of theirs brought through the services to `state`."""
        today = timezone.localdate()
        later = state == "accepted_later"
        start = today + 5 * DAY if later else today
        booking = services.booking_request(
            client=self.client, freelancer=self.freelancer, title=f"Railings ({state.replace('_', ' ')})",
            description="Four flights of steel railings.", start_date=start, end_date=start + 4 * DAY,
            expected_hours="16")
        if state == "pending":
            return booking
        if state == "declined":
            services.booking_decline(actor=self.freelancer, booking=booking, reason="Fully booked.")
            return booking
        services.booking_accept(actor=self.freelancer, booking=booking)
        if state == "accepted_unfunded":
            return booking
        fund_escrow(booking)
        if state in ("accepted", "accepted_later"):
            return booking
        booking = services.booking_start(actor=self.freelancer, booking=booking)
        if state == "submitted":
            # The work began yesterday: a whole day logged for today would be refused before 08:00.
            Booking.objects.filter(pk=booking.pk).update(start_date=today - DAY)
            booking.refresh_from_db()
            services.timelog_create(actor=self.freelancer, booking=booking, date=today - DAY, minutes=480,
                                    description="Cut and fitted the first flight")
            services.timelogs_submit(actor=self.freelancer, booking=booking)
        if state in ("done", "completed"):
            services.booking_mark_done(actor=self.freelancer, booking=booking)
        if state == "completed":
            services.booking_confirm(actor=self.client, booking=booking)
        booking.refresh_from_db()
        return booking


def week_of(day: datetime.date) -> int:
    return day.isocalendar().week


# (state, side, the step's button, or None when the page says whom they wait for, and the heading)
CASES = [
    ("pending", "freelancer", f"Accept {CLIENT}'s request", None),
    ("pending", "client", None, f"Waiting for {FREELANCER} to answer"),
    ("accepted_unfunded", "client", "Pay 10,400 SEK into escrow", None),
    ("accepted_unfunded", "freelancer", "Set up payouts", None),
    ("accepted", "freelancer", f"Start work for {CLIENT}", None),
    ("accepted", "client", None, f"Waiting for {FREELANCER} to start the work"),
    ("accepted_later", "client", None, f"{FREELANCER} starts on"),
    ("in_progress", "freelancer", "Log your hours", None),
    ("in_progress", "client", None, f"Waiting for {FREELANCER}'s hours"),
    ("submitted", "client", f"Approve {FREELANCER}'s 8 hours for week {week_of(timezone.localdate() - DAY)}", None),
    ("done", "client", f"Confirm {FREELANCER}'s work is done", None),
    ("done", "freelancer", None, f"Waiting for {CLIENT} to confirm the work is done"),
    ("completed", "client", f"Rate {FREELANCER}", None),
    ("completed", "freelancer", f"Rate {CLIENT}", None),
    ("declined", "client", "Find another freelancer", None),
    ("declined", "freelancer", None, "You declined this request"),
]


def main_column(page):
    return page.locator(".layout-sidebar > .stack").first


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_every_state_leads_with_its_step_for_each_side(site, signed_in, judges, make_member, viewport):
    people = People(make_member, signed_in, viewport)
    bookings = {state: people.booking(state) for state in dict.fromkeys(case[0] for case in CASES)}
    for state, side, button, waiting in CASES:
        page = people.pages[side]
        response = page.goto(bookings[state].get_absolute_url())
        assert response.ok, f"{state}/{side}: {response.status}"
        name = f"booking-{state}-{side}-{viewport['width']}"
        judges.check(page, name, html=served_html(page))
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))  # what shows before any scrolling
        column = main_column(page)
        first = column.locator("button:visible, a.button:visible").first
        if button is not None:
            expect(first, name).to_have_text(button)
            if viewport == DESKTOP:
                box = first.bounding_box()
                assert box["y"] + box["height"] <= viewport["height"], f"{name}: the step is below the fold"
            else:
                first.scroll_into_view_if_needed()
                expect(first).to_be_in_viewport()
        else:
            heading = page.locator("#next-heading")
            expect(heading, name).to_contain_text(waiting)
            if viewport == DESKTOP:
                expect(heading).to_be_in_viewport()
            # Waiting means no big button in the step: only the messages' "Send" further down.
            expect(page.locator(".booking-step").locator("button:visible, a.button:visible")).to_have_count(0)
        # The details of the work always come after the step.
        assert page.evaluate("() => !!(document.getElementById('next-heading').compareDocumentPosition("
                             "document.getElementById('work-heading')) & Node.DOCUMENT_POSITION_FOLLOWING)")
    judges.assert_clean()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_destructive_actions_need_a_second_confirming_click(site, signed_in, judges, make_member, javascript):
    people = People(make_member, signed_in, DESKTOP, javascript=javascript)
    freelancer, client = people.pages["freelancer"], people.pages["client"]

    # Declining a request: the reason box is folded away until asked for, and the first click
    # only opens it.
    request = people.booking("pending")
    freelancer.goto(request.get_absolute_url())
    reason = freelancer.get_by_label("Reason (required)")
    expect(reason).to_be_hidden()
    freelancer.get_by_text("Decline…").click()
    expect(reason).to_be_visible()
    request.refresh_from_db()
    assert request.status == Booking.Status.PENDING
    if javascript:
        judges.check(freelancer, "decline-opened", html=served_html(freelancer))
    reason.fill("Fully booked that week.")
    freelancer.get_by_role("button", name=f"Decline {CLIENT}'s request").click()
    freelancer.wait_for_load_state("load")
    request.refresh_from_db()
    assert request.status == Booking.Status.DECLINED and request.closed_reason == "Fully booked that week."

    # Cancelling an accepted booking: a plain "Cancel the booking…" opens to "Yes, cancel".
    booking = people.booking("accepted_later")
    client.goto(booking.get_absolute_url())
    confirm = client.get_by_role("button", name="Yes, cancel the booking")
    expect(confirm).to_be_hidden()
    client.get_by_text("Cancel the booking…").click()
    booking.refresh_from_db()
    assert booking.status == Booking.Status.ACCEPTED
    confirm.click()
    client.wait_for_load_state("load")
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED

    # Opening a dispute goes to its own page, which asks for the reason before anything happens.
    running = people.booking("in_progress")
    client.goto(running.get_absolute_url())
    client.get_by_role("link", name=re.compile("Open a dispute")).click()
    client.wait_for_load_state("load")
    assert client.url == site(reverse("payments:dispute", args=[running.pk]))
    running.refresh_from_db()
    assert running.status == Booking.Status.IN_PROGRESS
    judges.assert_clean()


def test_the_freelancer_with_payouts_set_up_waits_for_the_payment(site, signed_in, judges, make_member):
    people = People(make_member, signed_in, DESKTOP)
    ConnectedAccount.objects.create(user=people.freelancer, stripe_id="acct_ready", details_submitted=True,
                                    charges_enabled=True, payouts_enabled=True, simulated=True)
    booking = people.booking("accepted_unfunded")
    page = people.pages["freelancer"]
    page.goto(booking.get_absolute_url())
    expect(page.locator("#next-heading")).to_have_text(f"Waiting for {CLIENT} to pay into escrow")
