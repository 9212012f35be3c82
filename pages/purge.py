"""What a change retires from the caches of whole pages: Django's (marketplace.core.pagecache)
and the reverse proxy's or CDN's (Wagtail's frontend cache, settings.WAGTAILFRONTENDCACHE).

- A draft saved (a revision, autosave, a lock): nothing (DRAFT_ONLY_FIELDS).
- A page published or unpublished: exactly its addresses and its ancestors', each translation's
  and at every language's prefix (page_changed).
- A page whose link is on every page (the header's menu, the footer) published or unpublished, a
  page moved, renamed or deleted, a site changed: every page in Django's cache and at the proxy
  (one BAN to Varnish): a moved page's old and new URLs and its descendants' are among them. A
  CDN gets every live page's URL purged (Wagtail's backends purge exact URLs), profiles within
  S_MAXAGE.
- Anything a profile shows changed (the profile, its skills and languages, the account, the
  email address, a passport document's status or skills, a rating revealed, hidden or
  answered, the rating figures): the profile's page, the directory with every query string
  (any search may list it) and the editorial pages that show freelancers (featured
  freelancers, featured reviews, live search blocks), in both caches, at each language's
  address (/sv/… and /en/…).

Purged when the transaction commits, so no request caches the old page in between (Django's
cache is also purged at once, pagecache.purge_paths). The periodic tasks purge what they change:
an expiry at night (each document's status) and a rating revealed (each rating) as above, the
profiles gathered over the run and purged once at its end (pagecache.batched_purges), the
daily refresh of the ranking (one bulk update) the directory with every query string. What
depends on the date alone with no task behind it ("available now" from a date) is bounded by
S_MAXAGE."""

import logging
import threading
from dataclasses import dataclass, field
from urllib.request import Request, urlopen

from django.conf import settings
from django.db import transaction
from django.utils import translation
from wagtail.contrib.frontend_cache.backends import HTTPBackend
from wagtail.contrib.frontend_cache.utils import get_backends, purge_urls_from_cache
from wagtail.models import Page, Site

from marketplace.accounts.models import Profile
from marketplace.core.pagecache import defer_to_batch, purge_all, purge_paths

from .directory import directory_url
from .models import HomePage, SiteFooter, StandardPage

logger = logging.getLogger(__name__)

# The blocks that show freelancers, whose pages a profile's change retires.
PEOPLE_BLOCKS = {"featured_freelancers", "featured_reviews", "live_search"}


def pages_showing_people() -> list[Page]:
    """The live editorial pages with a block that shows freelancers."""
    pages = []
    for model in (HomePage, StandardPage):
        for page in model.objects.live():
            if any(block.block_type in PEOPLE_BLOCKS for block in page.body):
                pages.append(page)
    return pages


def site_changed() -> None:
    """Every page, in both caches: a page moved (its old and new URLs and its descendants'),
    renamed, unpublished or deleted, or the menu and the footer's standard pages that every page
    shows."""
    purge_all()
    _tell_the_proxies(everything=True)


class BanRequest(Request):
    def get_method(self):
        return "BAN"


def _purge_everything_at_the_proxies(extra_urls=()) -> None:
    """Varnish (Wagtail's HTTP backend): one BAN of every page (deploy/varnish.vcl). A CDN
    purges exact URLs only: every live page's and `extra_urls` (the profiles changed in the same
    commit), the rest (other profiles, searches) within S_MAXAGE."""
    urls = None
    for name, backend in get_backends().items():
        if isinstance(backend, HTTPBackend):
            try:
                urlopen(BanRequest(f"{backend.cache_scheme}://{backend.cache_netloc}/"), timeout=5)  # noqa: S310
            except OSError as error:  # HTTPError and URLError: the proxy keeps its copies for S_MAXAGE
                logger.error("Couldn't ban every page at the proxy %r: %s", name, error)
            continue
        if urls is None:
            live = {url for page in Page.objects.live().specific() if (url := page.get_full_url())}
            urls = sorted(live | set(extra_urls))
        backend.purge_batch(urls)


@dataclass
class _Outbox:
    everything: bool = False
    paths: set = field(default_factory=set)
    profile_ids: set = field(default_factory=set)
    user_ids: set = field(default_factory=set)
    slugs: set = field(default_factory=set)


# What the proxies are told after a commit, gathered from every change in the transaction: a
# publish saves the page and then signals it, a deletion signals every descendant, a form saves a
# profile and its skills. Each change registers the flush; the first to run sends what was
# gathered, each URL once and at most one BAN, and the others find nothing left. What a
# rolled-back transaction gathered goes out with the next flush: a purge too many, never one
# too few. (Without a transaction each change is its own commit and flushes at once.)
_outbox = threading.local()


def _tell_the_proxies(*, everything=False, paths=(), profile_ids=(), user_ids=(), slugs=()) -> None:
    outbox = getattr(_outbox, "pending", None)
    if outbox is None:
        outbox = _outbox.pending = _Outbox()
    outbox.everything |= everything
    outbox.paths.update(paths)
    outbox.profile_ids.update(profile_ids)
    outbox.user_ids.update(user_ids)
    outbox.slugs.update(slugs)
    transaction.on_commit(_flush_to_the_proxies)


