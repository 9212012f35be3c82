"""The demo's editorial pages link to the addresses of their own language (#21): /en/… from the
English tree, /sv/… from the Swedish one, never an unprefixed public address that reaches the
page only through core.i18n.LocaleMiddleware's redirect. Signup is a member's page, unprefixed."""

import json
import re

import pytest
from django.test import Client
from wagtail.models import Page

from marketplace.demo.page_tree import seed_pages

pytestmark = pytest.mark.django_db

# A link in the JSON of a page's body: a block's typed address or an <a href> in rich text.
LINK = re.compile(r'(?:href=\\"|"(?:primary_url|secondary_url|url)": ")(/[^"\\]*)')
MEMBERS_PAGES = ("/accounts/",)


def test_each_tree_links_to_its_own_languages_addresses():
    seed_pages(featured_emails=list)
    links = {}
    for page in Page.objects.live().filter(depth__gte=2).specific():
        body = getattr(page, "body", None)
        if body is None:
            continue
        language = page.locale.language_code
        for href in LINK.findall(json.dumps(list(body.raw_data))):
            links[href] = language
            assert href.startswith((f"/{language}/", *MEMBERS_PAGES)), (page.url, href)
    assert {"/en/freelancers/", "/en/how-it-works/", "/sv/freelancers/", "/sv/how-it-works/"} <= set(links)
    visitor = Client()
    for href, language in links.items():
        if not href.startswith(MEMBERS_PAGES):
            response = visitor.get(href)
            assert response.status_code == 200, href
            assert f'<html lang="{language}"' in response.content.decode()[:500], href
