"""Forms in Chromium at 1280 and 360 px: every checkbox and radio of the booking request keeps its
full box beside a label that wraps, and a client ticks a suggested document with a click and
others with the keyboard (one found with the filter); changing the type on the passport upload
form keeps what was typed, with htmx and without JavaScript; the star ratings are set with the
arrow keys and sent; the pattern page shows the checkbox group and the stars. The judges look at
each page."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from marketplace.accounts.models import Skill, SkillCategory, User, UserSkill
from marketplace.bookings import services
from marketplace.bookings.models import Booking
from marketplace.passport.models import CompetenceDocument, CompetenceTemplate
from marketplace.ratings.models import Rating
from tests.marketplace.bookings.fixtures import fund_escrow
from tests.marketplace.passport.fixtures import pdf_bytes

from .conftest import DESKTOP, served_html
from .judges import ARTIFACTS

NARROW = {"width": 360, "height": 740}
SIZES = pytest.mark.parametrize("viewport", [DESKTOP, NARROW], ids=["1280", "360"])
LONG_NAME = "Welder qualification (EN ISO 9606-1), fillet and butt welds in steel plate and pipe, all positions"
DAY = datetime.timedelta(days=1)
SCREENSHOTS = ARTIFACTS.parent / "screenshots"  # beside the tour's


def shoot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def size(viewport) -> str:
    return str(viewport["width"])


def settle(page) -> None:
    page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping')")


def field(page, label: str):
    """A form field by its label, which Django ends with a colon."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}:?$"))


def assert_full_size(page, selector: str) -> int:
    """Every visible checkbox or radio matched is at least 16 px square; returns how many."""
    boxes = [box.bounding_box() for box in page.locator(selector).all() if box.is_visible()]
    small = [b for b in boxes if b["width"] < 16 or b["height"] < 16]
    assert not small, small
    return len(boxes)


@pytest.fixture
def world(make_member):
    """A client, a welder whose skill suggests two documents (one with a name that wraps), and
    a dozen other document types in three categories."""
    client = make_member(User.Role.CLIENT, name="Nordbygg AB")
    welder = make_member(User.Role.FREELANCER, name="Sara Nyström", hourly_rate=65000, currency="SEK")
    categories = {name: SkillCategory.objects.create(name=name, slug=name.lower())
                  for name in ("Construction", "Healthcare", "Transport")}
    welding = Skill.objects.create(name="Welding", slug="welding", category=categories["Construction"])
    UserSkill.objects.create(profile=welder.profile, skill=welding)
    suggested = [CompetenceTemplate.objects.create(name=LONG_NAME, slug="welder"),
                 CompetenceTemplate.objects.create(name="Hot work certificate (Heta arbeten)", slug="hot-work")]
    for template in suggested:
        template.skills.add(welding)
    for n, (category, name) in enumerate([
        ("Construction", "Fall protection"), ("Construction", "Scaffolding, 2-9 m"), ("Construction", "ID06 card"),
        ("Construction", "Asbestos removal"), ("Healthcare", "First aid and CPR for adults and children"),
        ("Healthcare", "Nursing licence"), ("Transport", "Driving licence, category C"),
        ("Transport", "Tachograph card"), ("Transport", "ADR dangerous goods"),
    ]):
        skill = Skill.objects.create(name=f"Skill {n}", slug=f"skill-{n}", category=categories[category])
        CompetenceTemplate.objects.create(name=name, slug=f"doc-{n}").skills.add(skill)
    return {"client": client, "welder": welder, "suggested": suggested}


