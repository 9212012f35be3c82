"""The search box's suggestions in Chromium, by keyboard alone: type, move through the listbox
with the arrow keys, choose with Enter and see the results; Escape closes the list, then
clears the box; Tab leaves. axe judges the page with the list open, on a desktop and a phone
(where each option is a touch target of at least 44 px)."""

import re

from playwright.sync_api import expect

from marketplace.accounts.models import Skill
from marketplace.demo.seed import seed_demo
from marketplace.search import selectors

from .conftest import PHONE, served_html, track


def settle(page) -> None:
    """No request in flight, the results no longer dimmed and no fade still running: axe reads
    colours as drawn, and a half-faded result list measures below its real contrast."""
    page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-settling, [aria-busy=true]')"
                           " && document.getAnimations().every(a => a.playState !== 'running')")


def type_and_await_results(page, text: str, *, delay: int) -> None:
    """Type as a person does and wait for the live results the words ask for (htmx sends them
    300 ms after the last key, after the suggestions' 150 ms): a check made before that request
    starts sees the page settled, then measures it while the results dim (CI: the phone test's
    colour contrast, once in a while)."""
    with page.expect_response(lambda response: response.request.headers.get("hx-request") == "true"
                              and "/freelancers/" in response.url):
        page.keyboard.type(text, delay=delay)


def open_directory(browser_context, **options):
    page = track(browser_context(**options).new_page())
    response = page.goto("/en/freelancers/")
    assert response.ok
    box = page.get_by_role("combobox", name="Search")
    expect(box).to_have_attribute("aria-expanded", "false")
    box.focus()
    return page, box


def test_the_search_box_suggests_and_is_driven_by_keyboard(site, browser_context, judges):
    seed_demo(freelancers=12, clients=2, seed=2026)
    welding = Skill.objects.get(slug="welding")
    welding.name_sv = "Svetsning"
    welding.add_synonym("svetsare")
    welding.save()
    expected = list(selectors.suggestions("weld", language="en"))
    assert len(expected) >= 2

    page, box = open_directory(browser_context)
    type_and_await_results(page, "weld", delay=60)
    listbox = page.get_by_role("listbox", name="Suggestions")
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(box).to_have_attribute("aria-controls", "search-suggestions-listbox")
    options = listbox.get_by_role("option")
    expect(options).to_have_count(len(expected))
    expect(page.locator("#search-suggestions-status")).to_have_text(f"{len(expected)} suggestions")
    settle(page)
    judges.check(page, "combobox-open", html=served_html(page))

    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    second = options.nth(1)
    expect(second).to_have_attribute("aria-selected", "true")
    expect(options.nth(0)).to_have_attribute("aria-selected", "false")
    expect(box).to_have_attribute("aria-activedescendant", second.get_attribute("id"))
    expect(box).to_be_focused()

    page.keyboard.press("Enter")
    chosen = expected[1]
    expect(page.get_by_role("textbox", name=re.compile("Near")) if chosen.field == "near" else box).to_have_value(
        chosen.value)
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    page.wait_for_url(re.compile(rf"[?&]{chosen.field}=[^&]+"))
    settle(page)
    # The results are those of the search chosen (the demo's few freelancers may not hold it).
    expect(page.locator("#search-heading")).to_contain_text(chosen.value)
    expect(page.locator("#search-count")).to_have_text(re.compile(r"^\d+ freelancers?$"))

    # A Swedish word finds the skill, shown by its name with the word typed beside it.
    box.fill("")
    page.keyboard.type("svetsare", delay=40)
    expect(listbox.get_by_role("option").first).to_have_text("Welding (MIG/MAG) — svetsare")

    # Escape closes the list and keeps the words; a second Escape clears the box; Tab leaves.
    page.keyboard.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(box).to_have_value("svetsare")
    page.keyboard.press("Escape")
    expect(box).to_have_value("")
    page.keyboard.type("göt", delay=60)
    expect(page.get_by_role("option", name="Göteborg")).to_be_visible()
    page.keyboard.press("Tab")
    expect(box).not_to_be_focused()
    expect(box).to_have_attribute("aria-expanded", "false")
    judges.assert_clean()


def test_on_a_phone_the_suggestions_are_touch_targets(site, browser_context, judges):
    seed_demo(freelancers=6, clients=1, seed=2026)
    page, box = open_directory(browser_context, viewport=PHONE)
    type_and_await_results(page, "s", delay=60)
    options = page.get_by_role("listbox", name="Suggestions").get_by_role("option")
    expect(options.first).to_be_visible()
    settle(page)
    for index in range(options.count()):
        assert options.nth(index).bounding_box()["height"] >= 44
    judges.check(page, "combobox-open-phone", html=served_html(page))
    options.nth(0).click()
    expect(page.get_by_role("listbox", name="Suggestions")).to_be_hidden()
    judges.assert_clean()
