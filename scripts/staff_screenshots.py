#!/usr/bin/env python
"""Screenshots of the staff side (Wagtail admin) at 1280 px, for issue 24's closing note: the
"add page" type chooser under the English home page (article index, article, form page), an
article's editor with the block picker open, the preview side panel, the dashboard with
Valund's panels (documents waiting, flagged reviews, open disputes: one of each is queued
through the services first, so they show counts) and the group permissions
screens of Editors, Moderators and Support.

Run by hand, from the checkout, with the project's Python:

    .venv/bin/python scripts/staff_screenshots.py [--out docs/screenshots/issue-24] [--keep]

The script serves the checkout itself, as scripts/screenshots.py does: a throwaway folder in
/tmp holds a SQLite database (migrated, the demo seeded), media and the queue; Django's
development server (valund.settings.dev) runs on a free port and is stopped at the end (--keep
keeps the folder and its site.log). The demo's superuser (admin@demo.valund.example) is given a
password and a TOTP device with a secret, both made up for the run, and signs in as staff must: the log-in form, then
the code (computed from that secret, RFC 6238). Chromium is Debian's (/usr/bin/chromium, or
VALUND_CHROMIUM). Files are WebP (Pillow converts Playwright's PNG), each kept under 150 KB by
lowering the quality; a screen that cannot be reached is reported and skipped, and the script
fails only if none was shot. Documented in docs/staff.md ("Screenshots of the staff side").
"""

