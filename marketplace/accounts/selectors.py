"""Reads that pages need, with the joins that keep their query counts flat."""

from django.db.models import Exists, OuterRef, Prefetch
from django.shortcuts import get_object_or_404

from .models import Profile, UserSkill


def _skills_prefetch() -> Prefetch:
    return Prefetch(
        "skills",
        queryset=UserSkill.objects.select_related("skill__category").order_by("-level", "skill__name"),
    )


def public_profile_get(*, slug: str) -> Profile:
    """The profile a visitor may see at /freelancers/<slug>/, or 404."""
    queryset = (
        Profile.objects.for_public_display()
        .select_related("user")
        .prefetch_related(_skills_prefetch(), "languages")
    )
    return get_object_or_404(queryset, slug=slug)


def public_profile_list(*, category=None):
    """Public profiles for the directory; only those with a skill in `category` when given."""
    queryset = (
        Profile.objects.for_public_display()
        .select_related("user")
        .prefetch_related(_skills_prefetch())
        .order_by("display_name", "pk")
    )
    if category is not None:
        queryset = queryset.filter(
            Exists(UserSkill.objects.filter(profile=OuterRef("pk"), skill__category=category))
        )
    return queryset


def own_profile_get(*, user) -> Profile:
    return (
        Profile.objects.select_related("user")
        .prefetch_related(_skills_prefetch(), "languages")
        .get(user=user)
    )

