"""Reads that the page tree and its blocks need."""

from django.core.cache import cache
from django.db.models import Count

from marketplace.accounts.models import SkillCategory

DIRECTORY_URL_CACHE_KEY = "pages:directory-url"


def directory_url() -> str:
    """The path of the live freelancer directory page (normally /freelancers/).

    Cached because every profile link needs it; pages.receivers clears it when pages change."""
    url = cache.get(DIRECTORY_URL_CACHE_KEY)
    if url is None:
        from .models import FreelancerDirectoryPage

        page = FreelancerDirectoryPage.objects.live().first()
        url = page.url if page is not None else "/freelancers/"
        cache.set(DIRECTORY_URL_CACHE_KEY, url, 300)
    return url


def clear_directory_url() -> None:
    cache.delete(DIRECTORY_URL_CACHE_KEY)


def skill_categories_with_counts(ids=None) -> list:
    """Categories with their number of skills: the chosen ones in the editor's order, or all."""
    queryset = SkillCategory.objects.annotate(skill_count=Count("skills"))
    if not ids:
        return list(queryset)
    by_id = {category.pk: category for category in queryset.filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]
