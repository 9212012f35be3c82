"""A small, fixed world for search tests: a handful of freelancers in real Swedish cities,
with skills, languages, rates and passport documents chosen so that each filter and the
ranking have something to tell apart."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from marketplace.accounts.models import Language, Profile, Skill, SkillCategory, User, UserSkill
from marketplace.passport.models import CompetenceDocument, CompetenceTemplate
from marketplace.search import services
from marketplace.search.models import SearchAnalytics

STOCKHOLM = (59.329323, 18.068581)
UPPSALA = (59.858562, 17.638927)
GOTEBORG = (57.708870, 11.974560)

LONG_BIO = (
    "I have welded pressure vessels, steel frames and ship hulls for twelve years, on yards and building "
    "sites across western Sweden. I hold a hot work certificate and work safely with gas and arc welding. "
    "Jag har lång erfarenhet av svetsning."
)


@dataclass
class SearchWorld:
    """Users by short name, plus the taxonomy they were built from."""

    members: dict[str, User]
    skills: dict[str, Skill]
    languages: dict[str, Language]
    hot_work: CompetenceTemplate

    def profile(self, name: str) -> Profile:
        return self.members[name].profile


def give_skills(profile: Profile, *skills: Skill, level=UserSkill.Level.ADVANCED, years=5) -> None:
    for skill in skills:
        UserSkill.objects.create(profile=profile, skill=skill, level=level, years=years)


def approved_document(owner: User, template: CompetenceTemplate, *skills: Skill, expiry_date=None,
                      status=CompetenceDocument.Status.APPROVED) -> CompetenceDocument:
    """A passport document as the review would leave it (the passport's services are tested
    elsewhere; here only the outcome matters)."""
    document = CompetenceDocument.objects.create(
        owner=owner, template=template, title=template.name, issuer="Brandskyddsföreningen",
        issue_date=datetime.date(2020, 1, 1), expiry_date=expiry_date, status=status,
    )
    document.skills.set(skills)
    return document


@pytest.fixture
def search_taxonomy(db):
    construction = SkillCategory.objects.create(name="Construction", slug="construction")
    it = SkillCategory.objects.create(name="IT", slug="it")
    skills = {
        "welding": Skill.objects.create(name="Welding", slug="welding", category=construction),
        "carpentry": Skill.objects.create(name="Carpentry", slug="carpentry", category=construction),
        "electrical": Skill.objects.create(name="Electrical installation", slug="electrical",
                                           category=construction),
        "python": Skill.objects.create(name="Python", slug="python", category=it),
    }
    languages = {
        code: Language.objects.create(code=code, name=name)
        for code, name in (("sv", "Swedish"), ("en", "English"), ("de", "German"))
    }
    hot_work = CompetenceTemplate.objects.create(name="Hot work certificate", slug="hot-work")
    hot_work.skills.set([skills["welding"]])
    return skills, languages, hot_work


@pytest.fixture
def search_world(make_member, search_taxonomy) -> SearchWorld:
    """
    astrid  Göteborg, welder, verified hot work (welding), SEK 650/h, now, sv+en, 12 years, complete
    frida   Göteborg, metal worker whose bio mentions welding, welding skill, SEK 550/h, from +10 days, sv
    bengt   Stockholm, welder, hot work certificate expired, SEK 600/h, from +40 days, sv
    carl    Göteborg, carpenter, SEK 500/h, not available, sv+de
    dana    Uppsala, Python developer, EUR 90/h, now, en
    erik    no city or coordinates, "Svetsare och elektriker", welding + electrical, no rate, now, sv
    Not public (never found): hidden (hidden profile), unverified (email), client (a client).
    """
    skills, languages, hot_work = search_taxonomy
    today = timezone.localdate()

    def freelancer(name, city, coordinates, **fields):
        latitude, longitude = (Decimal(f"{c:.6f}") for c in coordinates) if coordinates else (None, None)
        return make_member(name=name, city=city, country="SE" if city else "", latitude=latitude,
                           longitude=longitude, **fields)

    members = {
        "astrid": freelancer("Astrid Lindqvist", "Göteborg", GOTEBORG, headline="Certified welder", bio=LONG_BIO,
                             hourly_rate=65000, currency="SEK", years_experience=12),
        "frida": freelancer("Frida Ek", "Göteborg", GOTEBORG, headline="Metal worker",
                            bio="Sheet metal and some welder jobs.", hourly_rate=55000, currency="SEK",
                            availability=Profile.Availability.AVAILABLE_FROM,
                            available_from=today + datetime.timedelta(days=10), years_experience=3),
        "bengt": freelancer("Bengt Svensson", "Stockholm", STOCKHOLM, headline="Welder in Stockholm",
                            hourly_rate=60000, currency="SEK", availability=Profile.Availability.AVAILABLE_FROM,
                            available_from=today + datetime.timedelta(days=40), years_experience=8),
        "carl": freelancer("Carl Nilsson", "Göteborg", GOTEBORG, headline="Carpenter", hourly_rate=50000,
                           currency="SEK", availability=Profile.Availability.NOT_AVAILABLE, years_experience=20),
        "dana": freelancer("Dana Berg", "Uppsala", UPPSALA, headline="Python developer", hourly_rate=9000,
                           currency="EUR", years_experience=6),
        "erik": freelancer("Erik Holm", "", None, headline="Svetsare och elektriker",
                           bio="Elektrikern som också svetsar."),
        "hidden": freelancer("Hilda Dold", "Göteborg", GOTEBORG, headline="Welder",
                             visibility=Profile.Visibility.HIDDEN),
        "unverified": make_member(name="Ulf Overifierad", verified=False, city="Göteborg", headline="Welder"),
        "client": make_member(User.Role.CLIENT, name="Welding Göteborg AB", city="Göteborg", headline="Welder"),
    }
    give_skills(members["astrid"].profile, skills["welding"], level=UserSkill.Level.EXPERT, years=12)
    give_skills(members["frida"].profile, skills["welding"], years=3)
    give_skills(members["bengt"].profile, skills["welding"], years=8)
    give_skills(members["carl"].profile, skills["carpentry"], years=20)
    give_skills(members["dana"].profile, skills["python"], years=6)
    give_skills(members["erik"].profile, skills["welding"], skills["electrical"], years=4)
    give_skills(members["hidden"].profile, skills["welding"])
    give_skills(members["unverified"].profile, skills["welding"])
    members["astrid"].profile.languages.set([languages["sv"], languages["en"]])
    members["frida"].profile.languages.set([languages["sv"]])
    members["bengt"].profile.languages.set([languages["sv"]])
    members["carl"].profile.languages.set([languages["sv"], languages["de"]])
    members["dana"].profile.languages.set([languages["en"]])
    members["erik"].profile.languages.set([languages["sv"]])

    approved_document(members["astrid"], hot_work, skills["welding"])
    approved_document(members["bengt"], hot_work, skills["welding"], expiry_date=today - datetime.timedelta(days=1))
    approved_document(members["hidden"], hot_work, skills["welding"])

    # The fixture's transaction never commits, so the receivers' on_commit work does not run.
    services.rebuild()
    return SearchWorld(members=members, skills=skills, languages=languages, hot_work=hot_work)


# Saved searches (test_saved_searches.py, test_saved_search_alerts.py,
# test_saved_search_unsubscribe.py): welders the search finds for "welder".


@pytest.fixture
def make_welder(make_member):
    """A public freelancer the search finds for "welder", indexed as the receivers would after commit."""

    def make(name, **fields):
        user = make_member(User.Role.FREELANCER, name=name, headline="Certified welder", city="Göteborg", **fields)
        services.index_profile(user.profile.pk)
        return user

    return make


@pytest.fixture
def astrid(make_welder):
    return make_welder("Astrid Lindqvist")


# The results page (test_views.py, test_views_htmx.py, test_views_bad_input.py).


@pytest.fixture
def directory_world(page_tree, search_world):
    """The search world under the live page tree; the directory shows 2 freelancers a page."""
    return search_world


# The search box's suggestions (test_suggest.py, test_suggest_views.py): a taxonomy named in
# both languages with synonyms, and searches recorded as visitors make them.


@pytest.fixture
def vocabulary(db):
    trades = SkillCategory.objects.create(name="Construction", slug="construction", name_sv="Bygg")
    it = SkillCategory.objects.create(name="IT", slug="it")
    skills = {
        "welding": Skill.objects.create(name="Welding", name_sv="Svetsning", slug="welding", category=trades,
                                        synonyms="svetsare\nMIG-svetsare\nwelder"),
        "electrical": Skill.objects.create(name="Electrical installation", name_sv="Elinstallation",
                                           slug="electrical", category=trades, synonyms="elektriker\nelectrician"),
        "painting": Skill.objects.create(name="Painting", name_sv="Målning", slug="painting", category=trades,
                                         synonyms="målare\npainter"),
        "web": Skill.objects.create(name="Web development", name_sv="Webbutveckling", slug="web", category=it,
                                    synonyms="webbutvecklare"),
        "csharp": Skill.objects.create(name="C# development", name_sv="C#-utveckling", slug="csharp", category=it,
                                       synonyms="C#\n.NET"),
        "python": Skill.objects.create(name="Python", slug="python", category=it),
        "django": Skill.objects.create(name="Python web frameworks", slug="django", category=it,
                                       synonyms="Django"),
    }
    return skills


def searched(query, *, by, results=5, days_ago=0, member=None):
    when = timezone.now() - datetime.timedelta(days=days_ago)
    for searcher in by:
        SearchAnalytics.objects.create(query=query, result_count=results, visitor_hash=searcher,
                                       member=member, created_at=when)
