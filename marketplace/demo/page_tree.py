"""Writes the demo's Wagtail page tree: the home page (with the featured freelancers) as the
default site's root, in place of the placeholder wagtail's migrations leave, and the standard
pages and the freelancer directory under it; then the Swedish tree, each page a translation of
its English one (the copy the admin's "Translate" action makes, with the Swedish text of
site_content_sv.py), published. Pages that exist are left as editors made them."""

import uuid
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from wagtail.models import Locale, Page, Site

from marketplace.accounts.models import Profile
from pages.models import FreelancerDirectoryPage, HomePage, StandardPage

from . import site_content, site_content_sv
from .contact import seed_contact_pages
from .guides import seed_guides

WAGTAIL_WELCOME_SLUG = "home"
ENGLISH, SWEDISH = "en", "sv"


def _block(block_type: str, value) -> dict:
    return {"type": block_type, "value": value, "id": str(uuid.uuid4())}


def home_page_body(featured_profile_ids: list[int], content=site_content) -> list[dict]:
    body = [
        _block("hero", {**content.HOME_HERO, "image": None}),
        _block("skill_categories", {"heading": content.HOME_SKILLS_HEADING, "categories": []}),
        _block("rich_text", content.HOME_WHY),
    ]
    if featured_profile_ids:
        body.append(_block("featured_freelancers", {
            "heading": content.HOME_FEATURED_HEADING,
            "profiles": [_block("item", pk) for pk in featured_profile_ids],
        }))
    body.append(_block("call_to_action", content.HOME_CALL_TO_ACTION))
    body.append(_block("call_to_action", content.HOME_FREELANCER_CALL_TO_ACTION))
    return body


def standard_page_body(data: dict) -> list[dict]:
    body = [_block("rich_text", data["body"])]
    if "call_to_action" in data:
        body.append(_block("call_to_action", data["call_to_action"]))
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
    english, _ = Locale.objects.get_or_create(language_code=ENGLISH)
    # The English tree is the one the demo writes first; a database seeded before the site had
    # languages has its home page wherever it is.
    home = HomePage.objects.filter(locale=english).first() or HomePage.objects.first()
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
        body = _filled(home_page_body([ids[e] for e in emails if e in ids]), links_in(ENGLISH))
        home = _publish_child(root, HomePage(
            title=site_content.HOME_TITLE, slug=slug, body=body, locale=english,
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
        data = _filled(data, links_in(ENGLISH))
        page = _publish_child(home, StandardPage(
            title=data["title"], slug=data["slug"], introduction=data["introduction"], body=standard_page_body(data)
        ))
        created.append(page.title)
    if not FreelancerDirectoryPage.objects.filter(locale=home.locale).exists():
        page = _publish_child(home, FreelancerDirectoryPage(
            title=site_content.DIRECTORY_TITLE, slug=site_content.DIRECTORY_SLUG, intro=site_content.DIRECTORY_INTRO
        ))
        created.append(page.title)
    created += seed_swedish_pages(home)
    created += seed_contact_pages(home)
    created += seed_guides(home)
    return created


def links_in(language: str) -> dict[str, str]:
    """The addresses a language's copy links to, as its readers reach them: with the language's
    prefix when the site's URLs carry one (i18n_patterns), else as they are; so a link on a
    page never goes through the redirect of an unprefixed address."""
    with translation.override(language):
        def page_url(path: str) -> str:
            try:
                return reverse("wagtail_serve", args=(path,))
            except NoReverseMatch:
                return f"/{path}"

        signup = reverse("account_signup")
        return {
            "freelancers": page_url(f"{site_content.DIRECTORY_SLUG}/"),
            "how_it_works": page_url("how-it-works/"),
            "signup": signup,
            "signup_client": f"{signup}?role=client",
            "signup_freelancer": f"{signup}?role=freelancer",
        }


def _filled(value, links: dict[str, str]):
    """`value` (text, or dicts and lists of it) with its {link} placeholders filled in."""
    if isinstance(value, str):
        return value.format(**links)
    if isinstance(value, dict):
        return {key: _filled(item, links) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_filled(item, links) for item in value]
    return value


def _translate(page: Page, locale: Locale, **fields) -> Page:
    """The Swedish translation of `page` (same translation_key, in the Swedish tree under its
    parent's translation), copied as the admin's Translate action copies it, given its Swedish
    fields and published."""
    translation_page = page.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translation_page, name, value)
    translation_page.save_revision().publish()
    return translation_page


def seed_swedish_pages(home: HomePage) -> list[str]:
    """Translate the English home page and the pages under it that the demo wrote into Swedish;
    translations that exist are left as editors made them. Returns the titles created."""
    created = []
    locale, _ = Locale.objects.get_or_create(language_code=SWEDISH)
    if home.locale_id == locale.pk:
        return created
    links = links_in(SWEDISH)
    content = site_content_sv
    swedish_home = home.get_translation_or_none(locale)
    if swedish_home is None:
        # The same featured freelancers as the English home page shows (members' own text
        # stays as they wrote it).
        featured = next((block.value for block in home.body if block.block_type == "featured_freelancers"), None)
        profile_ids = [profile.pk for profile in featured["profiles"] if profile is not None] if featured else []
        body = _filled(home_page_body(profile_ids, content), links)
        swedish_home = _translate(home, locale, title=content.HOME_TITLE, body=body)
        created.append(f"{swedish_home.title} ({SWEDISH})")
    for page in home.get_children().specific():
        if page.get_translation_or_none(locale) is not None:
            continue
        if isinstance(page, StandardPage) and page.slug in content.STANDARD_PAGES:
            data = _filled(content.STANDARD_PAGES[page.slug], links)
            translated = _translate(
                page, locale, title=data["title"], introduction=data["introduction"], body=standard_page_body(data)
            )
        elif isinstance(page, FreelancerDirectoryPage):
            translated = _translate(page, locale, title=content.DIRECTORY_TITLE, intro=content.DIRECTORY_INTRO)
        else:
            continue
        created.append(f"{translated.title} ({SWEDISH})")
    return created
