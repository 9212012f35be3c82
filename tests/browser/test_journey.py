"""The whole journey in Chromium, as people do it: a visitor, a freelancer, a reviewer, a
client and an editor, each in a browser of their own, on the demo site.

Every page on the way is handed to the judges (axe-core and the Nu HTML Checker), and the
test ends by asserting that they found nothing. The same search and booking request are
then done again with JavaScript off.
"""

import re
import time
from datetime import timedelta

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from marketplace.accounts.models import User
from marketplace.bookings.models import Booking
from marketplace.demo.passport import demo_pdf
from marketplace.demo.seed import seed_demo
from marketplace.passport.models import CompetenceDocument
from marketplace.ratings.models import Rating
from pages.models import HomePage

from .conftest import served_html, track

PASSWORD = "a-Long-journey-2026!"


class Journey:
    """Each person's browser, and the judges looking over every page."""

    def __init__(self, browser_context, judges):
        self.browser_context = browser_context
        self.judges = judges
        self.checked: list[str] = []

    def person(self, **options):
        page = track(self.browser_context(**options).new_page())
        page.javascript = options.get("javascript", True)
        return page

    def judge(self, page, name: str, *, validate_html: bool = True, upstream: tuple[str, ...] = ()) -> None:
        page.wait_for_load_state("load")
        # Judge the page at rest: no htmx request under way, no transition half done.
        page.wait_for_function("() => !document.querySelector('.htmx-request')"
                               " && document.getAnimations().every(a => !(a instanceof CSSTransition)"
                               " || a.playState !== 'running')")
        html = served_html(page)
        if not page.javascript:
            # axe runs inside the page, and a page without JavaScript runs nothing, not even
            # the DevTools' evaluate: the same person opens the same address with it on.
            url, twin = page.url, self.browser_context()
            twin.add_cookies(page.context.cookies())
            page = twin.new_page()
            page.goto(url)
        self.judges.check(page, name, html=html, validate_html=validate_html, upstream=upstream)
        self.checked.append(name)

    def visit(self, page, path: str, name: str, **judging) -> None:
        response = page.goto(path)
        assert response.ok, f"{path} answered {response.status}"
        self.judge(page, name, **judging)


SECRETS: dict[str, str] = {}


