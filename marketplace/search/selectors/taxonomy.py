"""What the search form offers: every skill (grouped by trade), trade and language.

Skills and trades are named in the active language (Vocabulary.local_name) and sorted by
that name, so the cache holds one copy per language.

They change rarely and are on every search page, so they are read from the shared cache and
forgotten whenever a skill, trade or language is saved or deleted (receivers.py) or the index
is rebuilt after a bulk import (services.rebuild), or after CHOICES_CACHE_SECONDS at the latest.

What a search asks for by slug or code (its skills, trade and languages) is looked up in
`taxonomy()`: this process's copy of every skill (with its trade), trade and language, read
again when the vocabulary's version changes (any save or deletion of one, as above), so a
search with filters costs no query to name them or to find their ids."""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from marketplace.accounts.models import Language, Skill, SkillCategory
from marketplace.core.vocabulary import fold

from ..versions import bump_vocabulary_version, vocabulary_version

__all__ = ["Taxonomy", "forget_form_choices", "form_choices", "taxonomy", "vocabulary_version"]

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


@dataclass(frozen=True)
class Taxonomy:
    """Skills (their trade loaded), trades and languages by slug or code. Shared by every
    request of the process: read them, never change them."""

    skills: dict[str, Skill]
    categories: dict[str, SkillCategory]
    languages: dict[str, Language]

    def skill_ids_in(self, category_slug: str) -> list[int]:
        return [skill.pk for skill in self.skills.values() if skill.category.slug == category_slug]


_snapshot: dict[str, object] = {}


def taxonomy() -> Taxonomy:
    """This process's copy of the taxonomy (three queries), read again after any change to it."""
    version = vocabulary_version()
    if _snapshot.get("version") != version:
        categories = {category.slug: category for category in SkillCategory.objects.all()}
        by_pk = {category.pk: category for category in categories.values()}
        skills = {}
        for skill in Skill.objects.all():
            skill.category = by_pk[skill.category_id]
            skills[skill.slug] = skill
        languages = {language.code: language for language in Language.objects.all()}
        _snapshot.update(version=version, taxonomy=Taxonomy(skills, categories, languages))
    return _snapshot["taxonomy"]
