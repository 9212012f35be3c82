"""Writes the demo's Wagtail page tree: the home page (with the featured freelancers) as the
default site's root, in place of the placeholder wagtail's migrations leave, and the standard
pages and the freelancer directory under it. Pages that exist are left as editors made them."""

import uuid
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from wagtail.models import Page, Site

from marketplace.accounts.models import Profile
from pages.models import FreelancerDirectoryPage, HomePage, StandardPage

from . import site_content

WAGTAIL_WELCOME_SLUG = "home"


def _block(block_type: str, value) -> dict:
    return {"type": block_type, "value": value, "id": str(uuid.uuid4())}


def home_page_body(featured_profile_ids: list[int]) -> list[dict]:
    body = [
        _block("hero", {**site_content.HOME_HERO, "image": None}),
        _block("skill_categories", {"heading": site_content.HOME_SKILLS_HEADING, "categories": []}),
        _block("rich_text", site_content.HOME_WHY),
    ]
    if featured_profile_ids:
        body.append(_block("featured_freelancers", {
            "heading": site_content.HOME_FEATURED_HEADING,
            "profiles": [_block("item", pk) for pk in featured_profile_ids],
        }))
    body.append(_block("call_to_action", site_content.HOME_CALL_TO_ACTION))
    body.append(_block("call_to_action", site_content.HOME_FREELANCER_CALL_TO_ACTION))
    return body


def _publish_child(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _is_wagtail_welcome_page(page: Page) -> bool:
    """The placeholder that wagtail's migrations put under the root: a plain Page, no children."""
    return page.specific_class is Page and page.slug == WAGTAIL_WELCOME_SLUG and page.numchild == 0


@transaction.atomic
def seed_pages(*, featured_emails: Callable[[], list[str]]) -> list[str]:
    """Create the home page, make it the default site's root, and add the pages under it.
    Pages that exist are left as editors made them. Returns the titles of pages created."""
    created = []
    site = Site.objects.filter(is_default_site=True).first()
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        for page in root.get_children():
            if _is_wagtail_welcome_page(page):
                if site is not None and site.root_page_id == page.pk:
                    # The site must not point at the page while it goes: deleting it would cascade.
                    site.root_page = root
                    site.save()
                page.delete()
        emails = featured_emails()
        ids = dict(Profile.objects.filter(user__email__in=emails).values_list("user__email", "pk"))
        slug = "home" if not root.get_children().filter(slug="home").exists() else "valund"
        home = _publish_child(root, HomePage(
            title=site_content.HOME_TITLE, slug=slug, body=home_page_body([ids[e] for e in emails if e in ids])
        ))
        created.append(home.title)
    # The site's name is what allauth's letters greet with ("Hello from Valund!").
    if site is None:
        Site.objects.create(hostname="localhost", port=80, site_name=settings.WAGTAIL_SITE_NAME, root_page=home,
                            is_default_site=True)
    elif site.root_page_id != home.pk or not site.site_name:
        site.root_page = home
        site.site_name = site.site_name or settings.WAGTAIL_SITE_NAME
        site.save()

    children = {page.slug: page for page in home.get_children()}
    for data in site_content.STANDARD_PAGES:
        if data["slug"] in children:
            continue
        body = [_block("rich_text", data["body"])]
        if "call_to_action" in data:
            body.append(_block("call_to_action", data["call_to_action"]))
        page = _publish_child(home, StandardPage(
            title=data["title"], slug=data["slug"], introduction=data["introduction"], body=body
        ))
        created.append(page.title)
    if not FreelancerDirectoryPage.objects.exists():
        page = _publish_child(home, FreelancerDirectoryPage(
            title=site_content.DIRECTORY_TITLE, slug=site_content.DIRECTORY_SLUG, intro=site_content.DIRECTORY_INTRO
        ))
        created.append(page.title)
    return created

