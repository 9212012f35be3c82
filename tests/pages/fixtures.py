"""Page fixtures for every test (registered in tests/conftest.py): the page tree a live site has."""

import pytest
from wagtail.models import Page, Site

from pages.models import FreelancerDirectoryPage, HomePage, StandardPage


def home_body(*, categories=(), featured=()):
    """A home page body using every block type, in the JSON form the editor stores."""
    return [
        {"type": "hero", "value": {
            "heading": "Skilled hands, verified papers",
            "text": "Hire welders, electricians and developers with checked certificates.",
            "image": None,
            "primary_label": "Find freelancers", "primary_url": "/en/freelancers/",
            "secondary_label": "How it works", "secondary_url": "/en/about/",
        }},
        {"type": "rich_text", "value": "<h2>Why Valund</h2><p>Every certificate is <b>checked</b>.</p>"},
        {"type": "call_to_action", "value": {
            "heading": "Offer your skills", "text": "Join as a freelancer.", "label": "Join Valund",
            "url": "/accounts/signup/",
        }},
        {"type": "skill_categories", "value": {
            "heading": "Find skills by trade", "categories": [category.pk for category in categories],
        }},
        {"type": "featured_freelancers", "value": {
            "heading": "Featured freelancers", "profiles": [profile.pk for profile in featured],
        }},
    ]


@pytest.fixture
def make_page_tree(db):
    """Build the tree a live site has: root → home (every block) → about, freelancers; the
    home page is the default site's root and Wagtail's welcome page is gone."""

    def build(*, categories=(), featured=()):
        # Deleting the welcome page takes its Site along (the foreign key cascades).
        Page.objects.filter(depth=2).delete()
        root = Page.get_first_root_node()
        home = root.add_child(instance=HomePage(
            title="Valund", slug="home", body=home_body(categories=categories, featured=featured),
        ))
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Valund")
        about = home.add_child(instance=StandardPage(
            title="About Valund", slug="about", introduction="A marketplace for verified skills.",
            body=[{"type": "rich_text", "value": "<p>Founded in Göteborg.</p>"},
                  {"type": "call_to_action", "value": {
                      "heading": "Ready?", "text": "", "label": "Browse", "url": "/en/freelancers/"}}],
        ))
        directory = home.add_child(instance=FreelancerDirectoryPage(
            title="Find freelancers", slug="freelancers", intro="<p>Browse <b>verified</b> freelancers.</p>",
            profiles_per_page=2,
        ))
        return {"home": home, "about": about, "directory": directory}

    return build


@pytest.fixture
def page_tree(make_page_tree):
    return make_page_tree()
