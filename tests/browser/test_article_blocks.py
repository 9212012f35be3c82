"""The article pages and the body's blocks in Chromium, in English and Swedish, at 360 and 1280
px: the index and an article with every block but the video (it needs YouTube), the hero with an
image; axe and the Nu checker find nothing, nothing spills sideways on a phone, and the browser
picks a rendition from the image's srcset."""

import datetime

import pytest
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale

from pages.models import ArticleIndexPage, ArticlePage

from .conftest import DESKTOP, served_html, track

PHONE_360 = {"width": 360, "height": 640}


def _body(image, directory):
    return [
        {"type": "rich_text", "value": "<h2>Before you start</h2><p>Check the papers.</p>"},
        {"type": "image", "value": {"image": image.pk, "caption": "Hot work on site", "decorative": False}},
        {"type": "quote", "value": {"quote": "Two days to a certified welder.", "attribution": "Anna Berg"}},
        {"type": "table", "value": {
            "first_row_is_table_header": True, "first_col_is_header": False, "table_caption": "Day rates",
            "data": [["Trade", "Day rate", "Notes"], ["Welder", "4 200 SEK", "Hot work certificate"],
                     ["Electrician", "4 600 SEK", "Authorisation"]],
        }},
        {"type": "call_to_action", "value": {
            "heading": "Ready?", "text": "Verified welders.", "label": "Browse", "page": directory.pk, "url": "",
        }},
    ]


@pytest.fixture
def articles(make_page_tree):
    tree = make_page_tree()
    image = get_image_model().objects.create(
        title="weld.jpg", description="A welder joining two steel beams", file=get_test_image_file(size=(1600, 1000)),
    )
    home = tree["home"]
    home.body[0].value["image"] = image
    home.save_revision().publish()
    index = home.add_child(instance=ArticleIndexPage(title="Guides", slug="guides", introduction="How-tos."))
    index.add_child(instance=ArticlePage(
        title="Hiring a welder", slug="hiring-a-welder", date=datetime.date(2026, 11, 20), authors="Anna Berg",
        introduction="What to check.", listing_image=image, body=_body(image, tree["directory"]),
    ))
    swedish = Locale.objects.get_or_create(language_code="sv")[0]
    sv_home = home.copy_for_translation(swedish)
    sv_home.save_revision().publish()
    sv_directory = tree["directory"].copy_for_translation(swedish)
    sv_directory.slug = "frilansare"
    sv_directory.save_revision().publish()
    sv_index = index.copy_for_translation(swedish)
    sv_index.title, sv_index.slug = "Guider", "guider"
    sv_index.save_revision().publish()
    sv_index.add_child(instance=ArticlePage(
        title="Så anlitar du en svetsare", slug="anlita-svetsare", locale=swedish, date=datetime.date(2026, 11, 5),
        authors="Anna Berg", introduction="Steg för steg.", listing_image=image, body=_body(image, sv_directory),
    ))


@pytest.mark.parametrize("viewport", [PHONE_360, DESKTOP], ids=["360", "1280"])
def test_article_pages_and_blocks_pass_the_judges(browser_context, judges, articles, viewport):
    width = viewport["width"]
    page = track(browser_context(viewport=viewport).new_page())

    for path, name in (("/en/guides/", "article-index"), ("/en/guides/hiring-a-welder/", "article"),
                       ("/sv/guider/", "article-index-sv"), ("/sv/guider/anlita-svetsare/", "article-sv"),
                       ("/en/", "home-hero-image")):
        response = page.goto(path)
        assert response.ok, path
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width, path
        judges.check(page, f"{name}-{width}", html=served_html(page))
        if name.startswith("article-sv") or name == "article":
            image = page.locator("figure.figure img")
            assert image.get_attribute("alt") == "A welder joining two steel beams"
            assert "fill-" in image.evaluate("img => img.currentSrc")
    judges.assert_clean()
