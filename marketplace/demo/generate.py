"""The demo member generator: pure functions, no database.

Every member is drawn from its own `random.Random`, seeded by (seed, kind, number), so
freelancer 123 is the same person whether 200 or 200,000 are generated, a bigger run only
adds to a smaller one, and a different seed gives different people.
"""

import random
import string
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from itertools import accumulate

from marketplace.accounts.models import Profile, User
from marketplace.core.places import Place

from .people import (
    CITIES,
    CITY_WEIGHTS,
    COMPANY_KINDS,
    COMPANY_PREFIXES,
    COMPANY_TRADES,
    COUNTRIES,
    LANGUAGE_NAMES,
    LEARNT_LANGUAGES,
    NAME_GROUPS,
)
from .taxonomy import CATEGORIES, CATEGORY_OF_SKILL, RELATED_CATEGORIES, CategoryData, SkillData, certificates_for
from .text import capfirst, demo_slug, join_words, plural, with_article, years_phrase
from .vocabulary import SKILL_TERMS

DEMO_DOMAIN = "demo.valund.example"
SEK_PER_EUR = 11.5
HIDDEN_SHARE = 0.05
SLUG_SUFFIX_ALPHABET = string.ascii_lowercase + string.digits

# Share of women among demo freelancers per line of work, roughly as in the Nordic labour market.
FEMALE_SHARE = {"construction": 0.1, "engineering": 0.3, "it": 0.25, "healthcare": 0.85, "logistics": 0.12,
                "industry": 0.2}
ENGLISH_SHARE = {"construction": 0.6, "engineering": 0.9, "it": 0.97, "healthcare": 0.75, "logistics": 0.55,
                 "industry": 0.6}
SKILL_COUNTS = (1, 2, 3, 4, 5, 6)
SKILL_COUNT_WEIGHTS = (10, 20, 28, 22, 12, 8)
HOURS_PER_WEEK = (40, 35, 32, 30, 24, 20, 16, 10, 8)
HOURS_PER_WEEK_WEIGHTS = (35, 6, 10, 8, 8, 14, 9, 6, 4)
CLIENT_SIZES = (2, 4, 8, 12, 25, 40, 80, 150, 400)
CLIENT_SIZE_WEIGHTS = (10, 15, 18, 15, 14, 10, 8, 6, 4)
CLIENT_REASONS = (
    "to cover peaks in the order book",
    "for holiday cover and project peaks",
    "for assignments from a single shift to several months",
    "when our own team is fully booked",
)
BIO_JOINERS = ("I also {}.", "On top of that, I {}.", "Alongside that, I {}.")


@dataclass(frozen=True)
class SkillSpec:
    slug: str
    level: int
    years: int


@dataclass(frozen=True)
class MemberSpec:
    """Everything needed to write one member: user, email address, profile, skills, languages."""

    email: str
    role: str
    first_name: str
    last_name: str
    display_name: str
    slug_base: str
    slug_suffix: str  # deterministic suffix, used only if slug_base is taken
    headline: str
    bio: str
    city: str
    country: str
    latitude: Decimal | None
    longitude: Decimal | None
    languages: tuple[str, ...] = ()
    skills: tuple[SkillSpec, ...] = ()
    years_experience: int | None = None
    hourly_rate: int | None = None  # minor units
    currency: str = "SEK"
    availability: str = Profile.Availability.AVAILABLE_NOW
    available_from: date | None = None
    hours_per_week: int | None = None
    visibility: str = Profile.Visibility.PUBLIC
    company_name: str = ""
    vat_number: str = ""
    joined_days_ago: int = 0
    bio_sv: str = ""  # the bio in Swedish, for Swedish readers (Profile.bio_sv); most have none
    # Staff groups (docs/staff.md) of a staff account; an admin without groups is a superuser.
    groups: tuple[str, ...] = ()

    @property
    def category(self) -> str:
        """The slug of the category of the member's main skill ("" for clients)."""
        return CATEGORY_OF_SKILL[self.skills[0].slug].slug if self.skills else ""


def freelancer_email(number: int) -> str:
    return f"f{number:06d}@{DEMO_DOMAIN}"


def client_email(number: int) -> str:
    return f"c{number:06d}@{DEMO_DOMAIN}"