def totp_code(user) -> str:
    from allauth.mfa import app_settings

    return format_hotp_value(hotp_value(SECRETS[user.email], int(time.time()) // app_settings.TOTP_PERIOD))


def press(page, name) -> None:
    """Press the button (a form posts, the next page loads)."""
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state("load")


def emailed_code(email: str) -> str:
    """The code in the last email to this address (the live server shares the test's outbox)."""
    message = next(m for m in reversed(mail.outbox) if m.to == [email])
    return re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", message.body, re.M).group(1)


def sign_up(journey: Journey, page, *, role: str, name: str, email: str, company: str = "") -> User:
    journey.visit(page, "/accounts/signup/", f"signup-{role}")
    page.get_by_role("radio", name=re.compile(f"^A {role}", re.I)).check()
    page.get_by_label("Your name").fill(name)
    if company:
        page.get_by_label("Company (clients, optional)").fill(company)
    page.get_by_label("Email").fill(email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    press(page, re.compile("^join valund$", re.I))
    # Not signed in yet: the page asks for the code we emailed, and only the code lets them in.
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your email address")
    journey.judge(page, f"confirm-email-{role}")
    assert not User.objects.get(email=email).email_verified
    page.get_by_label(re.compile("code", re.I)).fill(emailed_code(email))
    press(page, re.compile("^confirm$", re.I))
    assert page.url.endswith("/dashboard/"), page.url
    journey.judge(page, f"signed-up-{role}")
    return User.objects.get(email=email)


def log_in(journey: Journey, page, user, *, name: str) -> None:
    journey.visit(page, "/accounts/login/", f"login-{name}")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    press(page, re.compile("sign in|log in", re.I))
    if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        journey.judge(page, f"login-code-{name}")
        page.get_by_label(re.compile("code", re.I)).fill(totp_code(user))
        press(page, re.compile("sign in|verify|continue", re.I))


def staff_member(email: str, name: str, groups: list[str]) -> User:
    user = User.objects.create_user(email=email, password=PASSWORD, is_staff=True, role=User.Role.ADMIN)
    user.profile.display_name = name
    user.profile.save(update_fields=["display_name"])
    user.groups.add(*Group.objects.filter(name__in=groups))
    SECRETS[email] = generate_totp_secret()
    TOTP.activate(user, SECRETS[email])
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    return user


def test_the_whole_journey(site, browser_context, judges):
    seed_demo(freelancers=12, clients=3, seed=2026)
    journey = Journey(browser_context, judges)

    # --- A visitor reads the home page and a public profile.
    visitor = journey.person()
    journey.visit(visitor, "/", "home")
    expect(visitor.get_by_role("heading", level=1)).to_be_visible()
    visitor.get_by_role("link", name="Sara Nyström").first.click()
    visitor.wait_for_load_state("load")
    journey.judge(visitor, "profile-demo-freelancer")
    expect(visitor.get_by_role("heading", level=1, name="Sara Nyström")).to_be_visible()

    # --- A freelancer signs up, confirms the email, fills in the profile and skills.
    freelancer_page = journey.person()
    freelancer = sign_up(journey, freelancer_page, role="freelancer", name="Ingrid Berg",
                         email="ingrid.berg@example.com")
    journey.visit(freelancer_page, "/dashboard/profile/", "profile-edit")
    freelancer_page.get_by_label("Headline").fill("Certified welder for steel structures")
    freelancer_page.get_by_label(re.compile(r"^About:?$")).fill(
        "I weld beams, brackets and railings, MIG/MAG and TIG, in Göteborg.")
    freelancer_page.get_by_label(re.compile(r"^Place:?$")).fill("Göteborg")
    freelancer_page.get_by_label("Hourly rate").fill("650")
    freelancer_page.get_by_label("Swedish", exact=True).check()  # not "About, in Swedish"
    freelancer_page.get_by_label("English", exact=True).check()
    press(freelancer_page, re.compile("save", re.I))
    journey.judge(freelancer_page, "profile-saved")
    freelancer.profile.refresh_from_db()
    assert freelancer.profile.headline == "Certified welder for steel structures"

    journey.visit(freelancer_page, "/dashboard/skills/", "skills")
    freelancer_page.get_by_label("Skill").select_option(label="Construction trades – Welding (MIG/MAG)")
    freelancer_page.get_by_label("Level").select_option(label="Expert")
    freelancer_page.get_by_label("Years").fill("9")
    freelancer_page.get_by_role("button", name="Save skill").click()
    expect(freelancer_page.locator("#skills strong", has_text="Welding (MIG/MAG)")).to_be_visible()
    journey.judge(freelancer_page, "skills-added")

    # ... uploads a certificate to the passport.
    journey.visit(freelancer_page, "/passport/upload/", "passport-upload")
    # The form follows the type (htmx swaps the details in): wait for the swap to settle before
    # filling them, or the swap may replace what was typed (it did, on a slow machine).
    freelancer_page.evaluate(
        "() => { window.detailsSettled = false; document.body.addEventListener("
        "'htmx:afterSettle', () => { window.detailsSettled = true; }, {once: true}); }"
    )
    freelancer_page.get_by_label("Document type").select_option(label="Hot work certificate (Heta arbeten)")
    freelancer_page.wait_for_function("() => window.detailsSettled")
    freelancer_page.get_by_label("Issued by").fill("Brandskyddsföreningen")
    today = timezone.localdate()
    freelancer_page.get_by_label("Issue date").fill((today - timedelta(days=30)).isoformat())
    freelancer_page.get_by_label("Expiry date").fill((today + timedelta(days=5 * 365)).isoformat())
    freelancer_page.get_by_label("File").set_input_files(
        files=[{"name": "hot-work.pdf", "mimeType": "application/pdf", "buffer": demo_pdf("Hot work certificate")}]
    )
    freelancer_page.get_by_label("Welding (MIG/MAG)").check()
    freelancer_page.get_by_role("button", name=re.compile("upload", re.I)).click()
    # The upload goes with a progress bar (XMLHttpRequest), then the page moves on.
    expect(freelancer_page.locator(".alert--success")).to_contain_text("was uploaded")
    journey.judge(freelancer_page, "passport-uploaded")
    document = CompetenceDocument.objects.get(owner=freelancer)

    assert document.status == CompetenceDocument.Status.UPLOADED

    # --- A reviewer approves it in the Wagtail admin (two-factor sign-in).
    reviewer = staff_member("rita@valund.example", "Rita Reviewer", ["Passport reviewers"])
    reviewer_page = journey.person()
    log_in(journey, reviewer_page, reviewer, name="reviewer")
    journey.visit(reviewer_page, "/admin/", "admin-dashboard", validate_html=False)
    reviewer_page.get_by_role("link", name=re.compile("Review queue")).first.click()
    reviewer_page.wait_for_load_state("load")
    journey.judge(reviewer_page, "admin-review-queue", validate_html=False)
    reviewer_page.get_by_role("link", name=re.compile("Ingrid Berg|Hot work")).first.click()
    reviewer_page.wait_for_load_state("load")
    press(reviewer_page, "Start review")
    journey.judge(reviewer_page, "admin-review")
    reviewer_page.locator("input[name=decision][value=approved]").check()
    for check in ("identity", "issuer", "dates", "intact"):
        reviewer_page.locator(f"input[name=checks][value={check}]").check()
    press(reviewer_page, "Record the decision")
    document.refresh_from_db()
    assert document.status == CompetenceDocument.Status.APPROVED

    # --- A client signs up and searches: the live results follow the typing.
    client_page = journey.person()
    client = sign_up(journey, client_page, role="client", name="Johanna Ek", email="johanna@bygg.example",
                     company="Ek Bygg AB")
    journey.visit(client_page, "/en/freelancers/", "search")
    client_page.get_by_label("Search").first.fill("welder")
    expect(client_page).to_have_url(re.compile(r"q=welder"))
    expect(client_page.locator("#search-results")).to_contain_text("Ingrid Berg")
    toggle = client_page.locator("summary", has_text="Filters")
    if toggle.is_visible():  # on a phone the filters fold away; on a desktop they are always open
        toggle.click()
    client_page.get_by_label(re.compile("verified", re.I)).first.check()
    expect(client_page).to_have_url(re.compile(r"verified="))
    expect(client_page.locator("#search-results")).to_contain_text("Ingrid Berg")
    journey.judge(client_page, "search-results-live")

    # ... opens the profile, sees the verified badge, requests a booking starting today.
    client_page.locator("#search-results").get_by_role("link", name="Ingrid Berg").click()
    client_page.wait_for_load_state("load")
    journey.judge(client_page, "profile-new-freelancer")
    expect(client_page.locator(".badge--verified").first).to_be_visible()
    client_page.get_by_role("link", name="Request a booking").click()
    client_page.wait_for_load_state("load")
    journey.judge(client_page, "booking-request")
    client_page.get_by_label("What do you need done?").fill("Weld railings for a stairwell")
    client_page.get_by_label("Description").fill("Four flights of steel railings, drawings attached on site.")
    client_page.get_by_label("Start date").fill(today.isoformat())
    client_page.get_by_label("End date").fill((today + timedelta(days=4)).isoformat())
    client_page.get_by_label("Expected hours").fill("16")
    press(client_page, "Send the request")
    journey.judge(client_page, "booking-requested")
    booking = Booking.objects.get(client=client)
    assert booking.status == Booking.Status.PENDING

    # --- The freelancer accepts.
    journey.visit(freelancer_page, booking.get_absolute_url(), "booking-freelancer-pending")
    press(freelancer_page, "Accept")
    booking.refresh_from_db()
    assert booking.status == Booking.Status.ACCEPTED

    # --- The client funds the escrow (simulated checkout).
    journey.visit(client_page, booking.get_absolute_url(), "booking-client-accepted")
    press(client_page, re.compile(r"^Pay .* into escrow"))
    journey.judge(client_page, "simulated-checkout")
    press(client_page, re.compile(r"\(simulated\)"))
    journey.judge(client_page, "booking-funded")
    expect(client_page.locator("body")).to_contain_text("10,400")

    # --- The freelancer sets up payouts, starts, logs time and submits it.
    journey.visit(freelancer_page, "/payments/payouts/", "payouts")
    press(freelancer_page, "Set up payouts")
    journey.judge(freelancer_page, "simulated-onboarding")
    press(freelancer_page, "Finish set-up (simulated)")
    journey.visit(freelancer_page, booking.get_absolute_url(), "booking-freelancer-funded")
    press(freelancer_page, "Start work")
    booking.refresh_from_db()
    assert booking.status == Booking.Status.IN_PROGRESS
    # Just after midnight in Stockholm fewer than 90 minutes of today have passed, and the service
    # refuses time not yet worked: the freelancer then works from Tokyo (the same date, 7-8 hours on).
    stockholm_now = timezone.localtime()
    if stockholm_now.hour * 60 + stockholm_now.minute < 91:
        User.objects.filter(pk=freelancer.pk).update(time_zone="Asia/Tokyo")
    journey.visit(freelancer_page, f"/bookings/{booking.pk}/time/", "time")
    freelancer_page.get_by_label("Date").fill(today.isoformat())
    freelancer_page.get_by_label("Or a duration in minutes").fill("90")
    freelancer_page.get_by_label("What you did").fill("Measured up and cut the first railing")
    freelancer_page.get_by_role("button", name="Add as draft").click()
    expect(freelancer_page.locator("main")).to_contain_text("Measured up and cut the first railing")
    press(freelancer_page, "Submit drafts for approval")
    journey.judge(freelancer_page, "time-submitted")

    # --- The client approves the week on the timesheet.
    journey.visit(client_page, f"/bookings/{booking.pk}/timesheet/", "timesheet")
    press(client_page, "Approve the whole week")
    journey.judge(client_page, "timesheet-approved")

    # --- Done, confirmed: completed, and the escrow released with the fee shown.
    journey.visit(freelancer_page, booking.get_absolute_url(), "booking-freelancer-in-progress")
    press(freelancer_page, "Mark the work as done")
    journey.visit(client_page, booking.get_absolute_url(), "booking-client-done")
    press(client_page, re.compile(r"^Confirm .* work is done$"))
    booking.refresh_from_db()
    assert booking.status == Booking.Status.COMPLETED
    journey.judge(client_page, "booking-completed")
    escrow = client_page.locator("main")
    expect(escrow).to_contain_text("975 SEK")  # 1.5 h at 650 SEK
    expect(escrow).to_contain_text("97.50 SEK")  # the platform fee, 10 %
    journey.visit(client_page, "/payments/", "payment-history")

    # --- Both rate each other; the reviews appear on the public profile once both have.
    for page, name, text in ((client_page, "client", "Tidy welds, on time, and a clean site."),
                             (freelancer_page, "freelancer", "Clear drawings and quick approvals.")):
        journey.visit(page, f"/ratings/bookings/{booking.pk}/", f"rating-form-{name}")
        for dimension in ("overall", "communication", "quality", "timeliness", "professionalism"):
            page.locator(f"input[name={dimension}][value='5']").check()
        page.get_by_label("Your review").fill(text)
        press(page, "Send review")
        journey.judge(page, f"rated-{name}")
    assert Rating.objects.filter(booking=booking, revealed_at__isnull=False).count() == 2
    journey.visit(visitor, freelancer.profile.get_absolute_url(), "profile-with-review")
    expect(visitor.locator("main")).to_contain_text("Tidy welds, on time, and a clean site.")

    # --- An editor features the freelancer on the home page, in the Wagtail page editor. Wagtail's
    # "Moderators" may publish; members of "Editors" would submit the change to them.
    editor = staff_member("edda@valund.example", "Edda Editor", ["Moderators"])
    editor_page = journey.person()
    log_in(journey, editor_page, editor, name="editor")
    home = HomePage.objects.get(locale__language_code="en")  # the English tree; the Swedish has its own
    journey.visit(editor_page, f"/admin/pages/{home.pk}/edit/", "admin-page-editor", validate_html=False,
                  # Draftail, Wagtail's rich text editor, is a textbox without a name.
                  upstream=("aria-input-field-name",))
    profiles = editor_page.locator("[data-contentpath='profiles']").first  # the featured freelancers list
    profiles.locator("button[data-streamfield-list-add]").first.click()  # a new first item
    profiles.locator(".chooser__choose-button").first.click()
    chooser = editor_page.get_by_role("dialog")
    chooser.get_by_role("link", name=re.compile("Ingrid Berg")).click()
    expect(profiles).to_contain_text("Ingrid Berg")
    editor_page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    editor_page.locator("button[name=action-publish]").click()
    # The publish has committed (and purged the cached home page) once Wagtail says so; the
    # editor's page was already loaded, so waiting for "load" did not wait for the publish.
    expect(editor_page.get_by_text(re.compile("has been published"))).to_be_visible(timeout=15_000)
    # The visitor's browser may keep its earlier copy of "/" for max-age (60 s, issue 20's
    # design); the site's own copies are purged, which any other address of the page shows.
    journey.visit(visitor, "/?from=journey", "home-featuring-new-freelancer")
    expect(visitor.locator("main")).to_contain_text("Ingrid Berg")

    journey.judges.assert_clean()


def test_search_and_booking_request_without_javascript(site, browser_context, judges):
    seed_demo(freelancers=12, clients=3, seed=2026, documents=True)
    journey = Journey(browser_context, judges)
    page = journey.person(javascript=False)
    # Signing up, the emailed code included, works with plain forms.
    client = sign_up(journey, page, role="client", name="Nils Ohlsson", email="nojs@bygg.example")
    assert client.email_verified

    # The search form is a plain GET form: the page reloads with the query in the URL.
    journey.visit(page, "/en/freelancers/", "search-no-js")
    page.get_by_label("Search").first.fill("welder")
    page.locator("#search").get_by_role("button", name="Search", exact=True).click()
    page.wait_for_load_state("load")
    assert "q=welder" in page.url
    # The filters fold into a <details> on a phone; here they are open. Verified only:
    page.get_by_label(re.compile("verified", re.I)).first.check()
    press(page, "Show results")
    assert "verified=" in page.url and "q=welder" in page.url
    journey.judge(page, "search-no-js-filtered")
    results = page.locator("#search-results")
    expect(results).to_contain_text("Sara Nyström")

    results.get_by_role("link", name="Sara Nyström").click()
    page.wait_for_load_state("load")
    journey.judge(page, "profile-no-js")
    expect(page.locator(".badge--verified").first).to_be_visible()
    page.get_by_role("link", name="Request a booking").click()
    page.wait_for_load_state("load")
    today = timezone.localdate()
    page.get_by_label("What do you need done?").fill("Repair a loading ramp")
    page.get_by_label("Description").fill("A cracked weld on the ramp at our depot.")
    page.get_by_label("Start date").fill((today + timedelta(days=2)).isoformat())
    page.get_by_label("End date").fill((today + timedelta(days=3)).isoformat())
    page.get_by_label("Expected hours").fill("6")
    press(page, "Send the request")
    journey.judge(page, "booking-requested-no-js")
    booking = Booking.objects.get(client=client)
    assert booking.status == Booking.Status.PENDING and booking.freelancer.email.startswith("freelancer@")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Repair a loading ramp")

    judges.assert_clean()
