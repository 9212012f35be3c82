"""What the search form offers: every skill (grouped by trade), trade and language.

They change rarely and are on every search page, so they are read from the shared cache and
forgotten whenever a skill, trade or language is saved or deleted (receivers.py) or the index
is rebuilt after a bulk import (services.rebuild), or after CHOICES_CACHE_SECONDS at the latest."""

from django.core.cache import cache

from marketplace.accounts.models import Language, Skill, SkillCategory

from ..versions import bump_vocabulary_version, vocabulary_version

__all__ = ["form_choices", "forget_form_choices", "vocabulary_version"]

CHOICES_CACHE_KEY = "search:form-choices"
CHOICES_CACHE_SECONDS = 3600


def form_choices() -> dict:
    """{"skills": [(trade name, [(slug, name), …]), …], "categories": [(slug, name), …],
    "languages": [(code, name), …]}, in the order the form shows them."""
    choices = cache.get(CHOICES_CACHE_KEY)
    if choices is None:
        groups: dict[str, list] = {}
        skills = Skill.objects.select_related("category").order_by("category__sort_order", "category__name", "name")
        for skill in skills:
            groups.setdefault(skill.category.name, []).append((skill.slug, skill.name))
        choices = {
            "skills": list(groups.items()),
            "categories": list(SkillCategory.objects.values_list("slug", "name")),
            "languages": list(Language.objects.values_list("code", "name")),
        }
        cache.set(CHOICES_CACHE_KEY, choices, CHOICES_CACHE_SECONDS)
    return choices


def forget_form_choices() -> None:
    """After a change to the skills, trades, languages or document types: the next form reads
    them again, and every process its copy of the vocabulary."""
    cache.delete(CHOICES_CACHE_KEY)
    bump_vocabulary_version()
