"""What a page's change purges (pages/purge.py, pages/receivers.py), in Django's cache and at the
proxy (Wagtail's HTTP purge backend, pointed at a local server that records each request):
a draft saved (a revision, autosave, a lock) purges nothing; publishing or unpublishing purges
exactly the page's addresses and its ancestors', in both languages, each address once (the
publish's save and its page_published signal, and Wagtail's own receivers, do not each send it)."""

import http.server
import threading

import pytest
from django.test import Client
from wagtail.models import Locale, Page

from marketplace.core import pagecache
from pages.models import StandardPage

pytestmark = pytest.mark.django_db


class _Recorder(http.server.BaseHTTPRequestHandler):
    def _record(self):
        self.server.requests.append((self.command, self.path))
        self.send_response(200)
        self.end_headers()

    do_PURGE = do_BAN = do_GET = _record

    def log_message(self, *args):
        pass


@pytest.fixture
def proxy_requests(settings):
    """A local stand-in for Varnish: the requests Wagtail's HTTP backend sends it."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    server.requests = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_address[1]}",
        },
    }
    yield server.requests
    server.shutdown()
    server.server_close()


@pytest.fixture
def page_cache(settings):
    from django.core.cache import cache

    settings.VALUND_PAGE_CACHE = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def tree(make_page_tree, committed):
    with committed():
        tree = make_page_tree()
        tree["team"] = tree["about"].add_child(
            instance=StandardPage(title="Team", slug="team", introduction="Who we are.")
        )
    return tree


def _states(*paths):
    return [Client().get(path)[pagecache.HEADER] for path in paths]


PATHS = ["/en/", "/en/about/", "/en/about/team/", "/en/freelancers/"]


def test_a_saved_draft_purges_nothing(tree, page_cache, proxy_requests, committed):
    _states(*PATHS)
    assert _states(*PATHS) == ["hit"] * 4
    team = Page.objects.get(slug="team").specific

    with committed():
        team.title = "The team (draft)"
        team.introduction = "Not yet."
        team.save_revision()  # the editor's "Save draft", and what autosave does
        team.save_revision(changed=False)
        Page.objects.get(pk=team.pk).specific.save_revision(clean=False)

    assert _states(*PATHS) == ["hit"] * 4
    assert "Who we are." in Client().get("/en/about/team/").content.decode()
    assert proxy_requests == []


def test_publishing_purges_the_page_and_its_ancestors_in_both_languages(tree, page_cache, proxy_requests, committed):
    _states(*PATHS)
    team = Page.objects.get(slug="team").specific
    team.introduction = "Who we are now."

    with committed():
        team.save_revision().publish()

    assert _states(*PATHS) == ["miss", "miss", "miss", "hit"]
    assert "Who we are now." in Client().get("/en/about/team/").content.decode()
    purged = {path for method, path in proxy_requests if method == "PURGE"}
    assert {"/en/", "/en/about/", "/en/about/team/", "/sv/", "/sv/about/", "/sv/about/team/"} <= purged
    assert not purged & {"/en/freelancers/", "/sv/freelancers/"}
    assert [method for method, _path in proxy_requests if method == "BAN"] == []


def test_one_publish_sends_each_address_to_the_proxy_once(tree, proxy_requests, committed):
    team = Page.objects.get(slug="team").specific
    team.introduction = "Who we are now."
    expected = ["/en/", "/en/about/", "/en/about/team/", "/sv/", "/sv/about/", "/sv/about/team/"]

    with committed():
        team.save_revision().publish()  # in a transaction, as the admin's publish
    assert sorted(proxy_requests) == [("PURGE", path) for path in expected]

    proxy_requests.clear()
    with committed():
        Page.objects.get(slug="team").unpublish()
    assert sorted(proxy_requests) == [("PURGE", path) for path in expected]


@pytest.mark.django_db(transaction=True)
def test_a_publish_outside_a_transaction_sends_each_address_once(make_page_tree, proxy_requests):
    """As a script or a scheduled publish: the page's save commits (and purges) at once, and the
    page_published signal that follows sends nothing more."""
    if not Page.get_first_root_node():  # a transactional test starts from an empty database
        Locale.objects.get_or_create(language_code="en")
        Page.add_root(instance=Page(title="Root", slug="root", locale=Locale.objects.get()))
    about = make_page_tree()["about"]
    team = about.add_child(instance=StandardPage(title="Team", slug="team", introduction="Who we are."))
    proxy_requests.clear()

    team.introduction = "Who we are now."
    team.save_revision().publish()

    expected = ["/en/", "/en/about/", "/en/about/team/", "/sv/", "/sv/about/", "/sv/about/team/"]
    assert sorted(proxy_requests) == [("PURGE", path) for path in expected]


def test_a_deleted_subtree_or_a_move_bans_once(tree, proxy_requests, committed):
    with committed():
        for slug in ("a", "b"):
            tree["team"].add_child(instance=StandardPage(title=slug, slug=slug, introduction="x"))
    proxy_requests.clear()

    with committed():
        Page.objects.get(slug="team").move(Page.objects.get(depth=2), pos="last-child")
    bans = [request for request in proxy_requests if request[0] == "BAN"]
    assert bans == [("BAN", "/")]

    proxy_requests.clear()
    with committed():
        Page.objects.get(slug="team").delete()  # the page and its two children
    assert proxy_requests == [("BAN", "/")]


def test_unpublishing_purges_the_page_and_its_ancestors(tree, page_cache, proxy_requests, committed):
    _states(*PATHS)

    with committed():
        Page.objects.get(slug="team").unpublish()

    assert Client().get("/en/about/team/").status_code == 404
    assert _states("/en/", "/en/about/", "/en/freelancers/") == ["miss", "miss", "hit"]
    assert {"/en/about/team/", "/sv/about/team/"} <= {path for _method, path in proxy_requests}


def test_a_footer_page_published_or_a_page_moved_purges_every_page(tree, page_cache, proxy_requests, committed):
    """The footer on every page links to About; a move changes the descendants' addresses."""
    _states(*PATHS)

    with committed():
        tree["about"].save_revision().publish()

    assert _states(*PATHS) == ["miss"] * 4
    assert ("BAN", "/") in proxy_requests


