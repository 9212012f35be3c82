"""The site header's links for each role, the current one marked, and the footer's standard pages."""

import pytest
from bs4 import BeautifulSoup
from django.template.loader import render_to_string
from django.test import RequestFactory
from wagtail.models import Page

from marketplace.accounts.models import User
from pages.models import StandardPage

pytestmark = pytest.mark.django_db


def header_links(html: str) -> dict[str, str]:
    nav = BeautifulSoup(html, "html.parser").find("nav", class_="site-nav")
    return {link.get_text(" ", strip=True): link["href"] for link in nav.find_all("a")}


def current_links(html: str) -> dict[str, str]:
    nav = BeautifulSoup(html, "html.parser").find("nav", class_="site-nav")
    return {
        link.get_text(" ", strip=True): link["aria-current"] for link in nav.find_all("a", attrs={"aria-current": True})
    }


def footer_links(html: str) -> dict[str, str]:
    footer = BeautifulSoup(html, "html.parser").find("footer")
    switcher = footer.find(class_="language-switcher")
    if switcher is not None:  # its own tests: tests/test_i18n_urls.py
        switcher.decompose()
    return {link.get_text(strip=True): link["href"] for link in footer.find_all("a")}


def test_a_freelancer_finds_her_passport_and_payments(logged_in, freelancer, page_tree):
    links = header_links(logged_in(freelancer).get("/dashboard/").content.decode())

    assert links["Passport"] == "/passport/"
    assert links["Payments"] == "/payments/"
    assert {"Find freelancers", "Dashboard", "Bookings", "Notifications"} <= set(links)


def test_a_client_finds_payments_but_no_passport(logged_in, client_user, page_tree):
    links = header_links(logged_in(client_user).get("/dashboard/").content.decode())

    assert links["Payments"] == "/payments/"
    assert "Passport" not in links


def test_a_visitor_sees_neither_passport_nor_payments(client, page_tree):
    links = header_links(client.get("/en/").content.decode())

    assert set(links) == {"Find freelancers", "Log in", "Join Valund"}


def test_staff_without_a_marketplace_role_see_neither(logged_in, make_member, page_tree):
    admin = make_member(User.Role.CLIENT)
    admin.role, admin.is_staff = User.Role.ADMIN, True
    admin.save()

    links = header_links(logged_in(admin).get("/notifications/").content.decode())

    assert "Passport" not in links and "Payments" not in links and "Bookings" not in links
    assert links["Admin"] == "/admin/"


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/passport/", {"Passport": "page"}),
        ("/passport/upload/", {"Passport": "true"}),
        ("/payments/", {"Payments": "page"}),
        ("/payments/payouts/", {"Payments": "true"}),
        ("/dashboard/", {"Dashboard": "page"}),
        ("/bookings/", {"Bookings": "page"}),
    ],
)
def test_the_link_to_the_page_or_section_shown_is_marked_current(logged_in, freelancer, page_tree, path, current):
    response = logged_in(freelancer).get(path)

    assert response.status_code == 200
    assert current_links(response.content.decode()) == current


def test_no_link_is_current_on_a_page_outside_them(logged_in, client_user, page_tree):
    assert current_links(logged_in(client_user).get("/en/about/").content.decode()) == {}


def test_the_footer_links_the_standard_pages_that_are_live(client, page_tree):
    home = page_tree["home"]
    home.add_child(instance=StandardPage(title="Terms of service", slug="terms", introduction="Terms."))
    home.add_child(instance=StandardPage(title="How it works", slug="how-it-works", introduction="Steps.", live=False))

    for path in ("/en/", "/en/freelancers/", "/accounts/login/"):
        links = footer_links(client.get(path).content.decode())
        assert links == {"About": "/en/about/", "Terms of service": "/en/terms/"}, path


def test_the_footer_follows_publishing_at_once(client, page_tree):
    about = page_tree["about"]
    assert "About" in footer_links(client.get("/en/").content.decode())

    about.unpublish()
    assert "About" not in footer_links(client.get("/en/").content.decode())

    about.save_revision().publish()
    assert footer_links(client.get("/en/").content.decode())["About"] == "/en/about/"


def test_the_footer_costs_no_query_once_cached(page_tree, django_assert_num_queries):
    request = RequestFactory().get("/en/")
    render_to_string("includes/footer.html", request=request)
    with django_assert_num_queries(0):
        html = render_to_string("includes/footer.html", request=request)
    assert 'href="/en/about/"' in html


def test_a_site_without_the_pages_has_no_footer_links(client, db):
    Page.objects.filter(depth=2).delete()

    html = client.get("/accounts/login/").content.decode()

    assert footer_links(html) == {}