def _flush_to_the_proxies() -> None:
    outbox, _outbox.pending = getattr(_outbox, "pending", None), None
    if outbox is None:
        return
    paths = set(outbox.paths)
    if outbox.profile_ids or outbox.user_ids or outbox.slugs:
        shown = profile_paths(outbox.profile_ids, outbox.user_ids, outbox.slugs)
        purge_paths(shown)  # Django's cache: again at the commit (pagecache.purge_paths)
        paths.update(shown)
    urls = sorted({f"{site.root_url}{path}" for site in Site.objects.all() for path in paths})
    if outbox.everything:
        _purge_everything_at_the_proxies(urls)
    else:
        purge_urls_from_cache(urls)


def profiles_changed(*, profile_ids=(), user_ids=(), slugs=()) -> None:
    """Purge what shows these profiles (by profile, by member, or by the slug of one deleted),
    after the commit."""
    profile_ids, user_ids, slugs = set(profile_ids), set(user_ids), set(slugs)
    if not (profile_ids or user_ids or slugs):
        return
    pending = getattr(_pending, "profiles", None)
    if pending is None and defer_to_batch("profiles", _purge_pending_profiles):
        pending = _pending.profiles = (set(), set(), set())
    if pending is not None:
        # Inside a periodic task's batch (core.pagecache.batched_purges): one purge at the end.
        for found, new in zip(pending, (profile_ids, user_ids, slugs), strict=True):
            found.update(new)
        return
    _tell_the_proxies(profile_ids=profile_ids, user_ids=user_ids, slugs=slugs)


_pending = threading.local()


def _purge_pending_profiles() -> None:
    profile_ids, user_ids, slugs = _pending.profiles
    _pending.profiles = None
    _tell_the_proxies(profile_ids=profile_ids, user_ids=user_ids, slugs=slugs)


def directory_urls() -> set[str]:
    """The directory's address in each language (its own slug in each tree)."""
    urls = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            urls.add(directory_url())
    return urls


def in_every_language(paths) -> set[str]:
    """Each path under every language's prefix as well: Wagtail serves a page that has no
    translation yet at the other prefix too (/sv/… shows the English page until it is
    translated), and both copies are cached."""
    codes = [code for code, _name in settings.LANGUAGES]
    found = set(paths)
    for path in paths:
        language = translation.get_language_from_path(path)
        if language:
            rest = path[len(language) + 1:]
            found.update(f"/{code}{rest}" for code in codes)
    return found


def profile_paths(profile_ids=(), user_ids=(), slugs=()) -> list[str]:
    """The paths of the pages that show these profiles, in every language."""
    found = Profile.objects.filter(pk__in=profile_ids) | Profile.objects.filter(user_id__in=user_ids)
    slugs = {*found.values_list("slug", flat=True), *slugs}
    paths = set()
    for directory in directory_urls():
        paths.add(directory)
        paths.update(f"{directory}{slug}/" for slug in slugs)
    for page in pages_showing_people():
        parts = page.get_url_parts()
        if parts is not None:
            paths.add(parts[2])
    return sorted(in_every_language(paths))


def ranking_changed() -> None:
    """The directory with every query string (the order of its results), in both caches, in
    every language."""
    paths = sorted(in_every_language(directory_urls()))
    purge_paths(paths)
    purge_urls_from_cache([f"{site.root_url}{path}" for site in Site.objects.all() for path in paths])


# Wagtail's saves that change only the draft (a revision saved, autosave, a lock, comments):
# nothing a visitor sees.
DRAFT_ONLY_FIELDS = frozenset({
    "latest_revision", "latest_revision_created_at", "draft_title", "has_unpublished_changes",
    "wagtail_admin_comments", "locked", "locked_at", "locked_by",
})


def is_draft_only_save(update_fields) -> bool:
    return bool(update_fields) and set(update_fields) <= DRAFT_ONLY_FIELDS


def _on_every_page(page) -> bool:
    """A page whose link (and title) is on every page: a child of a site's home page (the header's
    menu of pages shown in menus, the footer's standard pages, core.site_pages; a child whose
    "Show in menus" was just switched off was on them until now) or a page the footer setting links to."""
    parent = page.get_parent()
    if parent is not None and Site.objects.filter(root_page__translation_key=parent.translation_key).exists():
        return True
    translation_keys = set(Page.objects.filter(translation_key=page.translation_key).values_list("pk", flat=True))
    return any(
        link.value["page"] is not None and link.value["page"].pk in translation_keys
        for footer in SiteFooter.objects.all()
        for link in footer.links
    )


def page_paths(page) -> list[str]:
    """The addresses that show this page: its own and its ancestors' (the listings above it), in
    every language (each translation's address, and the page's at the other prefixes, where
    Wagtail serves it until it is translated)."""
    paths = set()
    for version in page.get_translations(inclusive=True):
        for each in (version, *version.get_ancestors().filter(depth__gt=1).live()):
            parts = each.get_url_parts()
            if parts is not None:
                paths.add(parts[2])
    return sorted(in_every_language(paths))


def page_changed(page) -> None:
    """A page published or unpublished: exactly the addresses that show it, in both caches, after
    the commit; every page when its link is on every page (_on_every_page).
    A moved or deleted page, a new slug or a site goes through site_changed (the addresses of
    every descendant change)."""
    if _on_every_page(page):
        site_changed()
        return
    paths = page_paths(page)
    purge_paths(paths)
    _tell_the_proxies(paths=paths)
