"""The competence passport's demo data: a document type (CompetenceTemplate) for each of the
taxonomy's certificate kinds, the documents the demo freelancer holds, and those of the
generated freelancers (about half of them hold a certificate that proves one of their
skills), so that profiles and cards show verified skills as they would on a live site. Plain
data and pure functions; seed writes them."""

import io
import random
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from .generate import MemberSpec
from .logins import DEMO_FREELANCER
from .taxonomy import CATEGORIES, CertificateKind, certificates_for
from .text import demo_slug

# Of the generated freelancers whose skills a certificate proves, the share who hold one.
VERIFIED_SHARE = 0.6
# Of those, the share who also hold a safety course or card of their line of work.
SAFETY_SHARE = 0.5


@dataclass(frozen=True)
class TemplateSpec:
    name: str
    slug: str
    description: str
    issuing_bodies: tuple[str, ...]
    skills: tuple[str, ...]  # skill slugs
    valid_years: int | None
    name_sv: str
    synonyms: tuple[str, ...]
    description_sv: str = ""

    @property
    def default_validity_months(self) -> int | None:
        return self.valid_years * 12 if self.valid_years else None


def _description(kind: CertificateKind, valid_years: int | None) -> str:
    where = f"Issued in Sweden by {kind.issuer}." if kind.country == "SE" else f"Issued by {kind.issuer}."
    if valid_years:
        return f"{where} Valid for {valid_years} years; renew it before it runs out."
    return f"{where} Enter the expiry date if the document has one."


def _description_sv(kind: CertificateKind, valid_years: int | None) -> str:
    where = f"Utfärdas i Sverige av {kind.issuer}." if kind.country == "SE" else f"Utfärdas av {kind.issuer}."
    if valid_years:
        return f"{where} Gäller i {valid_years} år; förnya handlingen innan den går ut."
    return f"{where} Ange sista giltighetsdag om handlingen har en."


def template_specs() -> list[TemplateSpec]:
    """One document type per certificate name. A certificate that several lines of work list
    (the machine operator certificate, say) becomes one type evidencing all their skills; one
    that names no skills (a safety course, a card, a background check) evidences none, so its
    documents verify no skill on a profile."""
    kinds: dict[str, list[CertificateKind]] = {}
    skills: dict[str, dict[str, None]] = {}
    for category in CATEGORIES:
        for kind in category.certificates:
            kinds.setdefault(kind.name, []).append(kind)
            skills.setdefault(kind.name, {}).update(dict.fromkeys(kind.skills))
    specs = []
    for name, same_name in kinds.items():
        first = same_name[0]
        valid_years = next((kind.valid_years for kind in same_name if kind.valid_years), None)
        specs.append(TemplateSpec(
            name=name, slug=demo_slug(name)[:130], description=_description(first, valid_years),
            issuing_bodies=tuple(dict.fromkeys(kind.issuer for kind in same_name)),
            skills=tuple(skills[name]), valid_years=valid_years, name_sv=first.name_sv, synonyms=first.synonyms,
            description_sv=_description_sv(first, valid_years),
        ))
    return specs


@dataclass(frozen=True)
class DemoDocument:
    template: str  # certificate name
    credential_number: str
    issued_days_ago: int


# What the demo freelancer's bio says she holds: the welder qualification proves her welding;
# the safety courses and the ID06 card prove no skill (her roofing stays unverified).
DEMO_FREELANCER_DOCUMENTS = (
    DemoDocument("Welder qualification (EN ISO 9606-1)", "SE-9606-GBG-48213", 310),
    DemoDocument("Hot work certificate (Heta arbeten)", "HA-2025-118734", 420),
    DemoDocument("Fall protection (Fallskydd)", "FS-GBG-77120", 150),
    DemoDocument("ID06 card", "ID06-7731-0459", 380),
)
DEMO_DOCUMENTS_OWNER = DEMO_FREELANCER


@cache
def _specs_by_name() -> dict[str, "TemplateSpec"]:
    return {spec.name: spec for spec in template_specs()}


def freelancer_documents(seed: int, number: int, member: MemberSpec) -> tuple[DemoDocument, ...]:
    """The approved documents generated freelancer `number` holds: for VERIFIED_SHARE of those
    whose skills a certificate of their country proves, one or two such certificates, now and
    then with a safety course or card of their line of work; each issued long enough ago to look
    lived-in and still valid today. Drawn from a generator of its own, so the member's other
    data stay as they were."""
    rng = random.Random(f"valund-demo:{seed}:documents:{number}")
    held = {skill.slug for skill in member.skills}
    relevant = certificates_for(sorted(held), country=member.country)
    proving = [kind for kind in relevant if held & set(kind.skills)]
    if not proving or rng.random() >= VERIFIED_SHARE:
        return ()
    chosen = rng.sample(proving, min(len(proving), rng.choice((1, 1, 2))))
    safety = [kind for kind in relevant if not kind.skills]
    if safety and rng.random() < SAFETY_SHARE:
        chosen.append(rng.choice(safety))
    documents = []
    for kind in chosen:
        valid_years = _specs_by_name()[kind.name].valid_years
        longest = valid_years * 365 - 60 if valid_years else 365 * max(1, min(member.years_experience or 1, 10))
        initials = "".join(word[0] for word in kind.name.split()[:3] if word[0].isalnum()).upper()
        documents.append(DemoDocument(kind.name, f"{initials}-{rng.randint(100000, 999999)}",
                                      rng.randint(30, max(31, longest))))
    return tuple(documents)


def add_years(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def document_dates(document: DemoDocument, spec: TemplateSpec, *, today: date) -> tuple[date, date | None]:
    issued = today - timedelta(days=document.issued_days_ago)
    return issued, add_years(issued, spec.valid_years) if spec.valid_years else None


def _pdf_text(text: str) -> bytes:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return escaped.encode("latin-1", "replace")


def demo_pdf(*lines: str) -> bytes:
    """A small, complete one-page PDF showing `lines`: what a scanned certificate would be,
    enough to pass the upload checks and to open in the review screen."""
    text = b" ".join(
        b"BT /F1 12 Tf 40 %d Td (%s) Tj ET" % (250 - 20 * number, _pdf_text(line))
        for number, line in enumerate(lines)
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 420 297] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()
