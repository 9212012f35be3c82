"""Articles and guides (issue 24, point 5): the article index lists its live articles in its own
language, newest first, a page at a time; an article shows its date, byline and body; the body's
blocks (image, video, quote, table, call to action) render in English and Swedish; images take
their alt text from their own description and come as focal-point crops at several widths; a call
to action follows the page it links to when that page moves; both page types are in the sitemap
and publishing an article retires the cached index above it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale
from wagtail.users.models import UserProfile

from pages import purge
from pages.blocks import CallToActionBlock, DataTableBlock, HeroBlock, ImageBlock, QuoteBlock
from pages.models import ArticleIndexPage, ArticlePage, HomePage, StandardPage

pytestmark = pytest.mark.django_db

VIDEO = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


@pytest.fixture
def photo():
    image = get_image_model().objects.create(
        title="weld.jpg", description="A welder joining two steel beams, sparks flying",
        file=get_test_image_file(size=(1600, 1000)), focal_point_x=1200, focal_point_y=300,
        focal_point_width=100, focal_point_height=100,
    )
    return image


@pytest.fixture
def video():
    return Embed.objects.create(
        url=VIDEO, hash=get_embed_hash(VIDEO), type="video", title="Welding basics", provider_name="YouTube",
        html='<iframe width="200" height="113" src="https://www.youtube.com/embed/dQw4w9WgXcQ?feature=oembed" '
             'frameborder="0" allowfullscreen></iframe>',
    )


def article_body(*, image, cta_page):
    return [
        {"type": "rich_text", "value": "<h2>Before you start</h2><p>Check the papers.</p>"},
        {"type": "image", "value": {"image": image.pk, "caption": "Hot work on site", "decorative": False}},
        {"type": "embed", "value": {"video": VIDEO, "caption": "Five minutes"}},
        {"type": "quote", "value": {"quote": "Two days to a certified welder.", "attribution": "Anna Berg"}},
        {"type": "table", "value": {
            "first_row_is_table_header": True, "first_col_is_header": False, "table_caption": "Day rates",
            "data": [["Trade", "Day rate"], ["Welder", "4 200 SEK"]],
        }},
        {"type": "call_to_action", "value": {
            "heading": "Ready?", "text": "", "label": "Browse", "page": cta_page.pk, "url": "",
        }},
    ]


@pytest.fixture
def articles(page_tree, photo, video):
    home = page_tree["home"]
    index = home.add_child(instance=ArticleIndexPage(title="Guides", slug="guides", introduction="How-tos.",
                                                     articles_per_page=2))
    made = {}
    for day, slug in ((3, "older"), (20, "newest"), (10, "middle")):
        made[slug] = index.add_child(instance=ArticlePage(
            title=f"Guide {slug}", slug=slug, date=datetime.date(2026, 11, day), authors="Anna Berg",
            introduction=f"About {slug}.", listing_image=photo,
            body=article_body(image=photo, cta_page=page_tree["directory"]),
        ))
    made["draft"] = index.add_child(instance=ArticlePage(title="Guide draft", slug="draft", live=False,
                                                         date=datetime.date(2026, 12, 1)))
    return {"index": index, **made}


@pytest.fixture
def swedish_articles(page_tree, articles, photo):
    swedish = Locale.objects.get_or_create(language_code="sv")[0]
    home = page_tree["home"].copy_for_translation(swedish)
    home.save_revision().publish()
    directory = page_tree["directory"].copy_for_translation(swedish)
    directory.slug = "frilansare"
    directory.save_revision().publish()
    index = home.add_child(instance=ArticleIndexPage(title="Guider", slug="guider", locale=swedish,
                                                     introduction="Råd och instruktioner."))
    article = index.add_child(instance=ArticlePage(
        title="Så anlitar du en svetsare", slug="anlita-svetsare", locale=swedish, date=datetime.date(2026, 11, 5),
        authors="Anna Berg", introduction="Steg för steg.",
        body=article_body(image=photo, cta_page=directory),
    ))
    return {"index": index, "article": article, "directory": directory}


def test_page_types_sit_where_they_belong(page_tree, articles):
    home, index = page_tree["home"], articles["index"]

    assert ArticleIndexPage.can_create_at(home) and not ArticleIndexPage.can_create_at(page_tree["about"])
    assert ArticlePage.can_create_at(index) and not ArticlePage.can_create_at(home)
    assert ArticleIndexPage in HomePage.allowed_subpage_models()
    assert ArticlePage.allowed_subpage_models() == []
    for field in ("date", "authors", "introduction", "listing_image"):
        assert ArticlePage._meta.get_field(field).help_text
    assert ArticleIndexPage._meta.get_field("articles_per_page").help_text


def test_the_index_lists_live_articles_newest_first_a_page_at_a_time(client, articles):
    first = client.get("/en/guides/").content.decode()
    second = client.get("/en/guides/?page=2").content.decode()

    assert first.index("Guide newest") < first.index("Guide middle") and "Guide older" not in first
    assert "Guide older" in second and "Guide newest" not in second
    assert "Guide draft" not in first + second
    assert 'href="?page=2"' in first and '<time datetime="2026-11-20">20 Nov 2026</time>' in first
    assert 'alt="A welder joining two steel beams, sparks flying"' in first


def test_an_article_renders_its_byline_and_every_block(client, articles, page_tree):
    html = client.get("/en/guides/newest/").content.decode()

    assert "<h1>Guide newest</h1>" in html and "By Anna Berg" in html
    assert '<time datetime="2026-11-20">20 Nov 2026</time>' in html
    assert "<h2>Before you start</h2>" in html
    assert 'alt="A welder joining two steel beams, sparks flying"' in html
    assert "<figcaption class=\"muted\">Hot work on site</figcaption>" in html
    assert 'src="https://www.youtube.com/embed/dQw4w9WgXcQ?feature=oembed"' in html
    assert 'title="Welding basics"' in html and "frameborder" not in html
    assert "<blockquote><p>Two days to a certified welder.</p></blockquote>" in html
    assert "<figcaption>— Anna Berg</figcaption>" in html
    assert "<caption>Day rates</caption>" in html and '<th scope="col"' in html and "4 200 SEK" in html
    assert '<a class="button" href="/en/freelancers/">Browse</a>' in html
    assert 'href="/en/guides/">More in Guides</a>' in html


def test_images_come_as_focal_point_crops_at_several_widths(client, articles):
    html = client.get("/en/guides/newest/").content.decode()

    figure = html[html.index('<figure class="section figure">'):]
    figure = figure[:figure.index("</figure>")]
    assert 'srcset="' in figure and 'sizes="(min-width: 50rem) 46rem, 100vw"' in figure
    widths = [part.split()[-1] for part in figure.split('srcset="')[1].split('"')[0].split(",")]
    assert len(set(widths)) >= 3, widths
    # Wagtail names a focal-point crop's rendition after its filter spec: fill-…-c10.
    assert ".fill-400x267-c10." in figure or "fill-400x267-c10" in figure


def test_the_hero_image_has_alt_text_from_its_description_unless_decorative(client, page_tree, photo):
    home = page_tree["home"]
    home.body[0].value["image"] = photo
    home.save_revision().publish()

    html = client.get("/en/").content.decode()
    hero = html[html.index('<section class="hero">'):html.index("</section>")]
    assert 'alt="A welder joining two steel beams, sparks flying"' in hero
    assert 'srcset="' in hero and "width-1200" not in hero and "fill-1920x1080-c10" in hero

    home = HomePage.objects.get(pk=home.pk)
    home.body[0].value["decorative"] = True
    home.save_revision().publish()
    html = client.get("/en/").content.decode()
    hero = html[html.index('<section class="hero">'):html.index("</section>")]
    assert 'alt=""' in hero


def test_an_image_without_a_description_is_refused_unless_marked_decorative(photo):
    photo.description = ""
    photo.save()
    for block in (ImageBlock(), HeroBlock()):
        value = {"image": photo.pk, "decorative": False, "heading": "Hi"}
        with pytest.raises(ValidationError):
            block.clean(block.to_python(value))
        assert block.clean(block.to_python({**value, "decorative": True}))["decorative"] is True


def test_a_call_to_action_follows_the_page_it_links_to_when_it_moves(client, page_tree, articles):
    about = page_tree["about"]
    page_tree["home"].body.append(("call_to_action", {
        "heading": "Read about us", "text": "", "label": "About", "page": about, "url": "",
    }))
    page_tree["home"].save_revision().publish()
    assert '<a class="button" href="/en/about/">About</a>' in client.get("/en/").content.decode()

    parent = page_tree["home"].add_child(instance=StandardPage(title="Company", slug="company"))
    about.move(parent, pos="last-child")

    assert '<a class="button" href="/en/company/about/">About</a>' in client.get("/en/").content.decode()


def test_a_call_to_action_takes_a_page_or_an_address_not_both_nor_neither(page_tree):
    block = CallToActionBlock()
    base = {"heading": "Go", "text": "", "label": "Go"}

    assert block.clean(block.to_python({**base, "page": page_tree["about"].pk, "url": ""}))["page"].pk
    assert block.clean(block.to_python({**base, "page": None, "url": "https://example.com/"}))["url"]
    for value in ({"page": None, "url": ""}, {"page": page_tree["about"].pk, "url": "/en/"}):
        with pytest.raises(ValidationError):
            block.clean(block.to_python({**base, **value}))


def test_the_swedish_tree_lists_only_swedish_articles_in_swedish(client, swedish_articles):
    index = client.get("/sv/guider/").content.decode()
    article = client.get("/sv/guider/anlita-svetsare/").content.decode()

    assert "Så anlitar du en svetsare" in index and "Guide newest" not in index
    assert "Av Anna Berg" in article and "Mer i Guider" in article
    assert '<time datetime="2026-11-05">5 nov. 2026</time>' in article
    assert '<a class="button" href="/sv/frilansare/">Browse</a>' in article
    assert 'alt="A welder joining two steel beams, sparks flying"' in article and 'srcset="' in article
    assert "<caption>Day rates</caption>" in article and "<blockquote>" in article


def test_blocks_describe_themselves_and_preview_without_data():
    for block in (HeroBlock(), CallToActionBlock(), QuoteBlock(), DataTableBlock(), ImageBlock()):
        assert block.get_description()
    for block in (HeroBlock(), CallToActionBlock(), QuoteBlock(), DataTableBlock()):
        html = block.render(block.get_preview_value(), context={})
        assert html.strip()


def test_articles_and_their_index_are_in_the_sitemap(client, articles):
    xml = client.get("/sitemap.xml").content.decode()

    assert "/en/guides/</loc>" in xml and "/en/guides/newest/</loc>" in xml
    assert "/en/guides/draft/" not in xml


def test_publishing_an_article_retires_the_cached_index_above_it(articles):
    paths = purge.page_paths(articles["newest"])

    assert "/en/guides/newest/" in paths and "/en/guides/" in paths and "/sv/guides/" in paths


def test_an_editor_adds_an_article_under_the_index_only(client, make_staff, articles, page_tree):
    client.force_login(make_staff())
    index = articles["index"]

    form = client.get(f"/admin/pages/add/pages/articlepage/{index.pk}/")
    assert form.status_code == 200
    html = form.content.decode()
    assert "The byline as readers see it" in html and "Its description (in Images) is read out in its place." in html
    assert client.get(f"/admin/pages/add/pages/articlepage/{page_tree['home'].pk}/").status_code in (302, 403)
    assert client.get(f"/admin/pages/add/pages/articleindexpage/{page_tree['home'].pk}/").status_code == 200


@pytest.mark.parametrize(("language", "descriptions"), [
    ("en", ("A list of guides and articles, newest first", "A page of text and blocks",
            "A form editors build field by field")),
    ("sv", ("En lista med guider och artiklar, nyast först", "En sida med text och block",
            "Ett formulär som redaktörer bygger fält för fält")),
])
def test_the_page_type_chooser_describes_each_type_in_the_editors_language(client, make_staff, page_tree,
                                                                           language, descriptions):
    """Add child page under the home page: each type offered says what it is for (page_description),
    in the editor's admin language."""
    editor = make_staff()
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = language
    profile.save()
    client.force_login(editor)

    html = client.get(f"/admin/pages/{page_tree['home'].pk}/add_subpage/").content.decode()

    for description in descriptions:
        assert description in html, description
    assert all(page_type.page_description for page_type in (StandardPage, ArticleIndexPage, ArticlePage))
