"""pages.directory.directory_url: the shared cache is read once per request, not once per profile
link, and nothing is remembered outside a request or across requests."""

from unittest import mock

import pytest
from django.core.cache import cache

from marketplace.search import services as search_services
from pages import directory
from pages.directory import clear_directory_url, directory_url, directory_url_cache_key

pytestmark = pytest.mark.django_db

# The English directory's address (outside a request the default language is active).
DIRECTORY_URL_CACHE_KEY = directory_url_cache_key("en")


def reads_of_the_directory_url(calls) -> int:
    return sum(1 for call in calls if call.args and call.args[0] == DIRECTORY_URL_CACHE_KEY)


def test_a_results_page_reads_the_directory_url_once(client, page_tree, make_member):
    anna, bo = make_member(name="Anna"), make_member(name="Bo")
    search_services.rebuild()

    with mock.patch.object(directory.cache, "get", wraps=cache.get) as get:
        html = client.get("/en/freelancers/").content.decode()

    for member in (anna, bo):  # each result links to the profile
        assert f'href="/en/freelancers/{member.profile.slug}/"' in html
    assert reads_of_the_directory_url(get.call_args_list) == 1


def test_each_request_reads_it_again(client, page_tree, make_member):
    anna = make_member(name="Anna")
    search_services.rebuild()
    client.get("/en/freelancers/")
    cache.set(DIRECTORY_URL_CACHE_KEY, "/find/", 300)  # as another process would after a move

    html = client.get("/en/freelancers/").content.decode()

    assert f'href="/find/{anna.profile.slug}/"' in html


def test_outside_a_request_every_call_reads_the_cache(page_tree):
    assert directory_url() == "/en/freelancers/"
    cache.set(DIRECTORY_URL_CACHE_KEY, "/find/", 300)
    assert directory_url() == "/find/"


def test_clearing_it_during_a_request_reads_it_again(page_tree):
    directory.directory_url_request_started()
    try:
        assert directory_url() == "/en/freelancers/"
        cache.set(DIRECTORY_URL_CACHE_KEY, "/find/", 300)
        assert directory_url() == "/en/freelancers/"  # remembered for the rest of the request
        clear_directory_url()
        cache.set(DIRECTORY_URL_CACHE_KEY, "/moved/", 300)
        assert directory_url() == "/moved/"
    finally:
        directory.directory_url_request_finished()
    cache.set(DIRECTORY_URL_CACHE_KEY, "/again/", 300)
    assert directory_url() == "/again/"
