"""Public pages per language (/sv/…, /en/…), the language chosen (address, cookie, browser,
the member's own), the switcher on every kind of page, hreflang, canonical and lang."""

import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation

from marketplace.accounts.models import User
from pages.purge import profile_paths

pytestmark = pytest.mark.django_db

ALTERNATE = re.compile(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">')
SWITCHER = re.compile(r'<nav class="language-switcher language-switcher--(header|footer)".*?</nav>', re.S)


def switchers(html: str) -> dict[str, str]:
    return {match.group(1): match.group(0) for match in SWITCHER.finditer(html)}


@pytest.mark.parametrize(("browser", "prefix"), [("sv", "/sv/"), ("sv-SE,sv;q=0.9,en;q=0.5", "/sv/"),
                                                  ("en-GB,en;q=0.9", "/en/"), ("de", "/en/")])
def test_an_old_address_goes_to_the_browsers_language(client, page_tree, browser, prefix):
    response = client.get("/freelancers/?q=weld", HTTP_ACCEPT_LANGUAGE=browser)

    assert response.status_code == 302
    assert response["Location"] == f"{prefix}freelancers/?q=weld"
    assert "private" in response["Cache-Control"]


@override_settings(LANGUAGE_CODE="sv")
def test_swedish_is_the_sites_own_language(page_tree):
    assert Client().get("/").headers["Location"] == "/sv/"
    assert Client().get("/freelancers/", HTTP_ACCEPT_LANGUAGE="fi").headers["Location"] == "/sv/freelancers/"


def test_the_language_cookie_wins_over_the_browser(client, page_tree):
    client.cookies["django_language"] = "sv"

    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en")["Location"] == "/sv/"


def test_the_address_wins_over_cookie_and_browser(client, page_tree):
    client.cookies["django_language"] = "en"

    response = client.get("/sv/about/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert '<html lang="sv">' in response.content.decode()
    assert response["Content-Language"] == "sv"


def test_a_verification_page_and_reviews_are_public_per_language(client, freelancer):
    with translation.override("en"):
        assert reverse("passport:verify", args=["abc"]) == "/en/verify/abc/"
        # The machine-readable answers have no language.
        assert reverse("passport:verify_json", args=["abc"]) == "/verify/abc/json/"
    assert client.get("/verify/abc/", HTTP_ACCEPT_LANGUAGE="sv")["Location"] == "/sv/verify/abc/"
    assert client.get("/sv/verify/abc/").status_code == 404  # an unknown code, in Swedish
    slug = freelancer.profile.slug
    assert client.get(f"/ratings/members/{slug}/reviews/", HTTP_ACCEPT_LANGUAGE="sv")["Location"] == (
        f"/sv/ratings/members/{slug}/reviews/"
    )


def test_members_pages_have_no_prefix_and_speak_the_members_language(client, logged_in, freelancer):
    translation.activate("en")
    User.objects.filter(pk=freelancer.pk).update(language="sv")
    logged_in(freelancer)
    client.cookies["django_language"] = "en"

    response = client.get(reverse("dashboard:index"), HTTP_ACCEPT_LANGUAGE="en")

    assert reverse("dashboard:index") == "/dashboard/"
    assert response.status_code == 200
    assert '<html lang="sv">' in response.content.decode()
    # An old public address sends the member to their language too.
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en")["Location"] == "/sv/"


def test_a_member_who_chose_nothing_gets_the_browsers_language(client, logged_in, freelancer):
    logged_in(freelancer)

    response = client.get(reverse("dashboard:index"), HTTP_ACCEPT_LANGUAGE="sv")

    assert '<html lang="sv">' in response.content.decode()


@pytest.mark.parametrize("path", ["/en/", "/en/about/", "/en/freelancers/", "/en/freelancers/?q=weld",
                                  "profile", "/accounts/login/", "/en/verify/unknown/"])
def test_every_kind_of_page_has_the_switcher_in_header_and_footer(client, page_tree, freelancer, path):
    if path == "profile":
        path = f"/en/freelancers/{freelancer.profile.slug}/"
    html = client.get(path).content.decode()

    found = switchers(html)
    assert set(found) == {"header", "footer"}, path
    for nav in found.values():
        assert '<span lang="en" aria-current="true">English</span>' in nav
        link = re.search(r'<a href="([^"]+)" lang="sv" hreflang="sv" rel="nofollow">Svenska</a>', nav)
        assert link, nav
        target = Client().get(link.group(1).replace("&amp;", "&"))
        assert target.status_code == 302
        if path == "/en/verify/unknown/":  # a 404: the other language's home, the address not echoed
            assert target["Location"] == "/sv/"
        elif path.startswith("/en/"):
            assert target["Location"] == path.replace("/en/", "/sv/", 1), path
        else:
            assert target["Location"] == path


def test_a_members_switcher_posts_and_saves_the_choice(client, logged_in, freelancer):
    logged_in(freelancer)
    html = client.get(reverse("dashboard:index")).content.decode()
    assert 'action="/language/sv/"' in html and '<button type="submit" class="link-button" lang="sv">Svenska' in html

    response = client.post("/language/sv/", {"next": "/dashboard/"})

    assert response["Location"] == "/dashboard/"
    assert response.cookies["django_language"].value == "sv"
    freelancer.refresh_from_db()
    assert freelancer.language == "sv"
    assert '<html lang="sv">' in client.get("/dashboard/").content.decode()


def test_following_the_switchers_link_saves_nothing_in_the_database(client, logged_in, freelancer):
    """A GET changes nothing (browsers prefetch links): the cookie only."""
    logged_in(freelancer)

    response = client.get("/language/sv/?next=/dashboard/")

    assert response.cookies["django_language"].value == "sv"
    freelancer.refresh_from_db()
    assert freelancer.language == ""


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"])
def test_the_switcher_does_not_send_anyone_to_another_site(client, next_url):
    response = client.get("/language/en/", {"next": next_url})

    assert response.status_code == 302
    assert response["Location"] == "/en/"


def test_a_language_the_site_does_not_speak_is_not_found(client):
    assert client.get("/language/de/?next=/").status_code == 404


def test_a_404_of_a_members_page_stays_a_404(client, logged_in, freelancer):
    """Not sent to /en/bookings/…, which the page pattern would answer as a missing page."""
    logged_in(freelancer)

    assert client.get("/bookings/999999/").status_code == 404


def test_a_translated_page_switches_to_its_translation(client, page_tree):
    from wagtail.models import Locale

    swedish_home = page_tree["home"].copy_for_translation(Locale.objects.get(language_code="sv"))
    swedish_home.slug = "hem"
    swedish_home.save_revision().publish()
    about = page_tree["about"].copy_for_translation(Locale.objects.get(language_code="sv"))
    about.slug = "om-oss"
    about.save_revision().publish()

    html = client.get("/en/about/").content.decode()

    assert 'href="/language/sv/?next=/sv/om-oss/"' in html
    assert dict(ALTERNATE.findall(html))["sv"].endswith("/sv/om-oss/")
    # The directory has no Swedish page yet: the switcher offers the Swedish home, no hreflang.
    html = client.get("/en/freelancers/").content.decode()
    assert 'href="/language/sv/?next=/sv/"' in html
    assert "sv" not in dict(ALTERNATE.findall(html))


def test_public_pages_name_their_alternates_and_canonical(client, page_tree, freelancer):
    slug = freelancer.profile.slug
    for path in ("/en/", "/en/about/", f"/en/freelancers/{slug}/", "/en/ratings/members/" + slug + "/reviews/"):
        html = client.get(path).content.decode()
        alternates = dict(ALTERNATE.findall(html))
        assert set(alternates) == {"en", "sv", "x-default"}, path
        assert alternates["en"].endswith(path) and alternates["sv"].endswith(path.replace("/en/", "/sv/", 1))
        assert alternates["x-default"] == alternates["en"]  # the site's own language (en in the tests)
        assert '<html lang="en">' in html
        canonical = re.search(r'<link rel="canonical" href="([^"]+)">', html).group(1)
        assert canonical.endswith(path), (path, canonical)


def test_members_pages_have_no_alternates(client, logged_in, freelancer):
    logged_in(freelancer)
    assert not ALTERNATE.findall(client.get("/dashboard/").content.decode())


def test_a_profiles_purge_covers_both_languages(page_tree, freelancer):
    paths = profile_paths(profile_ids=[freelancer.profile.pk])
    slug = freelancer.profile.slug

    for prefix in ("/en/", "/sv/"):
        assert f"{prefix}freelancers/{slug}/" in paths
        assert f"{prefix}freelancers/" in paths


def test_robots_txt_keeps_crawlers_off_the_switchers_links(client):
    """The switcher's /language/<code>/?next=… links set a cookie and redirect to a page crawlers
    reach by its own address (and the hreflang alternates): not to be crawled or followed."""
    response = client.get("/robots.txt")

    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    assert "Disallow: /language/" in response.content.decode().splitlines()
    html = client.get("/en/freelancers/").content.decode()
    links = re.findall(r'<a href="/language/[^"]*"[^>]*>', html)
    assert links and all('rel="nofollow"' in link for link in links)


def test_robots_txt_names_the_sitemap_on_the_host_asked(client):
    lines = client.get("/robots.txt", HTTP_HOST="localhost").content.decode().splitlines()

    assert "Sitemap: http://localhost/sitemap.xml" in lines


def test_the_headers_directory_link_is_the_languages_own_address(client, logged_in, page_tree, client_user):
    """"Find freelancers" (header, the 404 page, a client's bookings) leads straight to the directory
    in the reader's language, not to the old /freelancers/ that redirects there."""
    from wagtail.models import Locale

    swedish = Locale.objects.get(language_code="sv")
    swedish_home = page_tree["home"].copy_for_translation(swedish)
    swedish_home.save_revision().publish()
    directory = page_tree["directory"].copy_for_translation(swedish)
    directory.slug = "frilansare"
    directory.save_revision().publish()
    header = re.compile(r'<nav class="site-nav".*?</nav>', re.S)

    english = header.search(client.get("/en/about/").content.decode()).group(0)
    swedish_nav = header.search(client.get("/sv/").content.decode()).group(0)
    on_the_directory = header.search(client.get("/en/freelancers/").content.decode()).group(0)
    not_found = client.get("/sv/no-such-page/")

    assert '<a href="/en/freelancers/">Find freelancers</a>' in english
    assert '<a href="/sv/frilansare/">Hitta frilansare</a>' in swedish_nav
    assert '<a href="/en/freelancers/" aria-current="page">' in on_the_directory
    assert not_found.status_code == 404
    assert 'href="/sv/frilansare/"' in not_found.content.decode() and 'href="/sv/"' in not_found.content.decode()
    logged_in(client_user)
    bookings = client.get(reverse("bookings:index"), HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert 'class="button button--secondary" href="/sv/frilansare/"' in bookings
    assert 'href="/freelancers/"' not in english + swedish_nav + bookings
