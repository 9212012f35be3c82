"""The cards of the freelancers a search found, for the results page, the live-search block
(pages/blocks.py) and the pattern page."""

import datetime
from dataclasses import dataclass

from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from marketplace.accounts.models import Profile
from marketplace.core import dates
from marketplace.core.money import format_rate

from ..understanding import local_names

__all__ = ["Card", "CardSkill", "cards"]

TOP_SKILLS = 4  # skills named on a card


@dataclass
class CardSkill:
    name: str
    verified: bool  # proven by a valid passport document


@dataclass
class Card:
    """One freelancer in the results, as the card shows them: plain values, worked out here
    once, so that the template (24 cards a page) only lays them out."""

    profile: Profile
    href: str  # the profile's address, through the click endpoint when the search was recorded
    initials: str  # the avatar's stand-in when there is no photo
    avatar_url: str
    place: str  # "Göteborg, Sweden", or whichever of the two the member gave
    distance: str  # "12 km away" in a radius search, else ""
    rate: str  # "650 SEK per hour", or "" without a rate
    available_now: bool
    availability: str  # "Now", "From 3 Dec 2026" or "Not at the moment"
    rating: str  # "4.6", the score the profile shows (Bayesian, one decimal), or "" without reviews
    stars: str  # "★★★★★" for 4.6, beside the score (hidden from screen readers, which read the score)
    reviews: str  # "12 reviews", or "No reviews yet"
    skills: list[CardSkill]  # the first TOP_SKILLS: the searched-for skills, then the proven ones, then the rest
    verified: bool  # holds a valid certificate for a searched skill (or for any, when none was searched)
    explanation: object = None  # for staff: selectors.ScoreParts, the parts of its score
    ping: str = ""  # in search results: the click beacon the link's `ping` posts to (search:click)


def cards(profiles, *, skill_slugs=(), today: datetime.date | None = None, link=None) -> list[Card]:
    """The cards of the engine's profiles (selectors.card_profiles: with .skill_tags,
    .verified_skill_ids, .rating_average, .rating_count and .distance_km).
    `link(position, profile_url)` gives a card's href (position from 1 on
    this page); without it the card links to the profile."""
    today = today or timezone.localdate()
    result, names = [], local_names()
    for position, profile in enumerate(profiles, start=1):
        tags = profile.skill_tags
        searched = [tag for tag in tags if tag.slug in skill_slugs]
        verified_ids = profile.verified_skill_ids
        relevant_ids = {tag.id for tag in searched} if skill_slugs else verified_ids
        available_from = profile.available_from if profile.availability == Profile.Availability.AVAILABLE_FROM else None
        available_now = profile.availability == Profile.Availability.AVAILABLE_NOW or (
            available_from is not None and available_from <= today
        )
        if available_now:
            availability = _("Now")
        elif available_from is not None:
            availability = _("From %(date)s") % {"date": dates.day(available_from)}
        else:
            availability = _("Not at the moment")
        url = profile.get_absolute_url()
        count = profile.rating_count or 0
        score = profile.rating_average if count else None
        result.append(Card(
            profile=profile,
            href=link(position, url) if link else url,
            initials=profile.initials,
            avatar_url=profile.avatar_small.url if profile.avatar_small else "",
            place=profile.place,
            distance=_distance(profile.distance_km),
            rate=format_rate(profile.hourly_rate, profile.currency),
            available_now=available_now,
            availability=availability,
            rating=floatformat(score, 1) if score is not None else "",
            stars=_stars(score),
            reviews=(
                ngettext("%(count)s review", "%(count)s reviews", count) % {"count": floatformat(count, "0g")}
                if count else _("No reviews yet")
            ),
            skills=[
                CardSkill(names.get(("skill", tag.slug), tag.name), tag.id in verified_ids)
                for tag in (searched + sorted((tag for tag in tags if tag not in searched),
                                              key=lambda tag: tag.id not in verified_ids))[:TOP_SKILLS]
            ],
            verified=bool(verified_ids & relevant_ids),
        ))
    return result


def _stars(score) -> str:
    if score is None:
        return ""
    filled = max(0, min(5, round(float(score))))
    return "★" * filled + "☆" * (5 - filled)


def _distance(km: float | None) -> str:
    if km is None:
        return ""
    if km < 1:
        return _("under 1 km away")
    return _("%(distance)s km away") % {"distance": floatformat(km, "0g")}