class _Weighted:
    """A weighted choice with cumulative weights computed once, not on every draw."""

    def __init__(self, items: Sequence, weights: Sequence[int]):
        self.items = list(items)
        self.cum_weights = list(accumulate(weights))

    def pick(self, rng: random.Random):
        return rng.choices(self.items, cum_weights=self.cum_weights)[0]


_CITIES = _Weighted(CITIES, [CITY_WEIGHTS.get(city.name, 1) for city in CITIES])
_CATEGORIES = _Weighted(CATEGORIES, [category.weight for category in CATEGORIES])
_NAME_GROUPS = {code: _Weighted(list(c.names), list(c.names.values())) for code, c in COUNTRIES.items()}
_SKILL_COUNTS = _Weighted(SKILL_COUNTS, SKILL_COUNT_WEIGHTS)
_HOURS = _Weighted(HOURS_PER_WEEK, HOURS_PER_WEEK_WEIGHTS)
_CLIENT_SIZES = _Weighted(CLIENT_SIZES, CLIENT_SIZE_WEIGHTS)
_CATEGORY_BY_SLUG = {category.slug: category for category in CATEGORIES}


def _place(rng: random.Random, city: Place) -> tuple[Decimal, Decimal]:
    # A few kilometres around the centre, so members of one city do not share a point on the map.
    latitude = city.lat + rng.uniform(-0.03, 0.03)
    longitude = city.lon + rng.uniform(-0.05, 0.05)
    return Decimal(f"{latitude:.6f}"), Decimal(f"{longitude:.6f}")


def _person(rng: random.Random, country_code: str, female_share: float) -> tuple[str, str, str]:
    """First name, last name and name group of someone living in the country."""
    group_name = _NAME_GROUPS[country_code].pick(rng)
    group = NAME_GROUPS[group_name]
    female = rng.random() < female_share
    first = rng.choice(group.female if female else group.male)
    last = rng.choice(group.last)
    if isinstance(last, tuple):
        last = last[1] if female else last[0]
    return first, last, group_name


def _slug_suffix(rng: random.Random) -> str:
    return "".join(rng.choices(SLUG_SUFFIX_ALPHABET, k=8))


def _level(rng: random.Random, years: int) -> int:
    level = 1 if years < 2 else 2 if years < 5 else 3 if years < 12 else 4
    if level > 1 and rng.random() < 0.25:
        level -= 1
    return level


def _pick_skills(rng: random.Random, category: CategoryData) -> list[SkillData]:
    count = _SKILL_COUNTS.pick(rng)
    picked = rng.sample(category.skills, min(count, len(category.skills)))
    related = RELATED_CATEGORIES[category.slug]
    for index in range(1, len(picked)):
        if related and rng.random() < 0.15:
            other = _CATEGORY_BY_SLUG[rng.choice(related)]
            candidate = rng.choice(other.skills)
            if candidate not in picked:
                picked[index] = candidate
    return picked


def _rate(rng: random.Random, skill: SkillData, category: CategoryData, years: int, currency: str) -> int:
    """An hourly rate in minor units: higher with experience, with some spread."""
    low, high = skill.rate_sek or category.rate_sek
    position = 0.15 + 0.7 * min(years, 25) / 25 + rng.uniform(-0.15, 0.15)
    sek = low + (high - low) * min(max(position, 0.0), 1.0)
    if currency == "EUR":
        return round(sek / SEK_PER_EUR) * 100
    return round(sek / 10) * 10 * 100


def _languages(rng: random.Random, country_code: str, group_name: str, category: CategoryData) -> tuple[str, ...]:
    local = COUNTRIES[country_code].language
    group_languages = NAME_GROUPS[group_name].languages
    if local in group_languages:
        spoken = [local]
    else:
        spoken = [rng.choice(group_languages)]
        if rng.random() < 0.85:
            spoken.append(local)
    if "en" not in spoken and rng.random() < ENGLISH_SHARE[category.slug]:
        spoken.append("en")
    if rng.random() < 0.08:
        learnt = rng.choice(LEARNT_LANGUAGES)
        if learnt not in spoken:
            spoken.append(learnt)
    return tuple(spoken[:3])


