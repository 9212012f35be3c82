"""The featured-freelancers chooser in Chromium: an editor signed in with the second factor adds
a freelancer to the home page's featured block, searches the chooser for "Sara" and then for a
skill, sees only public freelancers (with initials, headline, city and verified skills), never
the client who shares the name, and chooses her. The chooser's rules: tests/marketplace/accounts/
test_freelancer_chooser.py."""

from playwright.sync_api import expect

from marketplace.accounts.models import User, UserSkill
from marketplace.search.services import index_profile

from .judges import ARTIFACTS


def test_an_editor_finds_sara_by_name_and_skill_and_chooses_her(
    site, make_page_tree, make_member, make_staff, skills, signed_in
):
    sara = make_member(name="Sara Nilsson", city="Malmö", headline="Welder for shipyards")
    UserSkill.objects.create(profile=sara.profile, skill=skills["welding"])
    make_member(User.Role.CLIENT, name="Sara Bygg AB", city="Malmö")
    index_profile(sara.profile.pk)
    home = make_page_tree()["home"]
    page = signed_in(make_staff(groups=("Editors",), name="Edda Editor"))

    page.goto(f"/admin/pages/{home.pk}/edit/")
    profiles = page.locator("[data-contentpath='profiles']").first
    profiles.locator("button[data-streamfield-list-add]").first.click()
    profiles.locator(".chooser__choose-button").first.click()
    chooser = page.get_by_role("dialog")
    search = chooser.get_by_role("textbox", name="Name, skill or city")

    search.fill("Sara")
    expect(chooser.get_by_role("link", name="Sara Nilsson", exact=True)).to_be_visible()
    expect(chooser).to_contain_text("Welder for shipyards")
    expect(chooser).to_contain_text("Malmö")
    expect(chooser).not_to_contain_text("Sara Bygg AB")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / "freelancer-chooser-1280.png")

    search.fill("welding")
    expect(chooser.get_by_role("link", name="Sara Nilsson", exact=True)).to_be_visible()
    chooser.get_by_role("link", name="Sara Nilsson", exact=True).click()
    expect(profiles).to_contain_text("Sara Nilsson")
