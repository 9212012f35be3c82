"""pages.routing: the directory and its profiles are routed from the cache, and whatever
changes the page tree or the sites is seen by the next request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction, Site

from marketplace.search import services as search_services

pytestmark = pytest.mark.django_db

ROUTING_TABLES = ('"wagtailcore_site"', '"pages_homepage"', '"pages_freelancerdirectorypage"')


def routing_queries(client, url, **extra) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    return response.status_code, [
        query["sql"] for query in queries.captured_queries if any(table in query["sql"] for table in ROUTING_TABLES)
    ]


@pytest.fixture
def anna(page_tree, make_member):
    member = make_member(name="Anna Berg", headline="Welder")
    search_services.rebuild()
    return member


def test_the_directory_and_its_profiles_are_routed_from_the_cache(client, anna):
    profile_url = f"/en/freelancers/{anna.profile.slug}/"
    first_status, first = routing_queries(client, "/en/freelancers/")
    assert first_status == 200 and first  # Wagtail's routing, once, fills the cache

    assert routing_queries(client, "/en/freelancers/?q=weld") == (200, [])
    assert routing_queries(client, profile_url) == (200, [])
    assert "Anna Berg" in client.get(profile_url).content.decode()


def test_other_pages_are_routed_by_wagtail(client, anna):
    client.get("/en/freelancers/")
    status, queries = routing_queries(client, "/en/about/")
    assert status == 200 and queries


@pytest.mark.parametrize("url", ["/en/freelancers/nobody/", "/en/freelancers/a/b/c/"])
def test_paths_the_directory_does_not_serve_are_not_found(client, anna, url):
    client.get("/en/freelancers/")
    assert client.get(url).status_code == 404


def test_a_published_change_is_served_at_once(client, page_tree, anna):
    directory = page_tree["directory"]
    assert "Find freelancers" in client.get("/en/freelancers/").content.decode()

    directory.title = "Hire verified freelancers"
    directory.save_revision().publish()

    assert "Hire verified freelancers" in client.get("/en/freelancers/").content.decode()


def test_an_unpublished_directory_is_not_found(client, page_tree, anna):
    assert client.get("/en/freelancers/").status_code == 200
    page_tree["directory"].unpublish()
    assert client.get("/en/freelancers/").status_code == 404
    assert client.get(f"/en/freelancers/{anna.profile.slug}/").status_code == 404


def test_a_renamed_directory_answers_at_its_new_address(client, page_tree, anna):
    assert client.get("/en/freelancers/").status_code == 200
    directory = page_tree["directory"]
    directory.slug = "find"
    directory.save_revision().publish()

    assert client.get("/en/freelancers/").status_code == 404
    assert client.get("/en/find/").status_code == 200
    assert client.get(f"/en/find/{anna.profile.slug}/").status_code == 200


def test_a_deleted_directory_is_not_found(client, page_tree, anna):
    assert client.get("/en/freelancers/").status_code == 200
    Page.objects.get(pk=page_tree["directory"].pk).delete()
    assert client.get("/en/freelancers/").status_code == 404


def test_a_site_without_the_directory_does_not_serve_it(client, page_tree, anna):
    Site.objects.create(hostname="127.0.0.1", port=80, root_page=page_tree["about"], site_name="About only")
    assert client.get("/en/freelancers/").status_code == 200  # the default site, cached

    assert client.get("/en/freelancers/", HTTP_HOST="127.0.0.1").status_code == 404
    assert client.get("/en/freelancers/").status_code == 200


def test_a_view_restriction_still_applies(client, page_tree, anna):
    assert client.get("/en/freelancers/").status_code == 200
    PageViewRestriction.objects.create(page=page_tree["directory"], restriction_type=PageViewRestriction.LOGIN)

    response = client.get("/en/freelancers/")
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(anna)
    assert client.get("/en/freelancers/").status_code == 200


def test_the_cache_is_forgotten_again_when_the_change_commits(client, page_tree, anna,
                                                               django_capture_on_commit_callbacks):
    from django.core.cache import cache

    from pages.directory import directory_url_cache_key
    from pages.routing import route_cache_key

    ROUTE_CACHE_KEY, DIRECTORY_URL_CACHE_KEY = route_cache_key("en"), directory_url_cache_key("en")  # noqa: N806

    client.get("/en/freelancers/")
    directory = page_tree["directory"]
    with django_capture_on_commit_callbacks() as callbacks:
        directory.title = "Hire verified freelancers"
        directory.save_revision().publish()
        # A request of another process, before the publication commits, caches the old page (this
        # test's requests see the uncommitted publication, so the old address is written as such).
        client.get("/en/freelancers/")
        assert cache.get(ROUTE_CACHE_KEY) is not None
        cache.set(DIRECTORY_URL_CACHE_KEY, "/en/the-old-address/")

    for callback in callbacks:
        callback()
    # Forgotten; the proxy purge sent after the commit may have read the directory's address again,
    # from the committed tree.
    assert cache.get(ROUTE_CACHE_KEY) is None
    assert cache.get(DIRECTORY_URL_CACHE_KEY) in (None, directory.url)


def test_wagtails_utility_routes_are_not_taken_for_page_paths(client):
    """Unlocking a password-protected page posts to Wagtail's _util route, which the page
    routing's pattern would otherwise answer as a page path (404)."""
    from django.urls import resolve, reverse

    from pages import routing

    for name, kwargs in (("wagtailcore_authenticate_with_password", {"page_view_restriction_id": 1, "page_id": 2}),
                         ("wagtailcore_login", {})):
        url = reverse(name, kwargs=kwargs)
        assert resolve(url).func is not routing.serve, url
