#!/usr/bin/env python
"""Full-page screenshots of Valund's main pages at phone and desktop widths, for before-and-after
comparisons and closing notes.

Shoot a site that is already running (the demo data seeded: `make run`):

    .venv/bin/python scripts/screenshots.py --base-url http://localhost:8000 --out test-artifacts/shots

or let the script serve a checkout of its own, in a throwaway folder (SQLite database, media,
queue; the demo seeded with its documents; Django's development server on a free port), shoot
it and stop it again. This is how the before-and-after pictures of an issue are made, with the
old commit checked out beside the working tree:

    git worktree add --detach /tmp/before <commit>
    .venv/bin/python scripts/screenshots.py --tree /tmp/before --out test-artifacts/before-after/before
    .venv/bin/python scripts/screenshots.py --tree . --out test-artifacts/before-after/after
    git worktree remove /tmp/before

The tree is run with this script's Python (the project's .venv), so an older commit needs no
environment of its own as long as its requirements are a subset of today's.

Visitors' pages (home, search results, a freelancer's profile, sign-up, log-in) are shot signed
out; the demo freelancer and the demo client then log in through the log-in form, as a member
would, for their dashboards, the booking in progress from each side, the passport, the upload
form and the rating form. The pages are found by following the site's own links (the demo
bookings by their titles), so the same script shoots older and newer versions of the site. A
page that cannot be found is reported and skipped; the script fails only if none was shot.
Files are named <page>-<width>.png; Chromium is Debian's (/usr/bin/chromium, or VALUND_CHROMIUM).
"""

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = os.environ.get("VALUND_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
WIDTHS = (360, 1280)
HEIGHT = 800
DEMO_DOMAIN = "demo.valund.example"
DEMO_PASSWORD = "valund-demo-2026"  # noqa: S105 -- published on purpose (marketplace/demo/logins.py)
FREELANCER = f"freelancer@{DEMO_DOMAIN}"
CLIENT = f"client@{DEMO_DOMAIN}"
DEMO_FREELANCER_NAME = "Sara Nyström"
BOOKING_IN_PROGRESS = "Steel beams for the Majorna extension"
BOOKING_COMPLETED = "Flashing on the Hisingen warehouse"
SEARCH = "/freelancers/?q=welder"


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# -- Serving a tree --------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, server: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server stopped (exit {server.returncode}); its log is above")
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 -- our own local server
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"{url} did not answer within {timeout:.0f} s")


@contextmanager
def already_running(base_url: str):
    yield base_url


