"""The demo's guides (marketplace/demo/guides.py): an article index and two guides in each
language tree, the Swedish ones translations of the English with Swedish text, the call to
action linking the directory of the same language; seeding again creates nothing."""

import pytest
from wagtail.models import Locale

from marketplace.demo.guides import seed_guides
from pages.models import ArticleIndexPage, ArticlePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_trees(page_tree):
    swedish = Locale.objects.get_or_create(language_code="sv")[0]
    for name in ("home", "directory"):
        copy = page_tree[name].copy_for_translation(swedish)
        if name == "directory":
            copy.slug = "frilansare"
        copy.save_revision().publish()
    return page_tree


def test_each_language_tree_gets_an_index_and_two_guides(client, two_trees):
    created = seed_guides(two_trees["home"])

    assert len(created) == 6
    english = ArticleIndexPage.objects.get(locale__language_code="en")
    swedish = ArticleIndexPage.objects.get(locale__language_code="sv")
    assert swedish.translation_key == english.translation_key and swedish.title == "Guider"
    assert ArticlePage.objects.live().child_of(english).count() == 2
    assert ArticlePage.objects.live().child_of(swedish).count() == 2
    listing = client.get("/sv/guides/").content.decode()
    assert "Så anlitar du en certifierad svetsare" in listing and "Ditt första uppdrag som frilansare" in listing
    article = client.get("/sv/guides/hiring-a-certified-welder/").content.decode()
    assert "certifikat för heta arbeten" in article and 'href="/sv/frilansare/">Sök</a>' in article
    english_article = client.get("/en/guides/hiring-a-certified-welder/").content.decode()
    assert "hot work certificate" in english_article and 'href="/en/freelancers/">Search</a>' in english_article
    assert client.get("/en/guides/").content.decode().index("Hiring a certified welder") < \
        client.get("/en/guides/").content.decode().index("Your first booking as a freelancer")


def test_seeding_again_creates_nothing(two_trees):
    seed_guides(two_trees["home"])

    assert seed_guides(two_trees["home"]) == []
    assert ArticlePage.objects.count() == 4
