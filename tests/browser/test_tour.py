"""A tour of every main page, as a visitor, the demo freelancer, the demo client and a passport
reviewer, with the judges (axe-core and the Nu HTML Checker) on each; full-page screenshots of
every page visited at 360 and 1280 px go to test-artifacts/screenshots/, and every public
and member page must fit a 360-pixel-wide screen without scrolling sideways."""

import time
from datetime import date
from pathlib import Path

from allauth.account.models import EmailAddress
from allauth.mfa import app_settings
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import Client

from marketplace.accounts.models import User
from marketplace.bookings.models import Booking
from marketplace.demo.logins import DEMO_CLIENT, DEMO_FREELANCER
from marketplace.demo.passport import demo_pdf
from marketplace.demo.seed import seed_demo
from marketplace.passport import services as passport_services
from marketplace.passport.models import CompetenceDocument
from marketplace.search.services import saved as saved_searches

from .conftest import DESKTOP, served_html, track

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
NARROWEST = 360
SHOT_WIDTHS = (NARROWEST, 1280)
STAFF_PASSWORD = "tour-reviewer-2026-password"  # noqa: S105 -- a test account's


class Tour:
    """Visits pages in one person's browser context: judges each, saves screenshots, and notes
    pages wider than the narrowest phone."""

    def __init__(self, judges, overflows: list[str]):
        self.judges = judges
        self.overflows = overflows

    def visit(self, page, path: str, name: str, *, shot: str | None = None, narrow: bool = True,
              status: int = 200, html_judge: bool = True):
        response = page.goto(path)
        answered = response.status if response is not None else None
        assert answered == status, f"{name}: {path} answered {answered}"
        page.wait_for_load_state("networkidle")
        self.judge(page, name, html_judge=html_judge)
        self.measure(page, name, shot=shot or name, narrow=narrow)
        return response

    def judge(self, page, name: str, *, html_judge: bool = True):
        self.judges.check(page, name, html=served_html(page), validate_html=html_judge)

    def measure(self, page, name: str, *, shot: str | None = None, narrow: bool = True):
        """Screenshots, then the width check; each after loading the page at that width, as a
        phone would (the scripts look at the width when the page loads)."""
        if shot:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            for width in SHOT_WIDTHS:
                self.resize(page, width)
                # The Wagtail admin scrolls inside its own panel: make the window as tall as that.
                for _ in range(3):
                    height = page.evaluate(
                        "() => Math.max(document.documentElement.scrollHeight, ...Array.from("
                        "document.querySelectorAll('main, .content-wrapper, .wrapper'), e => e.scrollHeight))"
                    )
                    if height <= page.viewport_size["height"]:
                        break
                    page.set_viewport_size({"width": width, "height": min(height, 8000)})
                    page.wait_for_timeout(200)
                page.screenshot(path=str(SCREENSHOTS / f"{shot}-{width}.png"), full_page=True)
        if narrow:
            self.resize(page, NARROWEST)
            width = page.evaluate("() => document.documentElement.scrollWidth")
            if width > NARROWEST:
                wide = page.evaluate(
                    """(limit) => {
                        const clipped = (e) => {
                            for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
                                if (getComputedStyle(a).overflowX !== 'visible') return true;
                            }
                            return false;
                        };
                        return Array.from(document.querySelectorAll('body *'))
                            .filter(e => e.getBoundingClientRect().right > limit + 0.5 && !clipped(e))
                            .slice(0, 6).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                                + (typeof e.className === 'string' && e.className.trim()
                                   ? '.' + e.className.trim().split(/\\s+/).join('.') : '')
                                + ' (' + Math.round(e.getBoundingClientRect().right) + 'px)'); }""",
                    NARROWEST,
                )
                self.overflows.append(f"{name}: {width}px wide at {NARROWEST}px: {', '.join(wide)}")
        page.set_viewport_size(DESKTOP)

    @staticmethod
    def resize(page, width: int):
        page.set_viewport_size({"width": width, "height": DESKTOP["height"]})
        page.reload()
        page.wait_for_load_state("networkidle")


def _logged_in_context(browser_context, site, user):
    """A browser context with a session for `user`, made without the login form."""
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    context = browser_context()
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                          "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "url": site.url}])
    return context


def _reviewer() -> tuple[User, str]:
    """Staff in the "Passport reviewers" group with TOTP switched on, as the admin requires."""
    user = User.objects.create_user(email="tour-reviewer@valund.example", password=STAFF_PASSWORD,
                                    is_staff=True, role=User.Role.ADMIN)
    user.groups.add(*Group.objects.filter(name__in=["Editors", "Passport reviewers"]))
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    return user, secret


