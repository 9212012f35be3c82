"""The journey once in Swedish (issue 21): a visitor whose browser asks for Swedish lands on
/sv/, searches for "svetsare", opens a profile, signs up (the account keeps Swedish), and
requests a booking; the freelancer accepts, the client pays into escrow, the hours are logged
and approved on the timesheet, the work is confirmed done and both rate each other, each page
in Swedish. On every page: <html lang="sv">, Swedish text from the catalogue, none of the
catalogue's English sentences left untranslated, and the judges (axe-core and the Nu HTML
Checker) as in the English journey. The switcher, reached with the keyboard, then shows the
same page in English.

Labels are looked up in the catalogue (`sv()`), so the test follows the translators' words;
a few are also written out, so a catalogue that stopped being used would fail.
"""

import re
from datetime import timedelta
from functools import cache

from django.utils import timezone, translation
from playwright.sync_api import expect

from marketplace.accounts.models import User
from marketplace.bookings.models import Booking
from marketplace.demo.seed import seed_demo
from tests.test_i18n_catalogue import english_in, english_needles, visible_text

from .test_journey import PASSWORD, Journey, emailed_code, press


def sv(message: str) -> str:
    with translation.override("sv"):
        return translation.gettext(message)


@cache
def needles() -> dict[str, str]:
    return english_needles()


def assert_swedish(page, *texts) -> None:
    assert page.locator("html").get_attribute("lang") == "sv", page.url
    body = page.locator("body")
    expect(body).to_contain_text("Hitta frilansare")  # the header's link, written out
    for text in texts:
        expect(body).to_contain_text(text)
    # The catalogue test's check (tests/test_i18n_catalogue.py), on the page as it stands.
    left = english_in(visible_text(page.content()), needles())
    assert not left, f"English on the Swedish page {page.url}: {left}"


