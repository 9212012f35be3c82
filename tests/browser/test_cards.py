"""Freelancer cards in Chromium at 360 and 1280 px: in the search results and among the home
page's featured freelancers alike, each card shows the photo or initials, the rating (stars,
score and count, read as "out of 5") or "No reviews yet", the verified-certificates badge and
the proven skill ticked; nothing spills sideways on a phone, and axe and the Nu checker find
nothing on either page."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from marketplace.accounts import services as accounts
from marketplace.accounts.models import Skill, SkillCategory, User, UserSkill
from marketplace.passport.models import CompetenceDocument, CompetenceTemplate
from marketplace.search import services as search
from marketplace.search.services.index import entry_set_rating

from .conftest import DESKTOP, served_html, track
from .judges import ARTIFACTS

SCREENSHOTS = ARTIFACTS.parent / "screenshots"
PHONE_360 = {"width": 360, "height": 640}


@pytest.fixture
def welders(make_page_tree, make_member):
    """Astrid: rated and with a valid welder qualification; Bo: neither. Both featured."""
    trade = SkillCategory.objects.create(name="Construction", slug="construction")
    welding = Skill.objects.create(name="Welding", slug="welding", category=trade)
    roofing = Skill.objects.create(name="Roofing", slug="roofing", category=trade)
    qualification = CompetenceTemplate.objects.create(name="Welder qualification", slug="welder-qualification")
    qualification.skills.set([welding])
    astrid = make_member(User.Role.FREELANCER, name="Astrid Lindqvist", headline="Certified welder", city="Göteborg",
                         country="SE", hourly_rate=65000, currency="SEK")
    bo = make_member(User.Role.FREELANCER, name="Bo Ek", headline="Welder and roofer", city="Göteborg",
                     country="SE", hourly_rate=52000, currency="SEK")
    for member in (astrid, bo):
        for skill in (welding, roofing):
            accounts.skill_add(actor=member, profile=member.profile, skill=skill, level=UserSkill.Level.ADVANCED,
                               years=5)
    document = CompetenceDocument.objects.create(
        owner=astrid, template=qualification, title="Welder qualification", issuer="Certification body",
        issue_date=datetime.date(2025, 3, 1), expiry_date=datetime.date(2028, 3, 1),
        status=CompetenceDocument.Status.APPROVED,
    )
    document.skills.set([welding])
    search.rebuild()
    entry_set_rating(profile_id=astrid.profile.pk, average=Decimal("4.62"), count=12)
    make_page_tree(featured=[astrid.profile, bo.profile])
    return astrid, bo


def _cards_on(page, where):
    region = page.locator(where)
    astrid = region.locator("article.result-card", has_text="Astrid Lindqvist")
    bo = region.locator("article.result-card", has_text="Bo Ek")
    expect(astrid).to_be_visible()
    expect(bo).to_be_visible()
    expect(astrid.locator(".avatar")).to_have_text("AL")
    expect(astrid.locator(".result-card__rating")).to_have_text("★★★★★ 4.6 out of 5 · 12 reviews")
    expect(astrid.locator(".result-card__rating .stars")).to_have_attribute("aria-hidden", "true")
    expect(astrid.get_by_text("Verified certificates")).to_be_visible()
    expect(astrid.locator("li.badge--verified")).to_have_text("Welding ✓(verified)")
    expect(astrid.locator("li.badge:not(.badge--verified)")).to_have_text("Roofing")
    expect(bo.get_by_text("No reviews yet")).to_be_visible()
    expect(bo.get_by_text("Verified certificates")).to_have_count(0)
    return astrid


@pytest.mark.parametrize("viewport", [PHONE_360, DESKTOP], ids=["360", "1280"])
def test_cards_show_photo_rating_and_verified_skills(browser_context, judges, welders, viewport):
    width = viewport["width"]
    page = track(browser_context(viewport=viewport).new_page())

    assert page.goto("/en/freelancers/?q=welder").ok
    card = _cards_on(page, "#search-results")
    assert card.bounding_box()["x"] + card.bounding_box()["width"] <= width
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    judges.check(page, f"search-cards-{width}", html=served_html(page))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"search-cards-{width}.png", full_page=True)

    assert page.goto("/").ok
    card = _cards_on(page, "main")
    assert card.bounding_box()["x"] + card.bounding_box()["width"] <= width
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    judges.check(page, f"home-cards-{width}", html=served_html(page))
    page.screenshot(path=SCREENSHOTS / f"home-cards-{width}.png", full_page=True)

    judges.assert_clean()
