"""The site header in Chromium for a visitor, a freelancer and a client: one row at 1280 px and at
most two at 375 px (the brand, then links that scroll sideways), every link reachable with the Tab
key and in view when it has the focus, without JavaScript too; the footer's standard pages; the
judges on each page."""

import re

import pytest
from playwright.sync_api import expect

from marketplace.accounts.models import User
from marketplace.notifications.models import Kind
from marketplace.notifications.services import notify

from .conftest import DESKTOP, PHONE, served_html, track

# The rows the header's items sit in: items whose vertical middles are this close share a row.
ROW_TOLERANCE = 12
ROWS = """(tolerance) => {
    const items = [document.querySelector('.site-header .brand'),
                   ...document.querySelectorAll('.site-nav__list > li')];
    const middles = items.map(e => { const r = e.getBoundingClientRect(); return r.top + r.height / 2; });
    const rows = [];
    for (const m of middles.sort((a, b) => a - b)) {
        if (!rows.length || m - rows[rows.length - 1] > tolerance) rows.push(m);
    }
    return {rows: rows.length, height: document.querySelector('.site-header').getBoundingClientRect().height};
}"""
FOCUSED = """() => {
    const e = document.activeElement, r = e.getBoundingClientRect();
    return {inHeader: !!e.closest('.site-header'), text: e.innerText.trim(),
            inView: r.left >= 0 && r.right <= window.innerWidth && r.top >= 0 && r.bottom <= window.innerHeight};
}"""

VISITOR = ["Find freelancers", "Log in", "Join Valund", "Svenska"]  # then the language switcher
FREELANCER = [
    "Find freelancers", "Dashboard", "Bookings", "Passport", "Payments", "Notifications", "Log out", "Svenska",
]
CLIENT = ["Find freelancers", "Dashboard", "Bookings", "Payments", "Notifications", "Log out", "Svenska"]


def tab_through_header(page) -> list[str]:
    """The header's items in the order the Tab key reaches them, each in view when focused."""
    page.locator("body").focus()
    reached = []
    for _ in range(20):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["text"] == "Skip to content":
            continue
        if not focused["inHeader"]:
            break
        assert focused["inView"], f"{focused['text']} has the focus out of view"
        reached.append(re.sub(r"\s+\d+\s+unread$", "", " ".join(focused["text"].split())))
    return reached


@pytest.fixture
def people(make_page_tree, make_member):
    make_page_tree()
    freelancer = make_member(User.Role.FREELANCER, name="Sara Ek")
    # The unread count's badge, whose hidden words must not widen the page either.
    notify(
        recipient=freelancer, kind=Kind.BOOKING_ACCEPTED, event_key="navigation:1", title="Accepted", url="/bookings/"
    )
    return {
        "visitor": (None, VISITOR),
        "freelancer": (freelancer, FREELANCER),
        "client": (make_member(User.Role.CLIENT, name="Nordbygg AB"), CLIENT),
    }


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_header_fits_and_every_link_is_reachable_by_keyboard(
    site, browser_context, signed_in, judges, people, viewport
):
    size = "phone" if viewport == PHONE else "desktop"
    most_rows = 1 if viewport == DESKTOP else 2
    for who, (member, links) in people.items():
        for javascript in (True, False):
            if member is None:
                page = track(browser_context(viewport=viewport, javascript=javascript).new_page())
            else:
                page = signed_in(member, viewport=viewport, javascript=javascript)
            path = "/" if member is None else "/dashboard/"
            assert page.goto(path).ok
            measured = page.evaluate(ROWS, ROW_TOLERANCE)
            assert measured["rows"] <= most_rows, f"{who} at {size}: {measured}"
            assert measured["height"] <= 70 * most_rows, f"{who} at {size}: {measured}"
            assert tab_through_header(page)[1:] == links, f"{who} at {size}"  # after the brand
            assert page.evaluate("() => document.documentElement.scrollWidth") <= viewport["width"]
            if javascript:
                judges.check(page, f"{who}-{size}", html=served_html(page))
            footer = page.get_by_role("contentinfo")
            expect(footer.get_by_role("link", name="About")).to_have_attribute("href", "/en/about/")
    judges.assert_clean()


def test_the_current_section_is_marked_for_a_freelancer(site, signed_in, judges, people):
    page = signed_in(people["freelancer"][0], viewport=PHONE)
    nav = page.get_by_role("navigation", name="Main")
    assert page.goto("/payments/payouts/").ok
    expect(nav.get_by_role("link", name="Payments")).to_have_attribute("aria-current", "true")
    assert page.goto("/passport/").ok
    passport = nav.get_by_role("link", name="Passport")
    expect(passport).to_have_attribute("aria-current", "page")
    expect(passport).to_be_in_viewport(ratio=1)  # valund.js scrolls the links to the current one
    judges.check(page, "passport-phone", html=served_html(page))
    judges.assert_clean()
