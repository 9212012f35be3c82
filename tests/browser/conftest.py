"""Browser tests: Debian's Chromium driven by Playwright, against the site served by a live
server on PostgreSQL, configured as in production where it shows in the browser (whitenoise
serving collected, hashed and compressed static files; compressed HTML) and Huey immediate.

Every test here is marked `browser` and `postgres` (run them alone with `make test ARGS="-m
browser"`). They spread over the pytest workers like the rest of the suite: a worker that runs
one collects the static files and starts Chromium once, for all it runs (about ten seconds
each), which costs less than the minutes one worker took alone for them all. When a
test fails, a screenshot and the HTML of every page it had open are saved under
test-artifacts/browser/<test>/, and the run's summary names the folder.

Chromium comes from Debian (`apt-get install -y chromium`, which scripts/browser-deps.sh runs
as root); the judges (axe-core, vnu.jar) from tests/browser/package.json via npm. Without
them the tests are skipped on a developer's machine and fail in CI (CI=true).
"""

import os
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.test import Client
from django.test.testcases import LiveServerThread
from django.test.utils import override_settings

from .judges import ARTIFACTS, Judges, judges_missing

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between browser steps are plain synchronous code all the same.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

HERE = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("VALUND_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--no-first-run", "--disable-sync", "--disable-quic",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if str(item.path).startswith(str(HERE)):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.postgres)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.stash[_CALL_REPORT] = report
    return report


_CALL_REPORT = pytest.StashKey()


def _missing_tools() -> list[str]:
    missing = []
    if not Path(CHROMIUM).exists():
        missing.append(f"Chromium at {CHROMIUM} (apt-get install -y chromium, or scripts/browser-deps.sh)")
    try:
        import playwright  # noqa: F401
    except ImportError:
        missing.append("the playwright package (requirements.txt)")
    return missing


def _require(missing: list[str]) -> None:
    if missing:
        message = "browser tests need " + "; ".join(missing)
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="session")
def chromium(serialized_database):
    _require(_missing_tools())
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # Playwright switches hyperlink auditing off (--disable-pings); the search results' links
        # ping the click beacon without JavaScript (tests/browser/test_search_analytics.py).
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True,
                                             ignore_default_args=["--disable-pings"])
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def production_static(tmp_path_factory):
    """Static files collected as the production build does (hashed names, .gz and .br copies)."""
    root = tmp_path_factory.mktemp("static")
    storages = {**settings.STORAGES,
                "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}
    with override_settings(STATIC_ROOT=str(root), STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
    return {"STATIC_ROOT": str(root), "STORAGES": storages}


class _Site:
    def __init__(self, url: str):
        self.url = url

    def __call__(self, path: str) -> str:
        return self.url + path


@pytest.fixture
def site(request, production_static, transactional_db, migrated_data, settings):
    """The site on a live server in a thread of this process: the full middleware stack (so
    whitenoise serves the collected static files and GZip compresses pages), media files, and
    the data the migrations made (see migrated_data in tests/conftest.py) in a committed database."""
    # DEBUG off, as in production; whitenoise reads STATIC_ROOT when the handler is built.
    settings.STATIC_ROOT = production_static["STATIC_ROOT"]
    settings.STORAGES = production_static["STORAGES"]
    settings.DEBUG = False
    server = LiveServerThread("127.0.0.1", static_handler=lambda app: app)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    url = f"http://127.0.0.1:{server.port}"
    settings.SITE_URL = url
    settings.WAGTAILADMIN_BASE_URL = url
    yield _Site(url)
    server.terminate()
    connections.close_all()


@pytest.fixture
def judges(request):
    """axe-core and the Nu HTML Checker on every page a test hands them; see judges.py."""
    _require(judges_missing())
    judge = Judges(_test_folder(request.node))
    yield judge
    judge.write_report()


@pytest.fixture
def browser_context(request, chromium, site):
    """A factory of fresh browser contexts (each its own cookies: one per person), with the
    site as base URL. On failure, every open page is saved as a screenshot and HTML."""
    contexts = []
    shutil.rmtree(_test_folder(request.node), ignore_errors=True)  # this test's last artifacts

    def make(*, viewport=DESKTOP, javascript=True, locale="en-GB"):
        # The locale is also the browser's Accept-Language (sv-SE for a Swedish visitor).
        context = chromium.new_context(base_url=site.url, viewport=viewport, java_script_enabled=javascript,
                                       locale=locale, timezone_id="Europe/Stockholm")
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context

    yield make
    report = request.node.stash.get(_CALL_REPORT, None)
    if report is not None and report.failed:
        folder = _test_folder(request.node)
        folder.mkdir(parents=True, exist_ok=True)
        for c, context in enumerate(contexts):
            for p, page in enumerate(context.pages):
                stem = folder / f"failure-context{c}-page{p}"
                try:
                    page.screenshot(path=f"{stem}.png", full_page=True)
                    Path(f"{stem}.html").write_text(page.content(), encoding="utf-8")
                except Exception as error:  # noqa: BLE001 -- a closed page must not hide the failure
                    Path(f"{stem}.txt").write_text(f"could not save: {error}\n", encoding="utf-8")
    for context in contexts:
        context.close()




@pytest.fixture
def signed_in(browser_context, site):
    """A factory of pages signed in as a member, each in a browser context of its own: the
    session comes from the test client's force_login (with the second factor for staff who
    have TOTP), handed to the browser as its cookie."""

    def open_page(user, *, viewport=DESKTOP, javascript=True):
        session = Client()
        session.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        context = browser_context(viewport=viewport, javascript=javascript)
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                              "value": session.cookies[settings.SESSION_COOKIE_NAME].value, "url": site.url}])
        return track(context.new_page())

    return open_page


def _test_folder(node) -> Path:
    return ARTIFACTS / re.sub(r"[^A-Za-z0-9_.-]+", "_", node.nodeid.split("::", 1)[-1])


def served_html(page) -> str | None:
    """The HTML the server sent for the page's current document (see `track`)."""
    response = getattr(page, "_valund_document", None)
    return response.text() if response is not None else None


def track(page):
    """Keep the page's last main-frame document response, for the Nu HTML Checker."""

    def remember(response):
        if response.request.resource_type == "document" and response.frame == page.main_frame:
            page._valund_document = response

    page.on("response", remember)
    return page
