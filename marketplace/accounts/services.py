"""Every write to members, profiles and skills. Views, forms, signals and the admin call these."""

import secrets
import zoneinfo

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from marketplace.core.errors import DomainError, PermissionDenied
from marketplace.core.places import place_lookup

from .avatars import render_avatar
from .models import Profile, Skill, User, UserSkill

SIGNUP_ROLES = {User.Role.FREELANCER, User.Role.CLIENT}


def _unique_slug(name: str, *, exclude_pk=None) -> str:
    base = slugify(name)[:120] or "member"
    candidate = base
    while Profile.objects.filter(slug=candidate).exclude(pk=exclude_pk).exists():
        candidate = f"{base}-{secrets.token_hex(3)}"
    return candidate


def _check_owner(*, actor: User, profile: Profile) -> None:
    if actor.pk != profile.user_id:
        raise PermissionDenied(_("You can only change your own profile."))


def member_ensure_profile(*, user: User) -> Profile:
    """Every account has a profile, however it was made (signup, the admin, createsuperuser)."""
    name = user.get_full_name().strip() or user.email.split("@")[0]
    profile, _created = Profile.objects.get_or_create(
        user=user, defaults={"display_name": name, "slug": _unique_slug(name)}
    )
    return profile


@transaction.atomic
def member_complete_signup(*, user: User, role: str, display_name: str, company_name: str = "") -> Profile:
    """Give a new account its role and profile. Admins are made by staff, never at signup."""
    if role not in SIGNUP_ROLES:
        raise DomainError(_("Choose whether you join as a freelancer or a client."), code="role")
    user = User.objects.select_for_update().get(pk=user.pk)
    user.role = role
    user.save(update_fields=["role"])
    profile = Profile.objects.select_for_update().get(pk=member_ensure_profile(user=user).pk)
    profile.display_name = display_name.strip()
    profile.slug = _unique_slug(display_name, exclude_pk=profile.pk)
    profile.company_name = company_name.strip() if role == User.Role.CLIENT else ""
    profile.save(update_fields=["display_name", "slug", "company_name", "updated_at"])
    return profile


def user_apply_role(*, user: User, role: str) -> User:
    """Set a role from the staff user admin; admins are staff, members are not."""
    if role not in User.Role.values:
        raise DomainError(_("Unknown role."), code="role")
    user.role = role
    user.is_staff = role == User.Role.ADMIN
    return user


@transaction.atomic
def staff_account_open(*, user: User) -> User:
    """A member added in the staff user admin: no password until they choose one through the
    link they are sent (wagtail_users.send_set_password_email), and their address verified,
    since only its owner can follow that link to sign in."""
    user.set_unusable_password()
    user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


# City, country and coordinates are not among them: they are set together from a place (_apply_place).
PROFILE_FIELDS = [
    "display_name", "headline", "bio", "bio_sv",
    "years_experience", "hourly_rate", "currency", "availability", "available_from",
    "hours_per_week", "visibility", "company_name", "vat_number",
]


def _apply_place(profile: Profile, name: str) -> None:
    """Where the member is, from the gazetteer only, so that a radius search finds whoever named
    a place and no one can claim coordinates of their own. An empty name clears the place; the
    place the profile already names keeps the coordinates it has (older, finer ones)."""
    if not name.strip():
        profile.city, profile.country, profile.latitude, profile.longitude = "", "", None, None
        return
    place = place_lookup(name)
    if place is None:
        raise DomainError(_("Choose a place from the list."), code="place")
    located = profile.latitude is not None and profile.longitude is not None
    if not (located and place == place_lookup(profile.city)):
        profile.latitude, profile.longitude = place.coordinates
    profile.city, profile.country = place.name, place.country


@transaction.atomic
def user_set_language(*, actor: User, user: User, language: str) -> User:
    """The language the member reads Valund in ("" for the site's default). Only the member
    sets it: the admin shows it, and staff change it there with the account's other fields."""
    return _own_setting(actor=actor, user=user, field="language", value=language,
                        offered=lambda: dict(settings.LANGUAGES), refusal=_("Choose one of the languages offered."))


@transaction.atomic
def user_set_time_zone(*, actor: User, user: User, time_zone: str) -> User:
    """The member's own time zone ("" for Valund's, Europe/Stockholm): an IANA name this
    system's tzdata knows. Only the member sets it, as with the language."""
    return _own_setting(actor=actor, user=user, field="time_zone", value=time_zone,
                        offered=zoneinfo.available_timezones, refusal=_("Choose one of the time zones offered."))