def _totp_code(secret: str) -> str:
    """The code an authenticator app would show now (allauth's own TOTP functions)."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD))


def _pending_document(freelancer) -> CompetenceDocument:
    """A document the demo freelancer uploaded that waits for review."""
    return passport_services.document_upload(
        owner=freelancer, upload=ContentFile(demo_pdf("First aid certificate", "Sara Nyström"), name="first-aid.pdf"),
        title="First aid certificate", issuer="Svenska Röda Korset", issue_date=date(2025, 3, 1),
    )


def test_page_tour(site, browser_context, judges):
    seed_demo(freelancers=12, clients=3, seed=2026, documents=True)
    freelancer = User.objects.select_related("profile").get(email=DEMO_FREELANCER.email)
    client = User.objects.get(email=DEMO_CLIENT.email)
    bookings = Booking.objects.filter(client=client, freelancer=freelancer)
    in_progress = bookings.get(status=Booking.Status.IN_PROGRESS)
    approved = CompetenceDocument.objects.filter(owner=freelancer, status="approved").first()
    assert approved is not None, "seed_demo(documents=True) made no approved document"
    pending = _pending_document(freelancer)
    saved_searches.saved_search_create(owner=client, name="Welders near Göteborg",
                                       querystring="q=welder&near=G%C3%B6teborg", frequency="weekly")
    overflows: list[str] = []
    tour = Tour(judges, overflows)

    # -- a visitor ----------------------------------------------------------------------
    page = track(browser_context().new_page())
    tour.visit(page, "/", "home", shot="home")
    tour.visit(page, "/en/freelancers/", "search", shot="search")
    tour.visit(page, "/en/freelancers/?q=welder", "search-text")
    tour.visit(page, "/en/freelancers/?category=construction&verified=on", "search-filtered")
    tour.visit(page, f"/en/freelancers/{freelancer.profile.slug}/", "profile", shot="profile")
    tour.visit(page, f"/en/verify/{approved.verification_code}/", "passport-verify", shot="verify")
    tour.visit(page, "/accounts/login/", "login")
    tour.visit(page, "/accounts/signup/", "signup")
    tour.visit(page, "/en/no-such-page/", "not-found", status=404)

    # -- the demo freelancer -------------------------------------------------------------
    page = track(_logged_in_context(browser_context, site, freelancer).new_page())
    tour.visit(page, "/dashboard/", "freelancer-dashboard")
    tour.visit(page, "/dashboard/profile/", "freelancer-profile-edit")
    tour.visit(page, "/dashboard/skills/", "freelancer-skills")
    tour.visit(page, "/passport/", "freelancer-passport", shot="passport")
    tour.visit(page, "/passport/upload/", "freelancer-passport-upload")
    tour.visit(page, f"/passport/documents/{approved.pk}/", "freelancer-passport-document")
    tour.visit(page, f"/bookings/{in_progress.pk}/", "freelancer-booking", shot="booking")
    tour.visit(page, f"/bookings/{in_progress.pk}/time/", "freelancer-time", shot="time")
    tour.visit(page, f"/bookings/{in_progress.pk}/timesheet/", "freelancer-timesheet")
    tour.visit(page, "/payments/payouts/", "freelancer-payouts")
    tour.visit(page, "/payments/", "freelancer-payments")
    tour.visit(page, "/notifications/", "freelancer-notifications")

    # -- the demo client -----------------------------------------------------------------
    page = track(_logged_in_context(browser_context, site, client).new_page())
    tour.visit(page, "/dashboard/", "client-dashboard")
    tour.visit(page, "/bookings/", "client-bookings")
    tour.visit(page, f"/bookings/{in_progress.pk}/", "client-booking")
    tour.visit(page, "/payments/", "client-payments", shot="payments")
    tour.visit(page, "/search/saved/", "client-saved-searches")

    # -- a passport reviewer, logged in with password and TOTP code --------------------
    reviewer, secret = _reviewer()
    page = track(browser_context().new_page())
    page.goto("/accounts/login/?next=/admin/passport/review/")
    page.fill("input[name=login]", reviewer.email)
    page.fill("input[name=password]", STAFF_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/2fa/authenticate/**")
    page.fill("input[name=code]", _totp_code(secret))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/admin/passport/review/**")
    # The queue's filter menu is Wagtail's own markup (wagtailadmin/shared/headers/_filters.html
    # puts a <div> in a <button>), so only axe judges that page; the review screen is ours.
    tour.visit(page, "/admin/passport/review/", "admin-review-queue", narrow=False, html_judge=False)
    tour.visit(page, f"/admin/passport/review/{pending.pk}/", "admin-review", shot="admin-review", narrow=False)

    failures = judges.failures()
    judges.write_report()
    for line in failures + overflows:
        print(line)
    assert not failures and not overflows, (
        f"{len(failures)} judges' finding(s) on {len(judges.pages)} page(s), {len(overflows)} page(s) too wide:\n"
        + "\n".join(failures + overflows)
    )
    judges.assert_clean()

