"""The demo skills taxonomy: categories, skills, and the certificates that evidence them.

Each skill carries what its holder is called (`role`, written as it reads mid-sentence) and
what they do in the first person (`does`, completing "I ..."), from which the generator
composes headlines and bios. Rates are typical freelance hourly rates in whole SEK,
excluding VAT; a skill's own range wins over its category's.

The certificates are plain data for now: the competence passport issue turns them into
CompetenceTemplate rows. `skills` names the skills a certificate proves: a qualification,
licence or authorisation in the trade. A certificate that names none proves no skill: a
safety course (hot work, fall protection, lifts, electrical safety), a card (ID06, the
tachograph card) or a background check, which the whole line of work asks for and bios
mention, but whose documents verify nothing on a profile. `valid_years` is the fixed validity
where the certificate has one (ISO 9606-1's three years to requalification, a licence's five,
a safety course's renewal); `country` is where it is issued, empty for international
certifications.

Every category, skill and certificate also has a Swedish name and synonyms (`name_sv`,
`synonyms`), kept in vocabulary.py beside this package. One module per category; kinds.py
holds their shapes.
"""

from .construction import CONSTRUCTION
from .engineering import ENGINEERING
from .healthcare import HEALTHCARE
from .industry import INDUSTRY
from .it import IT
from .kinds import CategoryData, CertificateKind, SkillData
from .logistics import LOGISTICS

__all__ = [
    "CATEGORIES", "CATEGORY_OF_SKILL", "CERTIFICATES_BY_SKILL", "CONSTRUCTION", "ENGINEERING", "HEALTHCARE",
    "INDUSTRY", "IT", "LOGISTICS", "RELATED_CATEGORIES", "SKILLS_BY_SLUG", "CategoryData", "CertificateKind",
    "SkillData", "certificates_for",
]

CATEGORIES: tuple[CategoryData, ...] = (CONSTRUCTION, ENGINEERING, IT, HEALTHCARE, LOGISTICS, INDUSTRY)

# Secondary skills now and then come from a neighbouring line of work.
RELATED_CATEGORIES: dict[str, tuple[str, ...]] = {
    "construction": ("industry", "logistics"),
    "engineering": ("construction", "it"),
    "it": ("engineering",),
    "healthcare": (),
    "logistics": ("construction", "industry"),
    "industry": ("engineering", "construction"),
}

SKILLS_BY_SLUG: dict[str, SkillData] = {skill.slug: skill for category in CATEGORIES for skill in category.skills}
CATEGORY_OF_SKILL: dict[str, CategoryData] = {
    skill.slug: category for category in CATEGORIES for skill in category.skills
}


def _certificates_by_skill() -> dict[str, tuple[CertificateKind, ...]]:
    return {
        skill.slug: tuple(c for c in category.certificates if not c.skills or skill.slug in c.skills)
        for category in CATEGORIES
        for skill in category.skills
    }


CERTIFICATES_BY_SKILL = _certificates_by_skill()


def certificates_for(skill_slugs, *, country: str | None = None) -> list[CertificateKind]:
    """The certificates that prove any of these skills or that their whole line of work asks
    for (those naming no skills); with a
    country, only those issued there or international ones."""
    found = {}
    for slug in skill_slugs:
        for certificate in CERTIFICATES_BY_SKILL[slug]:
            if country is None or certificate.country in ("", country):
                found.setdefault(certificate.name, certificate)
    return list(found.values())