@contextmanager
def served(tree: Path, *, keep: bool):
    """Serve `tree` with a demo of its own in a throwaway folder; yields the base URL."""
    tree = tree.resolve()
    if not (tree / "manage.py").exists():
        raise SystemExit(f"{tree} is not a Valund checkout (no manage.py)")
    folder = Path(tempfile.mkdtemp(prefix="valund-shots-"))
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "HUEY_DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
        and not key.startswith(("AWS_", "STRIPE_", "SENTRY_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="valund.settings.dev",
        DEBUG="1",
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        MEDIA_ROOT=str(folder / "media"),
        PRIVATE_MEDIA_ROOT=str(folder / "private"),
        VALUND_VAR_DIR=str(folder / "var"),
        HUEY_IMMEDIATE="1",
        SITE_URL=base_url,
        PYTHONUNBUFFERED="1",
    )
    log = open(folder / "site.log", "w")  # noqa: SIM115 -- closed below, after the server

    def manage(*args: str) -> None:
        say(f"==> {tree.name}: manage.py {' '.join(args)}")
        log.flush()
        done = subprocess.run(  # noqa: S603 -- our own manage.py
            [sys.executable, "manage.py", *args], cwd=tree, env=env, stdout=log, stderr=subprocess.STDOUT, check=False
        )
        if done.returncode:
            log.flush()
            say((folder / "site.log").read_text()[-4000:])
            raise SystemExit(f"manage.py {args[0]} failed (exit {done.returncode}); the log is in {folder}")

    server = None
    try:
        manage("migrate", "--noinput", "--verbosity", "0")
        manage("seed_demo", "--documents", "--quiet")
        say(f"==> {tree.name}: serving on {base_url} (log: {log.name})")
        server = subprocess.Popen(  # noqa: S603 -- our own manage.py
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=tree,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_until_up(base_url + "/", server)
        yield base_url
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


# -- Shooting --------------------------------------------------------------------------------


class Shooter:
    def __init__(self, browser, base_url: str, out: Path, widths):
        self.browser = browser
        self.base_url = base_url.rstrip("/")
        self.out = out
        self.widths = widths
        self.shot: list[str] = []
        self.missed: list[str] = []

    def url(self, path: str) -> str:
        return path if path.startswith("http") else self.base_url + path

    def context(self, width: int):
        return self.browser.new_context(
            viewport={"width": width, "height": HEIGHT}, device_scale_factor=1, reduced_motion="reduce"
        )

    def shoot(self, page, name: str, path: str | None, width: int) -> None:
        if path is None:
            self.missed.append(f"{name}-{width}")
            say(f"    {name}: not found, skipped")
            return
        response = page.goto(self.url(path), wait_until="networkidle")
        status = response.status if response else 0
        file = self.out / f"{name}-{width}.png"
        page.screenshot(path=str(file), full_page=True)
        self.shot.append(file.name)
        say(f"    {file.name}  {status}  {page.url.removeprefix(self.base_url)}")

    def log_in(self, page, email: str) -> None:
        page.goto(self.url("/accounts/login/"), wait_until="domcontentloaded")
        page.fill('input[name="login"]', email)
        page.fill('input[name="password"]', DEMO_PASSWORD)
        with page.expect_navigation():
            page.press('input[name="password"]', "Enter")
        if "/accounts/login/" in page.url:
            raise SystemExit(f"could not log in as {email}: still on {page.url}")

    def link(self, page, path: str, text: str) -> str | None:
        """The href of the first link on `path` whose text holds `text`."""
        page.goto(self.url(path), wait_until="domcontentloaded")
        links = page.locator("a", has_text=text)
        if not links.count():
            return None
        return links.first.get_attribute("href")

    def booking(self, page, title: str) -> str | None:
        """The booking page's path, from the member's list of open bookings or of closed ones."""
        for listing in ("/bookings/", "/bookings/?group=closed"):
            match = re.search(r"/bookings/(\d+)/", self.link(page, listing, title) or "")
            if match:
                return match.group(0)
        return None

    def run(self) -> None:
        for width in self.widths:
            say(f"==> {width} px")
            self.visitor(width)
            self.freelancer(width)
            self.client(width)

    def visitor(self, width: int) -> None:
        context = self.context(width)
        page = context.new_page()
        self.shoot(page, "home", "/", width)
        self.shoot(page, "search", SEARCH, width)
        profile = self.link(page, SEARCH, DEMO_FREELANCER_NAME) or self.link(page, "/", DEMO_FREELANCER_NAME)
        self.shoot(page, "profile", profile, width)
        self.shoot(page, "signup", "/accounts/signup/", width)
        self.shoot(page, "login", "/accounts/login/", width)
        context.close()

    def freelancer(self, width: int) -> None:
        context = self.context(width)
        page = context.new_page()
        self.log_in(page, FREELANCER)
        self.shoot(page, "freelancer-dashboard", "/dashboard/", width)
        self.shoot(page, "freelancer-booking-in-progress", self.booking(page, BOOKING_IN_PROGRESS), width)
        self.shoot(page, "passport", "/passport/", width)
        self.shoot(page, "passport-upload", "/passport/upload/", width)
        completed = self.booking(page, BOOKING_COMPLETED)
        rating = f"/ratings{completed}" if completed and completed.startswith("/bookings/") else None
        self.shoot(page, "freelancer-rating-form", rating, width)
        context.close()

    def client(self, width: int) -> None:
        context = self.context(width)
        page = context.new_page()
        self.log_in(page, CLIENT)
        self.shoot(page, "client-dashboard", "/dashboard/", width)
        self.shoot(page, "client-booking-in-progress", self.booking(page, BOOKING_IN_PROGRESS), width)
        completed = self.booking(page, BOOKING_COMPLETED)
        rating = f"/ratings{completed}" if completed and completed.startswith("/bookings/") else None
        self.shoot(page, "client-rating-form", rating, width)
        context.close()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--base-url", help="a running site with the demo seeded, e.g. http://localhost:8000")
    where.add_argument("--tree", type=Path, help="a checkout to serve with a fresh demo of its own")
    parser.add_argument("--out", type=Path, required=True, help="folder for the PNG files (created)")
    parser.add_argument(
        "--widths",
        default=",".join(map(str, WIDTHS)),
        help=f"viewport widths in px (default {','.join(map(str, WIDTHS))})",
    )
    parser.add_argument("--keep", action="store_true", help="with --tree: keep the throwaway folder")
    args = parser.parse_args()
    widths = [int(width) for width in args.widths.split(",")]
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"no Chromium at {CHROMIUM} (apt-get install -y chromium, or set VALUND_CHROMIUM)")
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    site = already_running(args.base_url) if args.base_url else served(args.tree, keep=args.keep)
    with site as base_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        shooter = Shooter(browser, base_url, args.out, widths)
        try:
            shooter.run()
        finally:
            browser.close()
    say(
        f"==> {len(shooter.shot)} screenshots in {args.out}"
        + (f"; not found: {', '.join(shooter.missed)}" if shooter.missed else "")
    )
    return 0 if shooter.shot else 1


if __name__ == "__main__":
    sys.exit(main())