def _headline(rng: random.Random, skills: list[SkillData], years: int, city: Place) -> str:
    role = skills[0].role
    second = skills[1].role if len(skills) > 1 and skills[1].role != role else ""
    starts = [capfirst(role)]
    if years >= 6:
        starts.append(f"{'Senior' if years >= 12 else 'Experienced'} {role}")
    if any(skills[0].slug in c.skills for c in certificates_for([skills[0].slug], country=city.country)):
        starts.append(f"Certified {role}")
    if second:
        starts.append(f"{capfirst(role)} and {second}")
    endings = ["", f" · {years_phrase(years)}' experience", f" in {city.name}"]
    if len(skills) > 2:
        endings.append(f" · {skills[1].name}, {skills[2].name}")
    return (rng.choice(starts) + rng.choice(endings))[:160]


def _bio(rng, skills: list[SkillData], category: CategoryData, years: int, city: Place, languages) -> str:
    role = skills[0].role
    experience = f"{years_phrase(years)} {category.field}"
    opening = rng.choice((
        f"I'm {with_article(role)} based in {city.name}, with {experience}.",
        f"{capfirst(role)} with {experience}, based in {city.name}.",
        f"Based in {city.name}, I have worked {category.field} for {years_phrase(years)}.",
    ))
    sentences = [opening, f"I {skills[0].does}."]
    joiners = rng.sample(BIO_JOINERS, len(BIO_JOINERS))
    for skill, joiner in zip(skills[1:], joiners, strict=False):
        sentences.append(joiner.format(skill.does))
    details = []
    certificates = certificates_for([skill.slug for skill in skills], country=city.country)
    if certificates and rng.random() < 0.8:
        chosen = rng.sample(certificates, min(len(certificates), rng.randint(1, 3)))
        details.append(f"Certificates: {', '.join(c.name for c in chosen)}.")
    details.append(f"I work in {join_words([LANGUAGE_NAMES[code] for code in languages])}.")
    if rng.random() < 0.6:
        details.append(rng.choice(category.closing_lines))
    return f"{' '.join(sentences)}\n\n{' '.join(details)}"


# Freelancers number 1, 11, 21… who live in Sweden also write their bio in Swedish.
SWEDISH_BIO_EVERY = 10


def _swedish_skill_name(skill: SkillData) -> str:
    name = SKILL_TERMS[skill.slug].name_sv or skill.name
    # "Svetsning (MIG/MAG)" reads "svetsning (MIG/MAG)" in a sentence; "VVS …" and "TIG-…" stay.
    return name[0].lower() + name[1:] if len(name) > 1 and name[1].islower() else name


def _bio_sv(skills: list[SkillData], years: int, city: Place) -> str:
    """A short bio in Swedish, as a Swedish freelancer would write it (no draws from the
    generator: adding it changes nobody else's data)."""
    names = [_swedish_skill_name(skill) for skill in skills]
    last = " samt " if any(" och " in name for name in names) else " och "  # "kyla och värmepumpar samt …"
    work = names[0] if len(names) == 1 else f"{', '.join(names[:-1])}{last}{names[-1]}"
    experience = "ett års" if years == 1 else f"{years} års"
    return (
        f"Jag har {experience} erfarenhet och arbetar med {work}. Jag utgår från {city.name} och tar gärna "
        "uppdrag i hela regionen.\n\nSkicka en bokningsförfrågan med datum och plats, så återkommer jag "
        "samma dag."
    )


def freelancer(seed: int, number: int, *, today: date) -> MemberSpec:
    """Demo freelancer number `number` (from 1) for this seed."""
    rng = random.Random(f"valund-demo:{seed}:freelancer:{number}")
    city = _CITIES.pick(rng)
    country = COUNTRIES[city.country]
    category = _CATEGORIES.pick(rng)
    first, last, group_name = _person(rng, city.country, FEMALE_SHARE[category.slug])
    skills = _pick_skills(rng, category)
    years = min(40, max(1, int(rng.triangular(1, 40, 8))))
    skill_specs = []
    for index, skill in enumerate(skills):
        skill_years = max(1, years - rng.randint(0, 2)) if index == 0 else rng.randint(1, years)
        skill_specs.append(SkillSpec(skill.slug, _level(rng, skill_years), skill_years))
    languages = _languages(rng, city.country, group_name, category)
    roll = rng.random()
    if roll < 0.5:
        availability, available_from = Profile.Availability.AVAILABLE_NOW, None
    elif roll < 0.8:
        availability, available_from = Profile.Availability.AVAILABLE_FROM, today + timedelta(rng.randint(7, 120))
    else:
        availability, available_from = Profile.Availability.NOT_AVAILABLE, None
    latitude, longitude = _place(rng, city)
    display_name = f"{first} {last}"
    return MemberSpec(
        email=freelancer_email(number),
        role=User.Role.FREELANCER,
        first_name=first,
        last_name=last,
        display_name=display_name,
        slug_base=demo_slug(display_name),
        slug_suffix=_slug_suffix(rng),
        headline=_headline(rng, skills, years, city),
        bio=_bio(rng, skills, category, years, city, languages),
        city=city.name,
        country=city.country,
        latitude=latitude,
        longitude=longitude,
        languages=languages,
        skills=tuple(skill_specs),
        years_experience=years,
        hourly_rate=_rate(rng, skills[0], category, years, country.currency),
        currency=country.currency,
        availability=availability,
        available_from=available_from,
        hours_per_week=_HOURS.pick(rng),
        visibility=Profile.Visibility.HIDDEN if rng.random() < HIDDEN_SHARE else Profile.Visibility.PUBLIC,
        joined_days_ago=rng.randint(0, 3 * 365),
        bio_sv=_bio_sv(skills, years, city) if city.country == "SE" and number % SWEDISH_BIO_EVERY == 1 else "",
    )