@SIZES
def test_request_checkboxes_keep_their_size_and_documents_are_chosen_by_click_and_keyboard(
    signed_in, judges, world, viewport
):
    page = signed_in(world["client"], viewport=viewport)
    assert page.goto(f"/bookings/request/{world['welder'].profile.slug}/").ok
    judges.check(page, f"request-{size(viewport)}", html=served_html(page))

    picker = page.locator("#requirements")
    wrapping = picker.locator("label", has_text=LONG_NAME)
    assert wrapping.bounding_box()["height"] >= 2 * 24  # the label wraps onto a second line at least
    checkbox = page.get_by_role("checkbox", name=re.compile(r"^Welder qualification"))
    box = checkbox.bounding_box()
    assert box["width"] >= 16 and box["height"] >= 16, box
    # Open every group, then measure every checkbox and radio on the form.
    for summary in picker.locator("summary").all():
        summary.click()
    assert assert_full_size(page, "main input[type=checkbox], main input[type=radio]") >= 13
    for summary in picker.locator("summary").all():
        summary.click()  # closed again
    expect(picker.locator("details[open]")).to_have_count(0)

    # A suggested document by a click on its name, the next one by the keyboard.
    picker.get_by_text("Hot work certificate (Heta arbeten)").click()
    expect(page.get_by_role("checkbox", name=re.compile(r"^Hot work certificate"))).to_be_checked()
    page.keyboard.press("Tab")
    expect(checkbox).to_be_focused()
    page.keyboard.press("Space")
    expect(checkbox).to_be_checked()
    # Another found with the filter: its group opens, and the keyboard ticks it.
    page.keyboard.press("Tab")
    search = page.get_by_role("searchbox", name="Find a document type")
    expect(search).to_be_focused()
    page.keyboard.type("first aid")
    expect(page.get_by_role("status").filter(has_text="One matches")).to_be_visible()
    expect(picker.locator("details[open]")).to_have_count(1)
    expect(picker.locator("details:not([hidden])")).to_have_count(1)
    page.keyboard.press("Enter")  # does not send the form
    page.keyboard.press("Tab")  # the group's summary
    page.keyboard.press("Tab")
    first_aid = page.get_by_role("checkbox", name=re.compile(r"^First aid"))
    expect(first_aid).to_be_focused()
    page.keyboard.press("Space")
    expect(first_aid).to_be_checked()
    judges.check(page, f"request-filtered-{size(viewport)}", html=served_html(page))
    shoot(page, f"request-documents-{size(viewport)}")

    today = timezone.localdate()
    page.get_by_label("What do you need done?").fill("Weld the stair railing")
    page.get_by_label("Description").fill("Stainless railing, two floors.")
    page.get_by_label("Start date").fill((today + DAY).isoformat())
    page.get_by_label("End date").fill((today + 3 * DAY).isoformat())
    page.get_by_label("Expected hours").fill("16")
    page.get_by_role("button", name="Send the request").click()
    page.wait_for_url(re.compile(r"/bookings/\d+/$"))
    booking = Booking.objects.get()
    assert set(booking.required_documents.values_list("name", flat=True)) == {
        LONG_NAME, "Hot work certificate (Heta arbeten)", "First aid and CPR for adults and children"}
    judges.assert_clean()


@pytest.fixture
def hot_work(skills):
    template = CompetenceTemplate.objects.create(
        name="Hot work certificate", slug="hot-work", issuing_bodies="Brandskyddsföreningen",
        expiry_required=True, default_validity_months=60)
    template.skills.set([skills["welding"]])
    return template


@SIZES
@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-js"])
def test_changing_the_document_type_keeps_what_was_typed(signed_in, judges, make_member, hot_work, skills,
                                                        tmp_path, viewport, javascript):
    sara = make_member(User.Role.FREELANCER, name="Sara Nyström")
    UserSkill.objects.create(profile=sara.profile, skill=skills["welding"])
    pdf = tmp_path / "heta-arbeten.pdf"
    pdf.write_bytes(pdf_bytes())
    page = signed_in(sara, viewport=viewport, javascript=javascript)
    assert page.goto("/passport/upload/").ok
    if javascript:
        judges.check(page, f"upload-{size(viewport)}", html=served_html(page))
    typed = {"Title": "Heta arbeten, Göteborg", "Issued by": "Brandskyddsföreningen Väst",
             "Certificate or licence number": "HA-2291-77", "Issue date": "2025-03-01", "Expiry date": "2030-03-01"}
    for label, value in typed.items():
        field(page, label).fill(value)
    field(page, "File").set_input_files(pdf)

    field(page, "Document type").select_option(label="Hot work certificate")
    if javascript:
        settle(page)
        expect(page.get_by_text("usually valid for 60 months")).to_be_visible()
        assert page.locator("input[type=file]").evaluate("input => input.files.length") == 1
    else:
        page.get_by_role("button", name="Show the fields for this type").click()
        page.wait_for_load_state("load")
        expect(page.get_by_text("usually valid for 60 months")).to_be_visible()
        expect(page.get_by_role("status").filter(has_text="Choose the file again")).to_be_visible()
        field(page, "File").set_input_files(pdf)
    for label, value in typed.items():
        expect(field(page, label)).to_have_value(value)
    expect(page.get_by_role("checkbox", name="Welding")).to_be_checked()  # the type's skill, suggested

    page.get_by_role("button", name="Upload document").click()
    page.wait_for_url(re.compile(r"/passport/documents/\d+/$"))
    document = CompetenceDocument.objects.get()
    assert (document.template, document.title, document.issuer, document.credential_number) == (
        hot_work, "Heta arbeten, Göteborg", "Brandskyddsföreningen Väst", "HA-2291-77")
    judges.assert_clean()


