"""Every public URL, walked as a visitor right after members have opened it, with Django's page
cache on: no answer a visitor gets, and above all none that a shared cache may keep (`public`,
or served from the cache), carries a cookie, a CSRF token or anything of the members'.

The URLs are the site's pages (every live Wagtail page, the directory's landing page, plain
searches and their htmx fragments, a page of results beyond the first, public profiles) and
every entry of tests/access.py's ACCESS that anyone may open with a GET (public, api_public
and token), plus the sign-in pages and robots.txt."""

import pytest
from django.core.cache import cache
from wagtail.models import Page

from marketplace.accounts.models import User
from marketplace.core import pagecache
from tests.access import ACCESS, GET, build
from tests.clients import as_user

pytestmark = pytest.mark.django_db

OPEN_TO_ANYONE = ("public", "api_public", "token")
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "search-results"}


@pytest.fixture
def page_cache(settings):
    settings.VALUND_PAGE_CACHE = True
    cache.clear()
    yield
    cache.clear()


def public_urls(world, profiles) -> list[str]:
    pages = [page.get_url() for page in Page.objects.live().specific() if page.depth > 1]
    searches = ["/en/freelancers/?q=weld", "/en/freelancers/?q=welder&page=2", "/en/freelancers/?category=construction"]
    access = [
        build(name, kwargs, world)
        for name, (policy, method, kwargs) in sorted(ACCESS.items())
        if policy in OPEN_TO_ANYONE and method == GET
    ]
    signing_in = ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
    return [*pages, *searches, *profiles, *access, *signing_in, "/robots.txt"]


def private_marks(client, member) -> list[str]:
    """What only this member's pages show: their address, name, session and CSRF secret."""
    cookies = [client.cookies[name].value for name in ("sessionid", "csrftoken") if name in client.cookies]
    return [member.email, member.profile.display_name, "Log out", *cookies]


def test_no_cookie_token_or_member_data_in_any_public_page_a_visitor_gets_after_members(
    world, make_page_tree, make_member, page_cache
):
    welders = [make_member(User.Role.FREELANCER, name=f"Welder {n}", headline="Certified welder") for n in range(3)]
    make_page_tree(featured=[welders[0].profile])
    profiles = [welder.profile.get_absolute_url() for welder in [*welders, world["freelancer"]]]
    urls = public_urls(world, profiles)
    members = [as_user(world["client"]), as_user(world["stranger"])]
    for member in members:
        for url in urls:
            member.get(url)  # a member came first, with their session and their cookies
    marks = [
        mark
        for client, user in zip(members, [world["client"], world["stranger"]], strict=True)
        for mark in private_marks(client, user)
    ]

    problems, kept = [], set()
    for url in urls:
        for extra in ({}, HTMX) if url.startswith("/en/freelancers/?") else ({},):
            for member in members:
                member.get(url, **extra)
            for visitor in (as_user(None), as_user(None)):
                response = visitor.get(url, **extra)
                body = response.content.decode(errors="replace")
                shared = "public" in response.get("Cache-Control", "") or pagecache.HEADER in response
                if response.get(pagecache.HEADER) == "hit":
                    kept.add(url)
                leaked = [mark for mark in marks if mark in body]
                if leaked:
                    problems.append(f"{url} {extra or ''}: a visitor was shown {leaked}")
                if shared and (response.cookies or "Set-Cookie" in response):
                    problems.append(f"{url} {extra or ''}: a shareable answer sets a cookie")
                if shared and "csrf" in body.lower():
                    problems.append(f"{url} {extra or ''}: a shareable answer carries a CSRF token")

    assert not problems, "\n".join(problems)
    # The walk went through the cache: every Wagtail page, search and profile came from it.
    assert {url for url in urls if url.startswith(("/en/freelancers/", "/en/about/")) or url == "/en/"} <= kept, sorted(
        set(urls) - kept
    )
    assert len(urls) >= 20
