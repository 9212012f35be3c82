"""The form page (pages/form_page.py) in Chromium, in English and Swedish, at 360 and 1280 px, with
the demo's contact pages (demo/contact.py): the empty form, the form sent with mistakes (each error
beside its field, the input marked aria-invalid and described by its help text), and the thank-you
page; axe and the Nu checker find nothing, nothing spills sideways on a phone, and Tab never
reaches the honeypot."""

import pytest
from wagtail.models import Locale

from marketplace.demo.contact import seed_contact_pages
from pages.form_page import HONEYPOT_FIELD

from .conftest import DESKTOP, served_html, track

PHONE_360 = {"width": 360, "height": 640}
PAGES = {
    "en": {"path": "/en/contact/", "typed": "Anna Berg", "thanks": "Thank you for writing."},
    "sv": {"path": "/sv/contact/", "typed": "Anna Berg", "thanks": "Tack för att du skrev."},
}


@pytest.fixture
def contact_pages(make_page_tree, settings):
    # Eight sends per test from one address: more than the limit lets through.
    settings.VALUND_RATE_LIMITS = {**settings.VALUND_RATE_LIMITS, "form_submission": "100/h/ip"}
    home = make_page_tree()["home"]
    swedish = Locale.objects.get_or_create(language_code="sv")[0]
    home.copy_for_translation(swedish).save_revision().publish()
    assert seed_contact_pages(home) == ["Contact us", "Kontakta oss (sv)"]


def fits(page, width: int, where: str) -> None:
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width, where


def tab_stops(page) -> list[str]:
    """Every element Tab reaches from the top of the page, by name or id."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    stops = []
    for _ in range(80):
        page.keyboard.press("Tab")
        stop = page.evaluate("() => { const e = document.activeElement;"
                             " return e === document.body ? '' : (e.name || e.id || e.tagName); }")
        if not stop:
            break
        stops.append(stop)
    return stops


@pytest.mark.parametrize("viewport", [PHONE_360, DESKTOP], ids=["360", "1280"])
def test_form_page_empty_with_errors_and_thanked_passes_the_judges(browser_context, judges, contact_pages,
                                                                    viewport):
    width = viewport["width"]
    page = track(browser_context(viewport=viewport).new_page())

    for language, expected in PAGES.items():
        name = f"form-page-{language}-{width}"
        response = page.goto(expected["path"])
        assert response.ok, expected["path"]
        fits(page, width, name)
        judges.check(page, name, html=served_html(page))
        # The honeypot is in the page but never in the Tab order, and never visible.
        honeypot = page.locator(f'input[name="{HONEYPOT_FIELD}"]')
        assert honeypot.count() == 1 and not honeypot.is_visible()
        stops = tab_stops(page)
        assert "your_name" in stops and "your_message" in stops, stops
        assert HONEYPOT_FIELD not in stops, stops

        # Sent with mistakes: the browser's own checks are off so the server's errors show.
        page.fill("#id_your_name", expected["typed"])
        page.fill("#id_your_email_address", "not an address")
        page.evaluate("() => { document.querySelector('form.form').noValidate = true; }")
        with page.expect_navigation():
            page.locator("form.form button[type=submit]").click()
        name = f"form-page-errors-{language}-{width}"
        fits(page, width, name)
        assert page.input_value("#id_your_name") == expected["typed"]  # what was typed stays
        for field in ("your_email_address", "your_message"):
            box = page.locator(f".field.field--error:has(#id_{field})")
            assert box.locator(".errorlist").count() == 1, field
            field_input = page.locator(f"#id_{field}")
            assert field_input.get_attribute("aria-invalid") == "true", field
            for described_by in (field_input.get_attribute("aria-describedby") or "").split():
                assert page.locator(f"#{described_by}").count() == 1, (field, described_by)
        email = page.locator("#id_your_email_address")
        assert "id_your_email_address_helptext" in (email.get_attribute("aria-describedby") or "")
        assert page.locator("#id_your_name").get_attribute("aria-invalid") is None
        judges.check(page, name, html=served_html(page))

        # Sent right: the thank-you page.
        page.fill("#id_your_email_address", "anna@example.com")
        page.select_option("#id_what_is_it_about", index=1)
        page.fill("#id_your_message", "Do you have welders in Göteborg?")
        with page.expect_navigation():
            page.locator("form.form button[type=submit]").click()
        name = f"form-page-thanks-{language}-{width}"
        fits(page, width, name)
        assert expected["thanks"] in page.locator("[role=status]").inner_text()
        judges.check(page, name, html=served_html(page))
    judges.assert_clean()