def _own_setting(*, actor: User, user: User, field: str, value: str, offered, refusal: str) -> User:
    """A setting of the account that only the member changes: "" (Valund's default) or one of
    `offered()`, refused with `refusal`; saved only when it changes."""
    if actor.pk != user.pk:
        raise PermissionDenied(_("You can only change your own account."))
    if value and value not in offered():
        raise DomainError(refusal, code=field)
    if getattr(user, field) != value:
        setattr(user, field, value)
        user.save(update_fields=[field])
    return user


@transaction.atomic
def profile_update(
    *, actor: User, profile: Profile, data: dict, languages=None, avatar=None, language=None, time_zone=None
) -> Profile:
    """Save profile fields from already-parsed form data (a place by its name under "place");
    renders the avatar if one is given. Coordinates given in the data are ignored. `language`,
    when given, is the account's own language (user_set_language), `time_zone` its own time
    zone (user_set_time_zone)."""
    _check_owner(actor=actor, profile=profile)
    if language is not None:
        user_set_language(actor=actor, user=profile.user, language=language)
    if time_zone is not None:
        user_set_time_zone(actor=actor, user=profile.user, time_zone=time_zone)
    profile = Profile.objects.select_for_update().get(pk=profile.pk)
    for field in PROFILE_FIELDS:
        if field in data:
            setattr(profile, field, data[field])
    if "place" in data:
        _apply_place(profile, data["place"] or "")
    if profile.availability != Profile.Availability.AVAILABLE_FROM:
        profile.available_from = None
    elif profile.available_from is None:
        raise DomainError(_("Say from which date you are available."), code="available_from")
    if profile.user.role != User.Role.CLIENT:
        profile.company_name = profile.vat_number = ""
    profile.full_clean(exclude=["avatar", "avatar_small", "user", "slug"])
    old_files = []
    if avatar is not None:
        large, small = render_avatar(avatar)
        old_files = [f for f in (profile.avatar, profile.avatar_small) if f]
        profile.avatar.save(large.name, large, save=False)
        profile.avatar_small.save(small.name, small, save=False)
    profile.save()
    if languages is not None:
        profile.languages.set(languages)
    for old in old_files:
        name, storage = old.name, old.storage
        transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))
    return profile


@transaction.atomic
def profile_set_visibility(*, actor: User, profile: Profile, visibility: str) -> Profile:
    if not (actor.has_staff_powers or actor.pk == profile.user_id):
        raise PermissionDenied(_("You can only change your own profile."))
    if visibility not in Profile.Visibility.values:
        raise DomainError(_("Unknown visibility."), code="visibility")
    profile.visibility = visibility
    # save(), not update(): the search index hears of it through post_save.
    profile.save(update_fields=["visibility", "updated_at"])
    return profile


def _check_can_hold_skills(*, actor: User, profile: Profile) -> None:
    _check_owner(actor=actor, profile=profile)
    if profile.user.role != User.Role.FREELANCER:
        raise DomainError(_("Only freelancers list skills."), code="not_freelancer")


def skill_add(*, actor: User, profile: Profile, skill: Skill, level: int, years: int = 0) -> UserSkill:
    """Add a skill to a freelancer's profile, or update its level if it is already there."""
    _check_can_hold_skills(actor=actor, profile=profile)
    if level not in UserSkill.Level.values:
        raise DomainError(_("Choose a level from beginner to expert."), code="level")
    if not 0 <= years <= 70:
        raise DomainError(_("Years must be between 0 and 70."), code="years")
    # update_or_create recovers from a double submit racing it to the unique constraint.
    user_skill, _created = UserSkill.objects.update_or_create(
        profile=profile, skill=skill, defaults={"level": level, "years": years}
    )
    return user_skill


@transaction.atomic
def skill_remove(*, actor: User, profile: Profile, user_skill_id: int) -> None:
    """Remove one of the actor's own skills. Removing one that is already gone is not an error,
    so a repeated click is harmless; someone else's skill is refused."""
    _check_can_hold_skills(actor=actor, profile=profile)
    if UserSkill.objects.filter(pk=user_skill_id).exclude(profile=profile).exists():
        raise PermissionDenied(_("You can only change your own profile."))
    UserSkill.objects.filter(pk=user_skill_id, profile=profile).delete()
