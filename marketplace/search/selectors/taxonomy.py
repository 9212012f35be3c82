"""What the search form offers: every skill (grouped by trade), trade and language.

Skills and trades are named in the active language (Vocabulary.local_name) and sorted by
that name, so the cache holds one copy per language.

They change rarely and are on every search page, so they are read from the shared cache and
forgotten whenever a skill, trade or language is saved or deleted (receivers.py) or the index
is rebuilt after a bulk import (services.rebuild), or after CHOICES_CACHE_SECONDS at the latest."""

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from marketplace.accounts.models import Language, Skill, SkillCategory
from marketplace.core.vocabulary import fold

from ..versions import bump_vocabulary_version, vocabulary_version

__all__ = ["form_choices", "forget_form_choices", "vocabulary_version"]

CHOICES_CACHE_KEY = "search:form-choices"
CHOICES_CACHE_SECONDS = 3600


def form_choices() -> dict:
    """{"skills": [(trade name, [(slug, name), …]), …], "categories": [(slug, name), …],
    "languages": [(code, name), …]}, in the order the form shows them."""
    key = _key(get_language())
    choices = cache.get(key)
    if choices is None:
        groups: dict[str, list] = {}
        skills = sorted(
            Skill.objects.select_related("category"),
            key=lambda skill: (skill.category.sort_order, fold(skill.category.local_name), fold(skill.local_name)),
        )
        for skill in skills:
            groups.setdefault(skill.category.local_name, []).append((skill.slug, skill.local_name))
        choices = {
            "skills": list(groups.items()),
            "categories": [(category.slug, category.local_name) for category in SkillCategory.objects.all()],
            "languages": list(Language.objects.values_list("code", "name")),
        }
        cache.set(key, choices, CHOICES_CACHE_SECONDS)
    return choices


def _key(language: str | None) -> str:
    return f"{CHOICES_CACHE_KEY}:{(language or settings.LANGUAGE_CODE).split('-')[0]}"


def forget_form_choices() -> None:
    """After a change to the skills, trades, languages or document types: the next form reads
    them again, and every process its copy of the vocabulary."""
    cache.delete_many([_key(language) for language, _name in settings.LANGUAGES])
    bump_vocabulary_version()
