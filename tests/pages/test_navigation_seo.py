"""Navigation and SEO that editors own (issue 24, point 4): the header's menu from the pages
marked "Show in menus", the footer's contact details and links from the Footer setting,
/sitemap.xml with the pages and the public profiles, Open Graph and descriptions on every
page type, canonical links on the site's public origin (SITE_URL, never the Site record's
localhost)."""

import re

import pytest
from django.urls import reverse
from wagtail.models import Site

from marketplace.accounts.models import Profile, User
from pages.models import SiteFooter, StandardPage

pytestmark = pytest.mark.django_db

def public(page) -> str:
    """A page's address on the public origin (SITE_URL is http://testserver in the tests)."""
    return f"http://testserver{page.get_url_parts()[2]}"


def header(html: str) -> str:
    return html[html.index('<header class="site-header"'):html.index("</header>")]


def footer(html: str) -> str:
    return html[html.index('<footer class="site-footer"'):html.index("</footer>")]


def test_pages_marked_show_in_menus_are_in_the_header_in_tree_order(client, page_tree):
    about = page_tree["about"]
    about.show_in_menus = True
    about.save_revision().publish()
    guides = page_tree["home"].add_child(instance=StandardPage(title="Guides", slug="guides", show_in_menus=True))
    page_tree["home"].add_child(instance=StandardPage(title="Hidden", slug="hidden"))
    page_tree["directory"].show_in_menus = True
    page_tree["directory"].save_revision().publish()

    nav = header(client.get(about.url).content.decode())

    assert f'<a href="{about.url}" aria-current="page">About Valund</a>' in nav
    assert f'<a href="{guides.url}">Guides</a>' in nav and nav.index("About Valund") < nav.index("Guides")
    assert "Hidden" not in nav
    assert nav.count("Find freelancers") == 1  # the directory keeps its one link


def test_the_footer_shows_the_contact_details_and_links_editors_set(client, page_tree):
    site = Site.objects.get(is_default_site=True)
    SiteFooter.objects.create(site=site, email="hej@valund.example", phone="+46 31 123 45 67",
                              address="Lilla Bommen 1\n411 04 Göteborg",
                              links=[{"type": "link", "value": {"page": page_tree["about"].pk, "label": "Who we are"}}])

    html = footer(client.get(page_tree["home"].url).content.decode())

    assert '<a href="mailto:hej@valund.example">hej@valund.example</a>' in html
    assert 'href="tel:+46311234567"' in html
    assert "Lilla Bommen 1<br>411 04 Göteborg" in html
    assert f'<a href="{page_tree["about"].url}">Who we are</a>' in html


def test_the_sitemap_lists_live_pages_and_public_profiles_on_the_public_origin(client, page_tree, freelancer,
                                                                                make_member):
    hidden = make_member(User.Role.FREELANCER, name="Private Person")
    Profile.objects.filter(user=hidden).update(visibility=Profile.Visibility.HIDDEN)
    page_tree["home"].add_child(instance=StandardPage(title="Draft", slug="draft", live=False))

    response = client.get("/sitemap.xml")

    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    locations = re.findall(r"<loc>([^<]+)</loc>", response.content.decode())
    home, about, directory = (public(page_tree[name]) for name in ("home", "about", "directory"))
    assert home in locations and about in locations and directory in locations
    assert f"{directory}{freelancer.profile.slug}/" in locations
    assert not any("draft" in url or hidden.profile.slug in url or "localhost" in url for url in locations)
    assert reverse("sitemap") == "/sitemap.xml"


@pytest.mark.parametrize("name", ["home", "about", "directory"])
def test_every_page_type_has_a_description_open_graph_and_a_canonical_link_on_the_public_origin(client, page_tree,
                                                                                              name):
    about = page_tree["about"]
    about.search_description = "Who runs Valund and why."
    about.save_revision().publish()

    html = client.get(page_tree[name].url).content.decode()

    canonical = re.search(r'<link rel="canonical" href="([^"]+)">', html).group(1)
    assert canonical == public(page_tree[name])
    assert f'<meta property="og:url" content="{canonical}">' in html
    assert '<meta property="og:title" content="' in html and '<meta property="og:type" content="website">' in html
    assert re.search(r'<meta property="og:description" content="[^"]+">', html)
    assert re.search(r'<meta name="description" content="[^"]+">', html)
    if name == "about":
        assert '<meta property="og:description" content="Who runs Valund and why.">' in html
