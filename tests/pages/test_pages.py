import pathlib

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.views.defaults import permission_denied

from marketplace.accounts.models import Profile, User

pytestmark = pytest.mark.django_db


def test_home_page_renders_every_block(client, make_page_tree, skills, freelancer):
    make_page_tree(categories=[skills["welding"].category], featured=[freelancer.profile])

    response = client.get("/en/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<section class="hero">' in html
    assert "<h1>Skilled hands, verified papers</h1>" in html
    assert '<a class="button" href="/en/freelancers/">Find freelancers</a>' in html
    assert "<h2>Why Valund</h2><p>Every certificate is <b>checked</b>.</p>" in html
    assert '<a class="button" href="/accounts/signup/">Join Valund</a>' in html
    assert "Find skills by trade" in html
    assert "Featured freelancers" in html
    assert "Astrid Lindqvist" in html


def test_home_page_without_hero_keeps_a_page_heading(client, page_tree):
    home = page_tree["home"]
    del home.body[0]
    home.save_revision().publish()

    html = client.get("/en/").content.decode()

    assert '<h1 class="visually-hidden">Valund</h1>' in html
    assert '<section class="hero">' not in html


def test_home_page_with_an_empty_body_still_renders(client, page_tree):
    home = page_tree["home"]
    home.body = []
    home.save_revision().publish()

    response = client.get("/en/")

    assert response.status_code == 200
    assert '<h1 class="visually-hidden">Valund</h1>' in response.content.decode()


def test_standard_page_renders_its_introduction_and_blocks(client, page_tree):
    response = client.get("/en/about/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>About Valund</h1>" in html
    assert "A marketplace for verified skills." in html
    assert "<p>Founded in Göteborg.</p>" in html
    assert '<a class="button" href="/en/freelancers/">Browse</a>' in html
    assert '<link rel="canonical" href="http://testserver/en/about/">' in html


def test_featured_block_shows_exactly_the_chosen_public_profiles(client, make_page_tree, make_member):
    chosen = make_member(name="Bertil Chosen", headline="Electrician", hourly_rate=80000, currency="SEK")
    also_chosen = make_member(name="Cecilia Chosen")
    hidden = make_member(name="Doris Hidden", visibility=Profile.Visibility.HIDDEN)
    make_member(name="Erik Unchosen")
    make_page_tree(featured=[also_chosen.profile, hidden.profile, chosen.profile])

    html = client.get("/en/").content.decode()

    featured = html.split("Featured freelancers", 1)[1]
    assert "Cecilia Chosen" in featured and "Bertil Chosen" in featured
    assert featured.index("Cecilia Chosen") < featured.index("Bertil Chosen")
    assert "Doris Hidden" not in html
    assert "Erik Unchosen" not in html
    assert f'href="/en/freelancers/{chosen.profile.slug}/"' in featured
    assert "800 SEK per hour" in featured


def test_featured_block_disappears_when_no_chosen_profile_is_public(client, make_page_tree, make_member):
    client_member = make_member(User.Role.CLIENT, name="Client Company")
    make_page_tree(featured=[client_member.profile])

    html = client.get("/en/").content.decode()

    assert "Featured freelancers" not in html
    assert "Client Company" not in html


def test_featured_block_queries_do_not_grow_with_profiles(client, make_page_tree, make_member,
                                                          django_assert_max_num_queries):
    profiles = [make_member().profile for _ in range(12)]
    make_page_tree(featured=profiles)
    client.get("/en/")

    # the page's own (Wagtail's routing in the address's locale, and the language switcher's
    # and hreflang's other-language copy: a fixed four), then the cards': the profiles with
    # their ratings, skills and verified skills
    with django_assert_max_num_queries(13):
        response = client.get("/en/")

    assert response.content.decode().count('class="card card--link result-card"') == 12


def test_skill_category_grid_shows_chosen_categories_with_counts(client, make_page_tree, skills):
    make_page_tree(categories=[skills["python"].category])

    html = client.get("/en/").content.decode()

    assert '<a class="card__link" href="/en/freelancers/?category=it">IT</a>' in html
    assert "1 skill" in html
    assert "Construction" not in html


def test_skill_category_grid_shows_every_category_when_none_chosen(client, page_tree, skills):
    html = client.get("/en/").content.decode()

    assert '<a class="card__link" href="/en/freelancers/?category=construction">Construction</a>' in html
    assert "2 skills" in html
    assert '<a class="card__link" href="/en/freelancers/?category=it">IT</a>' in html


def test_500_page_renders_without_request_or_database():
    html = render_to_string("500.html")

    assert "Something went wrong on our side" in html
    assert "csrf" not in html.lower()


def test_403_page_leaks_nothing(page_tree):
    request = RequestFactory().get("/secret/")
    request.user = AnonymousUser()
    response = permission_denied(request, PermissionDenied("internal reason 42"))

    assert response.status_code == 403
    assert "You do not have access to this page" in response.content.decode()
    assert "internal reason 42" not in response.content.decode()


def test_404_page_does_not_echo_the_path(client, page_tree):
    response = client.get("/%3Cscript%3Eprobe/")

    assert response.status_code == 404
    assert "probe" not in response.content.decode()


TEMPLATES = pathlib.Path(settings.BASE_DIR) / "templates"
OWN_TEMPLATES = sorted(
    [*TEMPLATES.glob("pages/*.html"), *TEMPLATES.glob("blocks/*.html"),
     TEMPLATES / "403.html", TEMPLATES / "404.html", TEMPLATES / "500.html"]
)


@pytest.mark.parametrize("template", OWN_TEMPLATES, ids=lambda path: str(path.relative_to(TEMPLATES)))
def test_templates_need_no_inline_styles_or_scripts(template):
    """A strict Content Security Policy is coming: no style attributes, <style> or <script>."""
    source = template.read_text()

    assert "style=" not in source and "<style" not in source
    assert "<script" not in source