def test_the_journey_in_swedish(site, browser_context, signed_in, judges):
    seed_demo(freelancers=12, clients=3, seed=2026)
    journey = Journey(browser_context, judges)

    # --- A visitor with a Swedish browser arrives at the bare address and lands on /sv/.
    visitor = journey.person(locale="sv-SE")
    journey.visit(visitor, "/", "sv-home")
    assert re.search(r"/sv/$", visitor.url), visitor.url
    assert_swedish(visitor)

    # ... searches for a welder, in Swedish: the live results follow the typing.
    visitor.get_by_role("banner").get_by_role("link", name=sv("Find freelancers")).first.click()
    visitor.wait_for_load_state("load")
    assert "/sv/" in visitor.url, visitor.url
    visitor.get_by_label(sv("Search")).first.fill("svetsare")
    expect(visitor).to_have_url(re.compile(r"q=svetsare"))
    results = visitor.locator("#search-results")
    expect(results).to_contain_text("Sara Nyström")
    journey.judge(visitor, "sv-search-results")
    assert_swedish(visitor)

    # ... opens the profile.
    results.get_by_role("link", name="Sara Nyström").first.click()
    visitor.wait_for_load_state("load")
    journey.judge(visitor, "sv-profile")
    expect(visitor.get_by_role("heading", level=1, name="Sara Nyström")).to_be_visible()
    assert_swedish(visitor, "Skicka bokningsförfrågan")
    profile_url = visitor.url

    # --- Signs up as a client, in Swedish, and confirms the emailed code: signed in, and the
    # account keeps the language it was made in.
    journey.visit(visitor, "/accounts/signup/", "sv-signup")
    assert_swedish(visitor)
    visitor.get_by_role("radio", name=sv("A client hiring freelancers")).check()
    visitor.get_by_label(sv("Your name")).fill("Johanna Ek")
    visitor.get_by_label(sv("Company (clients, optional)")).fill("Ek Bygg AB")
    visitor.get_by_label(re.compile(rf"^{re.escape(sv('Email'))}:?$")).fill("johanna@bygg.example")
    visitor.get_by_label(re.compile(rf"^{re.escape(sv('Password'))}:?$")).fill(PASSWORD)
    visitor.get_by_label(re.compile(rf"^{re.escape(sv('Password (again)'))}:?$")).fill(PASSWORD)
    press(visitor, sv("Join Valund"))
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Bekräfta din e-postadress")
    journey.judge(visitor, "sv-confirm-email")
    assert_swedish(visitor)
    visitor.get_by_label(re.compile(re.escape(sv("Code")), re.I)).fill(emailed_code("johanna@bygg.example"))
    press(visitor, re.compile(rf"^{sv('Confirm')}$", re.I))
    assert visitor.url.endswith("/dashboard/"), visitor.url
    journey.judge(visitor, "sv-dashboard")
    assert_swedish(visitor)
    client = User.objects.get(email="johanna@bygg.example")
    assert client.email_verified and client.language == "sv"

    # ... and requests a booking from the profile, with Swedish labels and Swedish dates.
    visitor.goto(profile_url)
    visitor.get_by_role("link", name=sv("Request a booking")).click()
    visitor.wait_for_load_state("load")
    journey.judge(visitor, "sv-booking-request")
    assert_swedish(visitor, "Vad behöver du hjälp med?")
    today = timezone.localdate()
    visitor.get_by_label(sv("What do you need done?")).fill("Svetsa räcken i ett trapphus")
    visitor.get_by_label(sv("Description")).fill("Fyra trappor med stålräcken, ritningar finns på plats.")
    visitor.get_by_label(sv("Start date")).fill(today.isoformat())
    visitor.get_by_label(sv("End date")).fill((today + timedelta(days=4)).isoformat())
    visitor.get_by_label(sv("Expected hours")).fill("16")
    press(visitor, sv("Send the request"))
    journey.judge(visitor, "sv-booking-requested")
    assert_swedish(visitor)
    booking = Booking.objects.get(client=client)
    assert booking.status == Booking.Status.PENDING

    # --- The freelancer, whose account reads Swedish, accepts.
    freelancer = booking.freelancer
    freelancer.language = "sv"
    freelancer.save(update_fields=["language"])
    freelancer_page = signed_in(freelancer)
    freelancer_page.javascript = True
    journey.visit(freelancer_page, booking.get_absolute_url(), "sv-booking-freelancer-pending")
    assert_swedish(freelancer_page, sv("Accept"))
    press(freelancer_page, sv("Accept"))
    booking.refresh_from_db()
    assert booking.status == Booking.Status.ACCEPTED
    journey.judge(freelancer_page, "sv-booking-freelancer-accepted")
    assert_swedish(freelancer_page)

    # --- The client pays into escrow (simulated checkout), amounts as Swedish writes them.
    journey.visit(visitor, booking.get_absolute_url(), "sv-booking-client-accepted")
    assert_swedish(visitor)
    press(visitor, re.compile(r"^Sätt in .* i deposition$"))
    journey.judge(visitor, "sv-simulated-checkout")
    assert_swedish(visitor)
    press(visitor, re.compile(r"\(simulerat?\)"))
    journey.judge(visitor, "sv-booking-funded")
    assert_swedish(visitor)
    expect(visitor.locator("main")).to_contain_text(re.compile(r"\d\u00a0kr"))  # "1 250 kr", no-break spaces
    booking.refresh_from_db()

    # --- The freelancer sets up payouts, starts, logs an hour and a half and submits it.
    journey.visit(freelancer_page, "/payments/payouts/", "sv-payouts")
    assert_swedish(freelancer_page)
    if freelancer_page.get_by_role("button", name=sv("Set up payouts")).count():
        press(freelancer_page, sv("Set up payouts"))
        journey.judge(freelancer_page, "sv-simulated-onboarding")
        assert_swedish(freelancer_page)
        press(freelancer_page, sv("Finish set-up (simulated)"))
    journey.visit(freelancer_page, booking.get_absolute_url(), "sv-booking-freelancer-funded")
    assert_swedish(freelancer_page)
    press(freelancer_page, sv("Start work"))
    booking.refresh_from_db()
    assert booking.status == Booking.Status.IN_PROGRESS
    # Just after midnight in Stockholm fewer than 90 minutes of today have passed, and the service
    # refuses time not yet worked: the freelancer then works from Tokyo (the same date, 7-8 hours on).
    stockholm_now = timezone.localtime()
    if stockholm_now.hour * 60 + stockholm_now.minute < 91:
        type(freelancer).objects.filter(pk=freelancer.pk).update(time_zone="Asia/Tokyo")
    journey.visit(freelancer_page, f"/bookings/{booking.pk}/time/", "sv-time")
    assert_swedish(freelancer_page)
    freelancer_page.get_by_label(re.compile(rf"^{sv('Date')}:?$")).fill(today.isoformat())
    freelancer_page.get_by_label(sv("Or a duration in minutes")).fill("90")
    freelancer_page.get_by_label(sv("What you did")).fill("Mätte upp och kapade det första räcket")
    freelancer_page.get_by_role("button", name=sv("Add as draft")).click()
    expect(freelancer_page.locator("main")).to_contain_text("Mätte upp och kapade det första räcket")
    press(freelancer_page, sv("Submit drafts for approval"))
    journey.judge(freelancer_page, "sv-time-submitted")
    assert_swedish(freelancer_page)

    # --- The client approves the week on the timesheet (ISO week, Swedish style: "v. 49").
    journey.visit(visitor, f"/bookings/{booking.pk}/timesheet/", "sv-timesheet")
    assert_swedish(visitor, re.compile(rf"v\.\s{today.isocalendar().week}\b"))
    press(visitor, sv("Approve the whole week"))
    journey.judge(visitor, "sv-timesheet-approved")
    assert_swedish(visitor)

    # --- Done and confirmed: completed, the escrow released, amounts in kronor.
    journey.visit(freelancer_page, booking.get_absolute_url(), "sv-booking-freelancer-in-progress")
    press(freelancer_page, sv("Mark the work as done"))
    journey.visit(visitor, booking.get_absolute_url(), "sv-booking-client-done")
    assert_swedish(visitor)
    press(visitor, re.compile(r"^Bekräfta att .* är klar med uppdraget$"))
    booking.refresh_from_db()
    assert booking.status == Booking.Status.COMPLETED
    journey.judge(visitor, "sv-booking-completed")
    assert_swedish(visitor)
    journey.visit(visitor, "/payments/", "sv-payment-history")
    assert_swedish(visitor)

    # --- Both rate each other, in Swedish.
    for page, name, text in ((visitor, "client", "Snygga svetsar, i tid och städat efteråt."),
                             (freelancer_page, "freelancer", "Tydliga ritningar och snabba godkännanden.")):
        journey.visit(page, f"/ratings/bookings/{booking.pk}/", f"sv-rating-form-{name}")
        assert_swedish(page)
        for dimension in ("overall", "communication", "quality", "timeliness", "professionalism"):
            page.locator(f"input[name={dimension}][value='5']").check()
        page.get_by_label(sv("Your review")).fill(text)
        press(page, sv("Send review"))
        journey.judge(page, f"sv-rated-{name}")
        assert_swedish(page)

    # --- The switcher, with the keyboard: focus the English entry and press Enter; the same
    # page comes back in English, and the member's account now reads English.
    journey.visit(visitor, booking.get_absolute_url(), "sv-booking-rated")
    assert_swedish(visitor)
    english = visitor.get_by_role("banner").locator("[lang=en]").first
    english.focus()
    expect(english).to_be_focused()
    with visitor.expect_navigation():
        visitor.keyboard.press("Enter")
    visitor.wait_for_load_state("load")
    assert visitor.url == site(booking.get_absolute_url()), visitor.url
    assert visitor.locator("html").get_attribute("lang") == "en"
    expect(visitor.locator("body")).to_contain_text("Find freelancers")
    expect(visitor.locator("main")).to_contain_text(re.compile(r"\d SEK"))
    journey.judge(visitor, "en-after-switch")
    client.refresh_from_db()
    assert client.language == "en"

    # A visitor's switch: the Swedish profile, switched to English, is the /en/ profile.
    reader = journey.person(locale="sv-SE")
    journey.visit(reader, profile_url, "sv-profile-reader")
    assert_swedish(reader, "Snygga svetsar, i tid och städat efteråt.")  # the review, as written
    link = reader.get_by_role("banner").get_by_role("link", name="English")
    link.focus()
    with reader.expect_navigation():
        reader.keyboard.press("Enter")
    reader.wait_for_load_state("load")
    assert "/en/" in reader.url and reader.locator("html").get_attribute("lang") == "en", reader.url
    expect(reader.locator("body")).to_contain_text("Request a booking")
    journey.judge(reader, "en-profile-after-switch")

    journey.judges.assert_clean()