import argparse
import base64
import hashlib
import hmac
import io
import json
import os
import secrets
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from screenshots import free_port, say, wait_until_up  # noqa: E402 -- the sibling script's helpers

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("VALUND_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
WIDTH, HEIGHT = 1280, 900
MAX_BYTES = 150_000
ADMIN = "admin@demo.valund.example"
GROUPS = ("Editors", "Moderators", "Support")

# Run inside the site's Django (manage.py shell): the TOTP device, and the ids the screens need.
SETUP = """
import json
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from pages.models import ArticleIndexPage, ArticlePage, HomePage, StandardPage

user = get_user_model().objects.get(email=%(email)r)
user.set_password(%(password)r)
user.save(update_fields=["password"])
Authenticator.objects.filter(user=user).delete()
TOTP.activate(user, %(secret)r)
queued = {}
# One item in each staff queue, so the dashboard's panels show counts (best effort: a queue
# left empty is reported, not fatal). Through the services, as members would.
import datetime
from django.core.files.base import ContentFile
from django.utils import timezone
from marketplace.bookings.models import Booking
from marketplace.demo.passport import demo_pdf
from marketplace.passport import services as passport_services
from marketplace.payments import services as payment_services
from marketplace.ratings import services as rating_services
from marketplace.ratings.models import Rating
User = get_user_model()
try:
    owner = next(user for user in User.objects.filter(role=User.Role.FREELANCER, is_active=True).order_by("pk")
                 if user.email_verified)
    passport_services.document_upload(
        owner=owner, upload=ContentFile(demo_pdf("Hot work certificate", "Demo upload"), name="hot-work.pdf"),
        title="Hot work certificate", issuer="Brandskyddsföreningen",
        issue_date=timezone.localdate() - datetime.timedelta(days=10))
    queued["document"] = owner.email
except Exception as error:
    queued["document"] = "not queued: %%s" %% error
for rating in Rating.objects.filter(revealed_at__isnull=False, hidden=False, is_public=True)[:20]:
    flagger = User.objects.exclude(pk__in=[rating.author_id, rating.subject_id]).filter(
        role=User.Role.CLIENT, is_active=True).order_by("pk").first()
    try:
        rating_services.rating_flag(member=flagger, rating=rating, reason="off_topic", comment="Demo flag.")
        queued["flag"] = rating.pk
        break
    except Exception as error:
        queued["flag"] = "not queued: %%s" %% error
for booking in Booking.objects.filter(status=Booking.Status.IN_PROGRESS).order_by("pk")[:5]:
    try:
        payment_services.dispute_open(actor=booking.client, booking=booking, reason="quality",
                                      description="Demo dispute: the work was not finished.")
        queued["dispute"] = booking.pk
        break
    except Exception as error:
        queued["dispute"] = "not queued: %%s" %% error
print("QUEUED=" + json.dumps(queued, default=str))
home = HomePage.objects.filter(locale__language_code="en").first()
article = ArticlePage.objects.filter(locale__language_code="en").first()
index = ArticleIndexPage.objects.filter(locale__language_code="en").first()
about = StandardPage.objects.filter(locale__language_code="en").first()
print("IDS=" + json.dumps({
    "home": home and home.pk, "index": index and index.pk, "article": article and article.pk,
    "standard": about and about.pk,
    "groups": {g.name: g.pk for g in Group.objects.filter(name__in=%(groups)r)},
}))
"""


def totp_code(secret: str, at: float | None = None) -> str:
    """RFC 6238 with allauth's defaults: SHA-1, 30 s, 6 digits."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


@contextmanager
def served(*, keep: bool, password: str, secret: str):
    """Serve this checkout with a seeded demo in a throwaway folder; yields (base URL, ids)."""
    folder = Path(tempfile.mkdtemp(prefix="valund-staff-shots-"))
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "HUEY_DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
        and not key.startswith(("AWS_", "STRIPE_", "SENTRY_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="valund.settings.dev", DEBUG="1",
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}", MEDIA_ROOT=str(folder / "media"),
        PRIVATE_MEDIA_ROOT=str(folder / "private"), VALUND_VAR_DIR=str(folder / "var"),
        HUEY_IMMEDIATE="1", SITE_URL=base_url, PYTHONUNBUFFERED="1",
    )
    log = open(folder / "site.log", "w")  # noqa: SIM115 -- closed below, after the server

    def manage(*args: str) -> str:
        say(f"==> manage.py {args[0]}")
        done = subprocess.run(  # noqa: S603 -- our own manage.py
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
        )
        log.write(done.stdout + done.stderr)
        log.flush()
        if done.returncode:
            say((done.stdout + done.stderr)[-4000:])
            raise SystemExit(f"manage.py {args[0]} failed (exit {done.returncode}); the log is in {folder}")
        return done.stdout

    server = None
    try:
        manage("migrate", "--noinput", "--verbosity", "0")
        manage("seed_demo", "--documents", "--quiet")
        setup = SETUP % {"email": ADMIN, "password": password, "secret": secret, "groups": list(GROUPS)}
        out = manage("shell", "-c", setup)
        ids = json.loads(next(line for line in out.splitlines() if line.startswith("IDS="))[4:])
        say("==> queued for the dashboard: " + next((line[7:] for line in out.splitlines()
                                                     if line.startswith("QUEUED=")), "nothing"))
        say(f"==> serving on {base_url} (log: {log.name})")
        server = subprocess.Popen(  # noqa: S603 -- our own manage.py
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        wait_until_up(base_url + "/", server)
        yield base_url, ids
    finally:
        if server is not None and server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        log.close()
        if keep:
            say(f"==> kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


def save_webp(png: bytes, file: Path) -> int:
    """Playwright's PNG as WebP, the quality lowered until it is under MAX_BYTES."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    for quality in (80, 70, 60, 50, 40, 30):
        buffer = io.BytesIO()
        image.save(buffer, "WEBP", quality=quality, method=6)
        if buffer.tell() < MAX_BYTES:
            break
    file.write_bytes(buffer.getvalue())
    return buffer.tell()


class Shooter:
    def __init__(self, page, base_url: str, out: Path):
        self.page, self.base_url, self.out = page, base_url, out
        self.shot: list[str] = []
        self.missed: list[str] = []

    def save(self, name: str, *, full_page: bool = False) -> None:
        if full_page:
            # The admin scrolls inside its own container, so Playwright's full_page sees one
            # screen: the window is made as tall as the tallest scrolling content instead.
            height = self.page.evaluate(
                "Math.max(document.documentElement.scrollHeight,"
                " ...Array.from(document.querySelectorAll('main, .content-wrapper, #main'), e => e.scrollHeight))"
            )
            self.page.set_viewport_size({"width": WIDTH, "height": min(max(height, HEIGHT), 8000)})
            self.page.wait_for_timeout(300)
        size = save_webp(self.page.screenshot(), self.out / f"{name}.webp")
        self.page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
        self.shot.append(f"{name}.webp")
        say(f"    {name}.webp  {size // 1000} KB  {self.page.url.removeprefix(self.base_url)}")

    def attempt(self, name: str, action) -> None:
        try:
            action()
            self.save(name)
        except Exception as error:  # noqa: BLE001 -- one screen missing must not stop the others
            self.missed.append(f"{name}: {str(error).splitlines()[0][:200]}")
            say(f"    {name}: skipped ({self.missed[-1]})")

    def go(self, path: str) -> None:
        self.page.goto(self.base_url + path, wait_until="networkidle")

    def sign_in(self, password: str, secret: str) -> None:
        page = self.page
        self.go("/accounts/login/")
        page.fill('input[name="login"]', ADMIN)
        page.fill('input[name="password"]', password)
        with page.expect_navigation():
            page.press('input[name="password"]', "Enter")
        if page.locator('input[name="code"]').count():
            if time.time() % 30 > 27:  # not a code about to expire
                time.sleep(4)
            page.fill('input[name="code"]', totp_code(secret))
            with page.expect_navigation():
                page.press('input[name="code"]', "Enter")
        self.go("/admin/")
        if not page.url.startswith(self.base_url + "/admin/") or page.locator('input[name="code"]').count():
            raise SystemExit(f"could not sign in as {ADMIN} with the second factor: on {page.url}")

    def run(self, ids: dict) -> None:
        page = self.page
        self.attempt("dashboard", lambda: self.go("/admin/"))
        if ids.get("home"):
            self.attempt("add-page-types", lambda: self.go(f"/admin/pages/{ids['home']}/add_subpage/"))
        else:
            self.missed.append("add-page-types: no English home page")
        if ids.get("index"):  # articles are added under an article index only
            self.attempt("add-article", lambda: self.go(f"/admin/pages/{ids['index']}/add_subpage/"))
        else:
            self.missed.append("add-article: no English article index")

        def block_picker():
            self.go(f"/admin/pages/{ids['article']}/edit/")
            body = page.locator('[data-contentpath="body"]').first
            body.scroll_into_view_if_needed()
            body.locator("button[title='Insert a block'], .c-sf-add-button").last.click()
            page.locator(".w-combobox, [role='listbox']").first.wait_for(state="visible", timeout=10_000)
            # The picker's preview of a block (its eye button): the call to action's.
            previews = page.locator(".w-combobox__option-preview")
            if previews.count():
                previews.last.click()
                page.wait_for_load_state("networkidle")
            page.wait_for_timeout(1500)

        if ids.get("article"):
            self.attempt("article-block-picker", block_picker)
        else:
            self.missed.append("article-block-picker: no English article")

        def preview_panel():
            self.go(f"/admin/pages/{ids.get('article') or ids['standard']}/edit/")
            page.get_by_role("button", name="Toggle preview").click()
            frame = page.frame_locator("#w-preview-iframe")
            frame.get_by_role("heading", level=1).wait_for(state="visible", timeout=15_000)
            page.wait_for_timeout(1000)

        self.attempt("preview-panel", preview_panel)
        for name in GROUPS:
            group = ids.get("groups", {}).get(name)
            if group is None:
                self.missed.append(f"group-{name.lower()}: no such group")
                continue

            try:
                self.go(f"/admin/groups/edit/{group}/")
                self.save(f"group-{name.lower()}", full_page=True)
            except Exception as error:  # noqa: BLE001
                self.missed.append(f"group-{name.lower()}: {str(error).splitlines()[0][:200]}")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots" / "issue-24")
    parser.add_argument("--keep", action="store_true", help="keep the throwaway folder (database, site.log)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    password = secrets.token_urlsafe(16)
    secret = base64.b32encode(secrets.token_bytes(20)).decode().rstrip("=")
    with served(keep=args.keep, password=password, secret=secret) as (base_url, ids), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(
            viewport={"width": WIDTH, "height": HEIGHT}, device_scale_factor=1, reduced_motion="reduce",
            locale="en-GB", timezone_id="Europe/Stockholm",
        )
        context.set_default_timeout(20_000)
        shooter = Shooter(context.new_page(), base_url, args.out)
        shooter.sign_in(password, secret)
        shooter.run(ids)
        browser.close()
    say(f"==> {len(shooter.shot)} screenshots in {args.out}")
    for missed in shooter.missed:
        say(f"    not shot: {missed}")
    return 0 if shooter.shot else 1


if __name__ == "__main__":
    raise SystemExit(main())
