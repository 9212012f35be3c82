"""The demo's calls to action that speak to one side link signup with that role chosen: the
home page's "Have work that needs doing?" for clients and "Do you work freelance?" for
freelancers, How it works' sections for each side; the header's "Join Valund" leaves it open.
Following each link arrives with the role already chosen."""

import re

import pytest
from django.urls import reverse

from marketplace.demo.page_tree import seed_pages

pytestmark = pytest.mark.django_db

SIGNUP = reverse("account_signup")


@pytest.fixture
def demo_pages(db):
    seed_pages(featured_emails=list)


def signup_links(html: str) -> dict[str, str]:
    """Each link to signup on the page: its words, and the address it goes to."""
    return {
        re.sub(r"<[^>]+>|\s+", " ", text).strip(): href.replace("&amp;", "&")
        for href, text in re.findall(rf'<a [^>]*href="({re.escape(SIGNUP)}[^"]*)"[^>]*>(.*?)</a>', html, re.S)
    }


def chosen_role(client, href: str) -> str | None:
    return client.get(href).context["form"]["role"].initial


def test_the_home_pages_calls_to_action_choose_the_role(client, demo_pages):
    links = signup_links(client.get("/en/", follow=True).content.decode())

    assert links["Join as a client"] == f"{SIGNUP}?role=client"
    assert links["Join as a freelancer"] == f"{SIGNUP}?role=freelancer"
    assert links["Join Valund"] == SIGNUP  # the header's: the visitor has not said which side
    assert chosen_role(client, links["Join as a client"]) == "client"
    assert chosen_role(client, links["Join as a freelancer"]) == "freelancer"


def test_how_it_works_links_each_side_to_its_own_signup(client, demo_pages):
    html = client.get("/en/how-it-works/", follow=True).content.decode()
    for_clients, for_freelancers = html.split("<h2>For clients</h2>")[1].split("<h2>For freelancers</h2>")
    for_freelancers = for_freelancers.split("<h2>")[0]

    assert signup_links(for_clients) == {"Create a client account": f"{SIGNUP}?role=client"}
    assert signup_links(for_freelancers) == {"Create your freelancer profile": f"{SIGNUP}?role=freelancer"}
    assert chosen_role(client, f"{SIGNUP}?role=freelancer") == "freelancer"
