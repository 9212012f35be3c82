"""The demo taxonomy's Swedish names and synonyms (demo/vocabulary/), and seed_demo
writing them: on a new database, and on one seeded before they existed."""

from io import StringIO

import pytest
from django.core.management import call_command

from marketplace.accounts.models import Profile, Skill, SkillCategory
from marketplace.core.vocabulary import fold
from marketplace.demo import vocabulary
from marketplace.demo.passport import template_specs
from marketplace.demo.taxonomy import CATEGORIES
from marketplace.passport.models import CompetenceTemplate
from marketplace.search.query import SearchParams
from marketplace.search.selectors import search

SKILLS = [skill for category in CATEGORIES for skill in category.skills]
CERTIFICATES = {kind.name: kind for category in CATEGORIES for kind in category.certificates}


def seed() -> None:
    call_command("seed_demo", freelancers=40, clients=2, seed=2026, force=True, quiet=True, stdout=StringIO())


def public_holders(slug: str) -> set[int]:
    return set(Profile.objects.for_public_display().filter(skills__skill__slug=slug).values_list("pk", flat=True))


def found(q: str) -> set[int]:
    """The profiles whose entry's text has the words (literal: the words as typed, no skill lookup)."""
    return {profile.pk for profile in search(SearchParams(q=q, literal=True), per_page=100).profiles}


def test_every_category_skill_and_certificate_has_a_swedish_name_and_synonyms():
    for entry in (*CATEGORIES, *SKILLS, *CERTIFICATES.values()):
        assert entry.name_sv.strip(), entry.name
        assert entry.synonyms and all(synonym.strip() == synonym and synonym for synonym in entry.synonyms), entry.name
        names = {fold(entry.name), fold(entry.name_sv)}
        assert not names & {fold(synonym) for synonym in entry.synonyms}, entry.name
        assert len({fold(synonym) for synonym in entry.synonyms}) == len(entry.synonyms), entry.name


def test_the_vocabulary_covers_exactly_the_taxonomy():
    assert set(vocabulary.CATEGORY_TERMS) == {category.slug for category in CATEGORIES}
    assert set(vocabulary.SKILL_TERMS) == {skill.slug for skill in SKILLS}
    assert set(vocabulary.CERTIFICATE_TERMS) == set(CERTIFICATES)


# Job titles that name two skills on purpose: the search finds the holders of either.
PROGRAMMING = {"python", "django", "typescript", "react", "java", "dotnet", "cpp", "mobile-development"}
SHARED_TITLES = {
    **{fold(title): {"react", "typescript"}
       for title in ("frontendutvecklare", "frontend-utvecklare", "frontend developer", "front-end developer")},
    **{fold(title): {"python", "django", "java", "dotnet"}
       for title in ("backendutvecklare", "backend-utvecklare", "backend developer", "back-end developer")},
    **{fold(title): PROGRAMMING
       for title in ("systemutvecklare", "mjukvaruutvecklare", "programmerare", "utvecklare", "software developer",
                     "software engineer", "programmer")},
    fold("vårdbiträde"): {"assistant-nursing", "elderly-care"},
    fold("byggledare"): {"site-management", "construction-project-management"},
}


def test_a_word_names_one_skill_or_trade_only():
    owners: dict[str, set[str]] = {}
    for entry in (*CATEGORIES, *SKILLS):
        for term in (entry.name, entry.name_sv, *entry.synonyms):
            owners.setdefault(fold(term), set()).add(entry.slug)
    assert {term: slugs for term, slugs in owners.items() if len(slugs) > 1} == SHARED_TITLES


