"""Versions in the shared cache, below the selectors, the services and the understanding,
which each need them.

The vocabulary's version changes with every edit of a skill, trade, language or document type
(selectors.taxonomy.forget_form_choices), so that each process reads its own copy of the
vocabulary again (understanding.lexicon, the suggestions). The index's generation changes
with every write to the search index (services.index), so that cached search figures
(selectors.figures) are retired."""

import time
import uuid

from django.core.cache import cache
from django.db import transaction

__all__ = ["GENERATION_KEY", "bump_vocabulary_version", "index_changed", "index_generation", "vocabulary_version"]

VOCABULARY_VERSION_KEY = "search:vocabulary-version"


def bump_vocabulary_version() -> None:
    cache.set(VOCABULARY_VERSION_KEY, uuid.uuid4().hex, None)


def vocabulary_version() -> str:
    version = cache.get(VOCABULARY_VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        if not cache.add(VOCABULARY_VERSION_KEY, version, None):
            version = cache.get(VOCABULARY_VERSION_KEY, version)
    return version


GENERATION_KEY = "search:index-generation"


def index_generation() -> int:
    """A number that changes whenever the index does: cached search figures carry it, so a
    change to any entry retires them all at once."""
    return cache.get_or_set(GENERATION_KEY, 0, timeout=None)


def index_changed() -> None:
    """Retire the cached search figures: now, for whoever reads inside this transaction, and
    again after the commit, in case another request cached the old state in between."""
    _next_generation()
    transaction.on_commit(_next_generation)


def _next_generation() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not in the cache (evicted, or never read): any new number will do
        cache.set(GENERATION_KEY, time.time_ns(), timeout=None)
