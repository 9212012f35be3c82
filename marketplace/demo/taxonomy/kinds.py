"""The shapes of the demo taxonomy's entries: a category with its skills and the certificates
that evidence them, each with its Swedish name and synonyms from vocabulary.py."""

from dataclasses import dataclass

from ..vocabulary import CATEGORY_TERMS, CERTIFICATE_TERMS, SKILL_TERMS


class _Named:
    """The Swedish name and synonyms of a taxonomy entry, from vocabulary.py."""

    @property
    def name_sv(self) -> str:
        return self._terms().name_sv

    @property
    def synonyms(self) -> tuple[str, ...]:
        return self._terms().synonyms


@dataclass(frozen=True)
class SkillData(_Named):
    name: str
    slug: str
    role: str
    does: str
    description: str
    rate_sek: tuple[int, int] | None = None

    def _terms(self):
        return SKILL_TERMS[self.slug]


@dataclass(frozen=True)
class CertificateKind(_Named):
    name: str
    issuer: str
    skills: tuple[str, ...] = ()
    valid_years: int | None = None
    country: str = "SE"

    def _terms(self):
        return CERTIFICATE_TERMS[self.name]


@dataclass(frozen=True)
class CategoryData(_Named):
    name: str
    slug: str
    description: str
    field: str  # how a bio names the line of work: "in the trade", "in healthcare"
    rate_sek: tuple[int, int]
    weight: int  # share of demo freelancers whose main skill is in this category
    skills: tuple[SkillData, ...]
    certificates: tuple[CertificateKind, ...]
    closing_lines: tuple[str, ...]  # one of these may end a bio

    def _terms(self):
        return CATEGORY_TERMS[self.slug]