@pytest.fixture
def completed(make_member):
    client = make_member(User.Role.CLIENT, name="Nordbygg AB")
    welder = make_member(User.Role.FREELANCER, name="Sara Nyström", hourly_rate=65000, currency="SEK")
    today = timezone.localdate()
    booking = services.booking_request(client=client, freelancer=welder, title="Stair railing",
                                       description="Steel railings.", start_date=today, end_date=today + DAY,
                                       expected_hours="4")
    services.booking_accept(actor=welder, booking=booking)
    fund_escrow(booking)
    booking = services.booking_start(actor=welder, booking=booking)
    services.booking_mark_done(actor=welder, booking=booking)
    services.booking_confirm(actor=client, booking=booking)
    return booking


@SIZES
def test_star_ratings_are_set_with_the_arrow_keys_and_sent(signed_in, judges, completed, viewport):
    page = signed_in(completed.client, viewport=viewport)
    assert page.goto(f"/ratings/bookings/{completed.pk}/").ok
    judges.check(page, f"rating-{size(viewport)}", html=served_html(page))
    overall = page.get_by_role("group", name="Overall")
    expect(overall.get_by_text("Not rated yet")).to_be_visible()
    assert assert_full_size(page, "main .star-rating input[type=radio]") == 25
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]

    overall.get_by_role("radio", name="1 of 5 — Poor").focus()  # as Tab from the text above it would
    page.keyboard.press("ArrowRight")
    expect(overall.get_by_role("radio", name="2 of 5 — Fair")).to_be_focused()
    focused = overall.locator("label.star-rating__star").nth(1)
    assert focused.evaluate("label => getComputedStyle(label).outlineStyle") == "solid"  # the focus is seen
    # Overall 4 (two steps more), then Tab to each score: 5, 3, 4 and 5 steps right from the first star.
    for presses in (2, 4, 2, 3, 4):
        for _ in range(presses):
            page.keyboard.press("ArrowRight")
        page.keyboard.press("Tab")
    expect(overall.get_by_role("radio", name="4 of 5 — Very good")).to_be_checked()
    expect(overall.locator(".star-rating__says", has_text="4 of 5 — Very good")).to_be_visible()
    expect(overall.get_by_text("Not rated yet")).to_be_hidden()
    quality = page.get_by_role("group", name="Quality")
    expect(quality.locator(".star-rating__says", has_text="3 of 5 — Good")).to_be_visible()
    filled = overall.locator(".star-rating__icon").evaluate_all(
        "icons => icons.map(icon => getComputedStyle(icon).fill !== 'rgba(0, 0, 0, 0)' && "
        "getComputedStyle(icon).fill !== 'transparent')")
    assert filled == [True, True, True, True, False]
    judges.check(page, f"rating-chosen-{size(viewport)}", html=served_html(page))
    shoot(page, f"rating-stars-{size(viewport)}")

    field(page, "Your review").fill("Tidy welds, on time.")
    page.get_by_role("button", name="Send review").click()
    page.wait_for_load_state("load")
    rating = Rating.objects.get(author=completed.client)
    assert (rating.overall, rating.communication, rating.quality, rating.timeliness, rating.professionalism) == (
        4, 5, 3, 4, 5)
    judges.assert_clean()


@SIZES
def test_the_pattern_page_shows_the_checkbox_group_and_the_stars(signed_in, judges, make_staff, viewport):
    page = signed_in(make_staff(), viewport=viewport)
    assert page.goto("/styleguide/").ok
    judges.check(page, f"styleguide-{size(viewport)}", html=served_html(page))
    picker = page.locator("#sg-choice-picker")
    assert assert_full_size(page, "#sg-choice-picker input[type=checkbox]") >= 3
    picker.get_by_role("searchbox", name="Find a document type").fill("fall")
    expect(picker.get_by_role("status")).to_have_text("One matches, in the group opened below.")
    expect(picker.get_by_role("checkbox", name="Fall protection (Fallskydd)")).to_be_visible()
    picker.get_by_role("searchbox", name="Find a document type").fill("")
    expect(picker.locator("details[open]")).to_have_count(1)  # back as it was: Transport, ticked
    stars = page.get_by_role("group", name="Overall")
    expect(stars.locator(".star-rating__says", has_text="4 of 5 — Very good")).to_be_visible()
    judges.assert_clean()