def test_the_nightly_expiry_purges_each_expired_freelancers_pages_once_and_nothing_else(
    tree, page_cache, proxy_requests, committed, make_member, make_document
):
    """Three documents of two freelancers expire: their two profiles (and the directory) are
    purged in one batch at the end, each address once; a third freelancer's profile stays."""
    import datetime

    from django.utils import timezone

    from marketplace.accounts.models import User
    from marketplace.passport.models import CompetenceDocument
    from marketplace.passport.tasks import expire_and_remind

    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    with committed():
        people = [make_member(User.Role.FREELANCER, name=name) for name in ("Astrid Berg", "Bo Ek", "Cay Holm")]
        for member in (people[0], people[0], people[1]):
            make_document(member, status=CompetenceDocument.Status.APPROVED,
                          expiry_date=timezone.localdate() + datetime.timedelta(days=30))
    CompetenceDocument.objects.update(expiry_date=yesterday)  # the night they expire
    profiles = [member.profile.get_absolute_url() for member in people]
    _states(*profiles)
    assert _states(*profiles) == ["hit"] * 3
    proxy_requests.clear()

    with committed():
        assert expire_and_remind.call_local()["expired"] == 3

    assert _states(*profiles) == ["miss", "miss", "hit"]
    purged = [path for method, path in proxy_requests if method == "PURGE"]
    assert len(purged) == len(set(purged))  # once each: one batch, not one purge per document
    assert {profiles[0], profiles[1], profiles[0].replace("/en/", "/sv/", 1)} <= set(purged)
    assert profiles[2] not in purged and "BAN" not in {method for method, _path in proxy_requests}
