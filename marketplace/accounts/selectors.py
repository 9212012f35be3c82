"""Reads that pages need, with the joins that keep their query counts flat."""

import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from .models import Profile, User, UserSkill


def _skills_prefetch() -> Prefetch:
    return Prefetch(
        "skills",
        queryset=UserSkill.objects.select_related("skill__category").order_by("-level", "skill__name"),
    )


def language_for(user) -> str:
    """The language to address `user` in (pages, emails, notifications, documents): the one
    they chose on their account, else the site's default. A visitor (None, anonymous) gets the
    default too."""
    chosen = getattr(user, "language", "") or ""
    if chosen in dict(settings.LANGUAGES):
        return chosen
    return settings.LANGUAGE_CODE


def time_zone_for(user) -> zoneinfo.ZoneInfo:
    """The time zone to show `user` times in: the one on their account, else Valund's
    (settings.TIME_ZONE, Europe/Stockholm). A visitor gets Valund's; a zone that this system's
    tzdata no longer knows falls back to it too."""
    chosen = getattr(user, "time_zone", "") or settings.TIME_ZONE
    try:
        return zoneinfo.ZoneInfo(chosen)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


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



def profile_steps(*, profile: Profile) -> dict[str, bool]:
    """What the member has done of getting started, for the dashboard's checklist. No query but
    the email's for a profile from own_profile_get (its skills are prefetched)."""
    steps = {"email": profile.user.email_verified, "place": bool(profile.city)}
    if profile.user.role == User.Role.FREELANCER:
        steps |= {
            "photo": bool(profile.avatar),
            "about": bool(profile.headline and profile.bio),
            "rate": profile.hourly_rate is not None,
            "skills": bool(profile.skills.all()),
        }
    elif profile.user.role == User.Role.CLIENT:
        steps["company"] = bool(profile.company_name)
    return steps


@dataclass(frozen=True)
class Visibility:
    """Whether visitors find a freelancer's profile, said once: `visible`, and why not."""

    visible: bool
    label: str
    reason: str = ""


def profile_visibility(*, profile: Profile) -> Visibility:
    """The one status the dashboard shows (Profile.is_public's conditions, each with its reason)."""
    if profile.is_public:
        return Visibility(True, _("Visible to clients"))
    if not profile.user.email_verified:
        return Visibility(False, _("Not visible yet"), _("Clients find your profile once you confirm your email."))
    if profile.visibility == Profile.Visibility.HIDDEN:
        return Visibility(False, _("Hidden"), _("You chose to hide your profile: show it again on your profile page."))
    return Visibility(False, _("Not visible"), _("Only active freelancers' profiles are shown to clients."))
