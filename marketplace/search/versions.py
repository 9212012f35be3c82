"""The vocabulary's version, in the shared cache: changed with every edit of a skill, trade,
language or document type (selectors.taxonomy.forget_form_choices), so that each process reads
its own copy of the vocabulary again (understanding.lexicon, the suggestions). Below both the
selectors and the understanding, which each need it."""

import uuid

from django.core.cache import cache

__all__ = ["bump_vocabulary_version", "vocabulary_version"]

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