@pytest.mark.parametrize(("term", "slug"), [
    ("svetsare", "welding"), ("MIG-svetsare", "welding"), ("MIG/MAG", "welding"), ("welder", "welding"),
    ("TIG-svetsare", "tig-welding"), ("elektriker", "electrical-installation"),
    ("elinstallatör", "electrical-installation"), ("snickare", "carpentry"), ("byggsnickare", "carpentry"),
    ("carpenter", "carpentry"), ("rörmokare", "plumbing"), ("rörläggare", "plumbing"), ("VVS-montör", "plumbing"),
    ("VVS", "plumbing"), ("plumber", "plumbing"), ("målare", "painting"), ("byggnadsmålare", "painting"),
    ("painter", "painting"), ("C#", "dotnet"), (".NET", "dotnet"), ("dotnet", "dotnet"), ("Node.js", "typescript"),
    ("nodejs", "typescript"), ("BIM", "bim-coordination"), ("Revit", "bim-coordination"),
    ("sjuksköterska", "registered-nurse"), ("undersköterska", "assistant-nursing"),
    ("truckförare", "forklift-operation"), ("lastbilschaufför", "truck-driving"),
    ("C++", "cpp"), ("C++-utvecklare", "cpp"), ("HVAC technician", "hvac-installation"), ("HVAC", "hvac-installation"),
    ("ventilationstekniker", "hvac-installation"), ("VVS-tekniker", "hvac-installation"),
    ("frontend developer", "typescript"), ("front-end developer", "typescript"), ("frontendutvecklare", "typescript"),
])
def test_the_words_people_type_name_the_right_skill(term, slug):
    skill = next(skill for skill in SKILLS if skill.slug == slug)
    assert fold(term) in {fold(name) for name in (skill.name, skill.name_sv, *skill.synonyms)}


@pytest.mark.parametrize("term", ["F-gas", "F-gascertifikat", "köldmedia", "köldmediecertifikat"])
def test_the_refrigerant_certificate_is_named_as_people_type_it(term):
    words = CERTIFICATES["Refrigerant handling certificate (F-gas)"]
    assert fold(term) in {fold(name) for name in (words.name_sv, *words.synonyms)}


def test_document_type_specs_carry_the_certificates_words():
    for spec in template_specs():
        assert (spec.name_sv, spec.synonyms) == (CERTIFICATES[spec.name].name_sv, CERTIFICATES[spec.name].synonyms)


@pytest.mark.django_db
class TestSeeding:
    def test_seed_writes_every_swedish_name_and_synonym(self):
        seed()

        welding = Skill.objects.get(slug="welding")
        assert welding.name_sv == "Svetsning (MIG/MAG)"
        assert {"svetsare", "MIG-svetsare", "welder"} <= set(welding.synonym_list)
        assert not Skill.objects.filter(name_sv="").exists()
        assert not Skill.objects.filter(synonyms="").exists()
        assert not SkillCategory.objects.filter(name_sv="").exists()
        assert not CompetenceTemplate.objects.filter(name_sv="").exists()
        assert CompetenceTemplate.objects.get(slug="hot-work-certificate-heta-arbeten").name_sv == "Heta arbeten"

    def test_the_seeded_words_find_the_demo_holders(self):
        seed()

        welders = public_holders("welding")
        assert welders
        assert found("svetsare") >= welders
        assert found("MIG-svetsare") >= welders

    def test_a_rerun_gives_an_older_database_the_words_and_keeps_the_editors(self):
        seed()
        Skill.objects.update(name_sv="", synonyms="")  # as seeded before the vocabulary existed
        SkillCategory.objects.update(name_sv="", synonyms="")
        CompetenceTemplate.objects.update(name_sv="", synonyms="")
        Skill.objects.filter(slug="carpentry").update(name_sv="Träarbete", synonyms="timmerman")

        seed()

        carpentry = Skill.objects.get(slug="carpentry")
        assert carpentry.name_sv == "Träarbete"  # the editor's
        assert carpentry.synonym_list[0] == "timmerman" and "snickare" in carpentry.synonym_list
        assert Skill.objects.get(slug="welding").name_sv == "Svetsning (MIG/MAG)"
        assert not SkillCategory.objects.filter(name_sv="").exists()
        assert not CompetenceTemplate.objects.filter(synonyms="").exists()
        assert public_holders("carpentry") and found("snickare") >= public_holders("carpentry")
