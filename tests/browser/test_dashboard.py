"""The dashboard in Chromium at 1280 and 360 px: a freelancer and a client with things waiting see
them counted at the top, each a link that opens where it is done; a new member sees the
getting-started checklist (done steps ticked, each a link) and one visibility status; a
freelancer sees no card meant for clients. The judges look at every dashboard."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from marketplace.accounts.models import User
from marketplace.bookings import services
from marketplace.bookings.models import Booking

from .conftest import DESKTOP, served_html
from .judges import ARTIFACTS

SCREENSHOTS = ARTIFACTS.parent / "screenshots"  # beside the tour's
PHONE_360 = {"width": 360, "height": 740}
SIZES = [pytest.param(DESKTOP, id="1280"), pytest.param(PHONE_360, id="360")]
DAY = datetime.timedelta(days=1)


def _size(viewport) -> str:
    return str(viewport["width"])


def _inbox(page):
    return page.get_by_role("region", name="Needs you now")


def _request(client, freelancer, title, start):
    return services.booking_request(
        client=client,
        freelancer=freelancer,
        title=title,
        description="Four flights of steel railings.",
        start_date=start,
        end_date=start + 4 * DAY,
        expected_hours="16",
    )


@pytest.fixture
def busy(make_member, make_page_tree):
    """A client and a freelancer with two requests to answer, one booking to pay and one at work
    with two days of time waiting for approval."""
    make_page_tree()
    client = make_member(User.Role.CLIENT, name="Nordbygg AB", company_name="Nordbygg AB", city="Uppsala")
    sara = make_member(User.Role.FREELANCER, name="Sara Nyström", hourly_rate=65000, currency="SEK")
    today = timezone.localdate()
    for n in (1, 2):
        _request(client, sara, f"Railings, stair {n}", today + 10 * DAY)
    to_pay = _request(client, sara, "Balcony rails", today + 5 * DAY)
    services.booking_accept(actor=sara, booking=to_pay)
    at_work = _request(client, sara, "Gate repair", today)
    services.booking_accept(actor=sara, booking=at_work)
    from tests.marketplace.bookings.fixtures import fund_escrow

    fund_escrow(at_work)
    at_work = services.booking_start(actor=sara, booking=at_work)
    Booking.objects.filter(pk=at_work.pk).update(start_date=today - 3 * DAY)  # days past to log
    at_work.refresh_from_db()
    for day in (1, 2):  # whole days past: four hours today are refused before 04:00
        services.timelog_create(
            actor=sara, booking=at_work, date=today - day * DAY, minutes=240, description=f"Welded, day {day}"
        )
    services.timelogs_submit(actor=sara, booking=at_work)
    return {"client": client, "freelancer": sara, "to_pay": to_pay, "at_work": at_work}


@pytest.mark.parametrize("viewport", SIZES)
def test_a_freelancer_sees_her_requests_counted_and_linked_and_no_client_cards(signed_in, judges, busy, viewport):
    page = signed_in(busy["freelancer"], viewport=viewport)
    assert page.goto("/dashboard/").ok
    judges.check(page, f"dashboard-freelancer-{_size(viewport)}", html=served_html(page))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"dashboard-freelancer-{_size(viewport)}.png", full_page=True)

    inbox = _inbox(page)
    answer = inbox.get_by_role("link", name="2 booking requests to answer")
    expect(answer).to_be_visible()
    box = answer.bounding_box()
    assert box["y"] + box["height"] <= viewport["height"]  # the first thing on the first screen
    expect(inbox.get_by_role("link", name="Set up payouts")).to_be_visible()
    expect(inbox.get_by_role("link", name=re.compile(r"^\d+ unread notifications?$"))).to_be_visible()
    for client_only in ("Saved searches", "Hire a freelancer"):
        expect(page.get_by_role("heading", name=client_only)).to_have_count(0)

    answer.click()
    expect(page).to_have_url(re.compile(r"/bookings/$"))
    expect(page.get_by_role("link", name="Railings, stair 1")).to_be_visible()


@pytest.mark.parametrize("viewport", SIZES)
def test_a_client_sees_what_to_pay_and_approve_counted_and_each_opens_its_booking(signed_in, judges, busy, viewport):
    page = signed_in(busy["client"], viewport=viewport)
    assert page.goto("/dashboard/").ok
    judges.check(page, f"dashboard-client-{_size(viewport)}", html=served_html(page))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"dashboard-client-{_size(viewport)}.png", full_page=True)

    inbox = _inbox(page)
    pay = inbox.get_by_role("link", name="1 booking to pay into escrow")
    approve = inbox.get_by_role("link", name="2 time logs to approve")
    expect(pay).to_be_visible()
    expect(approve).to_be_visible()
    assert pay.bounding_box()["y"] < viewport["height"]
    for freelancer_only in ("Your profile", "Competence passport"):
        expect(page.get_by_role("heading", name=freelancer_only)).to_have_count(0)

    pay.click()
    expect(page).to_have_url(re.compile(rf"/bookings/{busy['to_pay'].pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Balcony rails")
    page.go_back()
    _inbox(page).get_by_role("link", name="2 time logs to approve").click()
    expect(page).to_have_url(re.compile(rf"/bookings/{busy['at_work'].pk}/timesheet/$"))
    assert Booking.objects.get(pk=busy["at_work"].pk).status == Booking.Status.IN_PROGRESS


@pytest.mark.parametrize("viewport", SIZES)
def test_a_new_freelancer_gets_a_checklist_and_one_visibility_status(signed_in, judges, make_member, viewport):
    sara = make_member(User.Role.FREELANCER, name="Sara Ek", verified=False, hourly_rate=50000, currency="SEK")
    page = signed_in(sara, viewport=viewport)
    assert page.goto("/dashboard/").ok
    judges.check(page, f"dashboard-new-freelancer-{_size(viewport)}", html=served_html(page))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"dashboard-new-freelancer-{_size(viewport)}.png", full_page=True)

    start = page.get_by_role("region", name="Getting started")
    expect(start.get_by_role("progressbar", name="1 of 8 steps done")).to_have_attribute("value", "1")
    steps = start.get_by_role("listitem")
    expect(steps).to_have_count(8)
    rate = start.locator(".checklist__item--done")
    expect(rate).to_have_count(1)
    expect(rate.get_by_role("link")).to_have_text("Set your hourly rate")
    # No banners stacked above it: confirming the email is the checklist's first step.
    expect(page.locator("main .alert")).to_have_count(0)
    expect(page.get_by_text("Not visible yet", exact=True)).to_be_visible()
    expect(page.get_by_text("Public", exact=True)).to_have_count(0)

    start.get_by_role("link", name="Add your skills").click()
    expect(page).to_have_url(re.compile(r"/dashboard/skills/$"))
    page.go_back()
    page.get_by_role("region", name="Getting started").get_by_role("link", name="Confirm your email address").click()
    expect(page).to_have_url(re.compile(r"/accounts/email/$"))


def test_a_new_client_gets_a_checklist_of_their_own(signed_in, judges, make_member, make_page_tree):
    make_page_tree()
    client = make_member(User.Role.CLIENT, name="Nordbygg AB")
    page = signed_in(client, viewport=PHONE_360)
    assert page.goto("/dashboard/").ok
    judges.check(page, "dashboard-new-client-360", html=served_html(page))

    start = page.get_by_role("region", name="Getting started")
    expect(start.get_by_role("listitem")).to_have_text(
        [
            "✓ Confirm your email address (done)",
            "Add your company name",
            "Choose your place",
            "Find a freelancer and request a booking",
        ]
    )
    start.get_by_role("link", name="Find a freelancer and request a booking").click()
    expect(page).to_have_url(re.compile(r"/en/freelancers/$"))
