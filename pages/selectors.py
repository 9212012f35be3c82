"""Reads that the page tree and its blocks need."""

from django.db.models import Count

from marketplace.accounts.models import SkillCategory


def skill_categories_with_counts(ids=None) -> list:
    """Categories with their number of skills: the chosen ones in the editor's order, or all."""
    queryset = SkillCategory.objects.annotate(skill_count=Count("skills"))
    if not ids:
        return list(queryset)
    by_id = {category.pk: category for category in queryset.filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]