def luhn_digit(digits: str) -> str:
    """The check digit Swedish organisation numbers end with."""
    total = 0
    for index, char in enumerate(digits):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return str((10 - total % 10) % 10)


def vat_number(rng: random.Random, country_code: str) -> str:
    """A VAT number in the country's format; Swedish ones carry a valid organisation number."""
    def digits(count: int) -> str:
        return "".join(rng.choices(string.digits, k=count))

    if country_code == "SE":
        organisation = "55" + digits(7)  # 55...: aktiebolag
        return f"SE{organisation}{luhn_digit(organisation)}01"
    formats = {"NO": lambda: f"NO9{digits(8)}MVA", "DK": lambda: f"DK{digits(8)}",
               "FI": lambda: f"FI{digits(8)}", "EE": lambda: f"EE10{digits(7)}",
               "LV": lambda: f"LV4000{digits(7)}", "LT": lambda: f"LT{digits(9)}",
               "PL": lambda: f"PL{digits(10)}", "DE": lambda: f"DE{digits(9)}"}
    return formats[country_code]()


def _company_name(rng: random.Random, country_code: str, category: CategoryData, surname: str, city: str) -> str:
    country = COUNTRIES[country_code]
    if country_code != "SE":
        return f"{surname} {country.company_word} {country.legal_form}"
    trade = rng.choice(COMPANY_TRADES[category.slug])
    prefix = rng.choice(COMPANY_PREFIXES)
    return rng.choice((
        f"{prefix}{trade} AB",
        f"{surname}s {capfirst(trade)} AB" if not surname.endswith("s") else f"{surname} {capfirst(trade)} AB",
        f"{prefix}{trade} i {city} AB",
    ))


def client(seed: int, number: int, *, today: date) -> MemberSpec:
    """Demo client company number `number` (from 1) for this seed."""
    rng = random.Random(f"valund-demo:{seed}:client:{number}")
    city = _CITIES.pick(rng)
    category = _CATEGORIES.pick(rng)
    first, last, _group = _person(rng, city.country, 0.4)
    company = _company_name(rng, city.country, category, last, city.name)
    kind = COMPANY_KINDS[category.slug]
    hires = [plural(skill.role) for skill in rng.sample(category.skills, 3)]
    bio = (
        f"{company} is {with_article(kind)} in {city.name} with around {_CLIENT_SIZES.pick(rng)} employees. "
        f"We book freelance {join_words(hires)} {rng.choice(CLIENT_REASONS)}.\n\n"
        f"Contact: {first} {last}."
    )
    latitude, longitude = _place(rng, city)
    return MemberSpec(
        email=client_email(number),
        role=User.Role.CLIENT,
        first_name=first,
        last_name=last,
        display_name=company,
        slug_base=demo_slug(company),
        slug_suffix=_slug_suffix(rng),
        headline=f"{capfirst(kind)} in {city.name}",
        bio=bio,
        city=city.name,
        country=city.country,
        latitude=latitude,
        longitude=longitude,
        currency=COUNTRIES[city.country].currency,
        company_name=company,
        vat_number=vat_number(rng, city.country),
        joined_days_ago=rng.randint(0, 3 * 365),
    )
