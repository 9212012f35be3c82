"""The page cache's stale-set race (marketplace/core/pagecache.py): a page whose render began
before a purge must not be kept after it. Deterministic: the view itself purges half-way through
its render (what another process's change does at that moment)."""

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client
from django.urls import path

from marketplace.core import pagecache

pytestmark = pytest.mark.django_db

during_render = []  # what the next render runs half-way (the purge from "another process")
renders = []


def page(request):
    renders.append(request.path)
    body = f"render {len(renders)}"
    while during_render:
        during_render.pop()()
    return pagecache.cache_publicly(HttpResponse(body))


urlpatterns = [path("en/race/", page)]


@pytest.fixture
def race(settings):
    settings.ROOT_URLCONF = __name__
    settings.VALUND_PAGE_CACHE = True
    cache.clear()
    renders.clear()
    yield
    cache.clear()
    during_render.clear()


def _get():
    response = Client().get("/en/race/")
    return response[pagecache.HEADER], response.content.decode()


def test_without_a_purge_the_page_is_kept(race):
    assert [_get(), _get()] == [("miss", "render 1"), ("hit", "render 1")]


@pytest.mark.parametrize("purge", [lambda: pagecache.purge_paths(["/en/race/"]), pagecache.purge_all])
def test_a_render_that_began_before_a_purge_is_not_kept(race, purge):
    during_render.append(purge)

    assert _get() == ("miss", "render 1")
    assert cache.get(pagecache._key(_request())) is None  # not stored at all
    assert [_get(), _get()] == [("miss", "render 2"), ("hit", "render 2")]


def test_a_purge_of_another_path_does_not_stop_the_page_being_kept(race):
    during_render.append(lambda: pagecache.purge_paths(["/en/other/"]))

    assert [_get(), _get()] == [("miss", "render 1"), ("hit", "render 1")]


def _request():
    from django.test import RequestFactory

    return RequestFactory().get("/en/race/")
