"""The API's documentation pages in Chromium, from the production build of the static files:
Swagger UI and ReDoc draw the schema with their assets from our own host, and the browser
refuses nothing under their Content Security Policy."""

import re

from playwright.sync_api import expect

REDOCLY_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"


def _watch(page) -> tuple[list[str], list[str]]:
    blocked, elsewhere = [], []
    page.on(
        "console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None
    )
    page.on(
        "request",
        lambda request: (
            elsewhere.append(request.url)
            if not request.url.startswith(("http://127.0.0.1", "data:", "blob:", REDOCLY_LOGO))
            else None
        ),
    )
    return blocked, elsewhere


def test_swagger_ui_draws_the_schema_under_the_sites_policy(browser_context, site):
    page = browser_context().new_page()
    blocked, elsewhere = _watch(page)
    page.goto(site("/api/docs/"))
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Valund API")
    expect(page.locator(".opblock-summary-path", has_text="/api/v1/freelancers/").first).to_be_visible()
    page.locator(".opblock-summary", has_text=re.compile(r"/api/v1/freelancers/$")).first.click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    expect(page.locator(".live-responses-table tbody .response-col_status").first).to_contain_text("200")
    assert not blocked, blocked
    assert not elsewhere, elsewhere


def test_redoc_draws_the_schema_under_its_own_policy(browser_context, site):
    page = browser_context().new_page()
    blocked, elsewhere = _watch(page)
    page.goto(site("/api/redoc/"))
    expect(page.locator("h1", has_text="Valund API")).to_be_visible()
    expect(page.get_by_text("/api/v1/bookings/{id}/time-logs/").first).to_be_attached()
    # ReDoc's "API docs by Redocly" link shows a logo from Redocly's CDN: the policy blocks it,
    # and that is all it blocks.
    assert all(REDOCLY_LOGO in message for message in blocked), blocked
    assert not elsewhere, elsewhere
