"""Editors teach the search a word from its misses: a query that found nothing becomes a
synonym of a skill (the search report's "Add as a synonym" button, admin_reports.py)."""

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from marketplace.accounts.models import Skill, SkillCategory
from marketplace.core.errors import DomainError, PermissionDenied
from marketplace.core.permissions import holds_permissions
from marketplace.core.vocabulary import fold

from ..places import place_lookup
from ..understanding import MAX_TERM_TOKENS, STOP_WORDS, words_of

__all__ = ["MAX_SYNONYM_LENGTH", "SYNONYM_PERMISSIONS", "can_add_synonyms", "synonym_add"]

# Changing a skill's words, and reading the misses that suggest them.
SYNONYM_PERMISSIONS = ("accounts.change_skill", "search.view_searchanalytics")
MAX_SYNONYM_LENGTH = 60


def can_add_synonyms(user) -> bool:
    return holds_permissions(user, *SYNONYM_PERMISSIONS)


def synonym_add(*, actor, skill: Skill, term: str) -> bool:
    """Adds `term` to the skill's synonyms; False when the skill is already named so (a
    replayed form changes nothing). Saved, so that the receivers bump the vocabulary's version
    (the next search reads the word) and rewrite the holders' entries after the commit.

    Refused: an actor who may not change skills or read the search report (User.has_perm also
    wants the second factor in the session); a term that is empty, too long, of more words than
    the search reads as one name, only stop words, or one that names a place, a trade or another
    skill, which the search would then read two ways."""
    if not can_add_synonyms(actor):
        raise PermissionDenied()
    term = " ".join(str(term).split())
    _check_term(term)
    key = _key(term)
    with transaction.atomic():
        skill = Skill.objects.select_for_update().get(pk=skill.pk)
        if any(_key(existing) == key for existing in skill.terms):
            return False
        for other in Skill.objects.exclude(pk=skill.pk).only("name", "name_sv", "synonyms"):
            if any(_key(existing) == key for existing in other.terms):
                raise DomainError(_("“%(term)s” already names the skill %(skill)s.")
                                  % {"term": term, "skill": other.name}, code="names_another_skill")
        for trade in SkillCategory.objects.only("name", "name_sv", "synonyms"):
            if any(_key(existing) == key for existing in trade.terms):
                raise DomainError(_("“%(term)s” already names the trade %(trade)s.")
                                  % {"term": term, "trade": trade.name}, code="names_a_trade")
        skill.add_synonym(term)
        skill.save(update_fields=["synonyms"])
        log(instance=skill, action="wagtail.edit", user=actor)
    return True


def _check_term(term: str) -> None:
    if not term or not words_of(term):
        raise DomainError(_("A synonym needs at least one letter or digit."), code="empty")
    if len(term) > MAX_SYNONYM_LENGTH:
        raise DomainError(_("A synonym has at most %(count)d characters.") % {"count": MAX_SYNONYM_LENGTH},
                          code="too_long")
    if len(term.split()) > MAX_TERM_TOKENS:
        raise DomainError(_("A synonym has at most %(count)d words: the search reads no longer names.")
                          % {"count": MAX_TERM_TOKENS}, code="too_many_words")
    if all(word in STOP_WORDS for word in words_of(term)):
        raise DomainError(_("“%(term)s” is a word the search leaves out (like “and” or “för”).") % {"term": term},
                          code="stop_word")
    if place_lookup(term) is not None:
        raise DomainError(_("“%(term)s” is a place: searches for it look there.") % {"term": term}, code="place")


def _key(term: str) -> str:
    """A term as the search compares it: folded, and its words alone unless it has symbols
    ("C#", ".NET"), so that "MIG-svetsare" and "MIG svetsare" are one."""
    words = " ".join(words_of(term))
    return fold(term).strip() if any(char in term for char in "#+./&") else words
