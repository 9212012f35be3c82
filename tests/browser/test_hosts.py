"""Paying into escrow and setting up payouts in Chromium at the live server's own address (a
random port on 127.0.0.1) while SITE_URL names another (localhost:8000, as when `PORT=8001
make run` once found 8000 busy): the simulated gateway's pages open at the address in use,
which the CSP's form-action allows, and the member ends back on the booking with the money held."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from marketplace.accounts.models import User
from marketplace.bookings import services
from marketplace.payments import selectors
from marketplace.payments.models import ConnectedAccount

ELSEWHERE = "http://localhost:8000"


def test_paying_into_escrow_and_setting_up_payouts_stay_at_the_address_in_use(
    signed_in, site, make_member, settings
):
    settings.SITE_URL = ELSEWHERE
    client = make_member(User.Role.CLIENT, name="Nordbygg AB")
    freelancer = make_member(User.Role.FREELANCER, name="Sara Nyström", hourly_rate=65000, currency="SEK")
    start = timezone.localdate() + datetime.timedelta(days=5)
    booking = services.booking_request(
        client=client,
        freelancer=freelancer,
        title="Railings",
        description="Four flights of steel railings.",
        start_date=start,
        end_date=start + datetime.timedelta(days=2),
        expected_hours="16",
    )
    services.booking_accept(actor=freelancer, booking=booking)
    blocked = []

    page = signed_in(client)
    page.on(
        "console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None
    )
    page.goto(booking.get_absolute_url())
    page.locator(f"form[action='{reverse('payments:fund', args=[booking.pk])}'] button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(re.escape(site("/payments/simulated/checkout/"))))
    page.get_by_role("button", name=re.compile(r"^Pay .* \(simulated\)$")).click()

    expect(page).to_have_url(site(booking.get_absolute_url()))
    expect(page.get_by_text("the money is held in escrow").first).to_be_visible()
    assert selectors.figures(booking).held == selectors.figures(booking).funded > 0

    page = signed_in(freelancer)
    page.goto(reverse("payments:payouts"))
    page.get_by_role("button", name="Set up payouts").click()
    expect(page).to_have_url(site(reverse("payments:simulated_onboarding")))
    page.get_by_role("button", name="Finish set-up (simulated)").click()

    expect(page).to_have_url(re.compile(re.escape(site(reverse("payments:payouts")))))
    assert ConnectedAccount.objects.get(user=freelancer).ready
    assert not blocked
