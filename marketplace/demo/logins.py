"""The accounts a visitor logs in with to try the site, and the freelancers the home page
features. Always the same people, whatever the seed."""

from datetime import date
from decimal import Decimal

from marketplace.accounts.models import Profile, User

from .generate import DEMO_DOMAIN, MemberSpec, SkillSpec, freelancer, luhn_digit
from .text import demo_slug

DEMO_PASSWORD = "valund-demo-2026"  # noqa: S105 -- published on purpose, for demo logins only


def _named(email: str, role: str, first: str, last: str, display_name: str, **fields) -> MemberSpec:
    return MemberSpec(email=email, role=role, first_name=first, last_name=last, display_name=display_name,
                      slug_base=demo_slug(display_name), slug_suffix="demo", **fields)


DEMO_FREELANCER = _named(
    f"freelancer@{DEMO_DOMAIN}", User.Role.FREELANCER, "Sara", "Nyström", "Sara Nyström",
    headline="Certified welder and sheet metal worker · 12 years' experience",
    bio=(
        "I'm a welder based in Göteborg, with 12 years in the trade. I weld structural steel, beams and brackets "
        "with MIG/MAG and stick, working from drawings and WPS, and TIG-weld stainless steel for the food "
        "industry. I also fabricate and fit flashings and cladding in sheet metal.\n\n"
        "Certificates: Welder qualification (EN ISO 9606-1), Hot work certificate (Heta arbeten), fall protection "
        "(Fallskydd), ID06 card. "
        "I work in Swedish, English and Finnish. I bring my own tools and a van."
    ),
    bio_sv=(
        "Jag är svetsare i Göteborg och har tolv år i yrket. Jag svetsar konstruktionsstål, balkar och konsoler "
        "med MIG/MAG och elektrod efter ritning och WPS, och TIG-svetsar rostfritt för livsmedelsindustrin. "
        "Jag tillverkar och monterar också beslag och fasadplåt.\n\n"
        "Intyg i mitt kompetenspass: svetsarprövning (EN ISO 9606-1), Heta arbeten, Fallskydd och ID06-kort. "
        "Jag arbetar på svenska, engelska och finska. Egna verktyg och egen bil."
    ),
    city="Göteborg", country="SE", latitude=Decimal("57.706812"), longitude=Decimal("11.966120"),
    languages=("sv", "en", "fi"),
    skills=(SkillSpec("welding", 4, 12), SkillSpec("tig-welding", 3, 8), SkillSpec("sheet-metal-work", 3, 6),
            SkillSpec("roofing", 2, 3)),
    years_experience=12, hourly_rate=62000, currency="SEK", hours_per_week=40, joined_days_ago=420,
)
DEMO_CLIENT = _named(
    f"client@{DEMO_DOMAIN}", User.Role.CLIENT, "Johan", "Ek", "Nordbygg Väst AB",
    headline="Building contractor in Göteborg",
    bio=(
        "Nordbygg Väst AB is a building contractor in Göteborg with around 40 employees, working on housing "
        "and commercial buildings in western Sweden. We book freelance welders, electricians and scaffolders "
        "to cover peaks in the order book.\n\nContact: Johan Ek."
    ),
    city="Göteborg", country="SE", latitude=Decimal("57.712190"), longitude=Decimal("11.941740"),
    company_name="Nordbygg Väst AB", vat_number=f"SE556712345{luhn_digit('556712345')}01", joined_days_ago=510,
)
DEMO_ADMIN = _named(
    f"admin@{DEMO_DOMAIN}", User.Role.ADMIN, "Valund", "Staff", "Valund Staff",
    headline="", bio="", city="Stockholm", country="SE", latitude=None, longitude=None,
    visibility=Profile.Visibility.HIDDEN,
)


def _staff(email: str, first: str, last: str, groups: tuple[str, ...]) -> MemberSpec:
    return _named(email, User.Role.ADMIN, first, last, f"{first} {last}", headline="", bio="", city="Stockholm",
                  country="SE", latitude=None, longitude=None, visibility=Profile.Visibility.HIDDEN, groups=groups)


# Staff who are not superusers, one per kind of staff work (docs/staff.md), with the demo
# password: like every staff account they must set up TOTP at their first visit to /admin/.
DEMO_STAFF = (
    _staff(f"editor@{DEMO_DOMAIN}", "Elin", "Editor", ("Editors",)),
    _staff(f"moderator@{DEMO_DOMAIN}", "Maja", "Moderator", ("Moderators", "Passport reviewers")),
    _staff(f"support@{DEMO_DOMAIN}", "Sam", "Support", ("Support",)),
)
NAMED_ACCOUNTS = (DEMO_FREELANCER, DEMO_CLIENT, DEMO_ADMIN, *DEMO_STAFF)


def featured_freelancers(seed: int, freelancers: int, *, today: date, count: int = 6) -> list[str]:
    """Emails of the freelancers the home page features: the demo freelancer, then the first
    public ones of other lines of work, so the front page shows the breadth of the market."""
    chosen = [DEMO_FREELANCER.email]
    categories = {DEMO_FREELANCER.category}
    spare = []
    for number in range(1, min(freelancers, 500) + 1):
        if len(chosen) == count:
            break
        spec = freelancer(seed, number, today=today)
        if spec.visibility != Profile.Visibility.PUBLIC:
            continue
        if spec.category in categories:
            spare.append(spec.email)
        else:
            categories.add(spec.category)
            chosen.append(spec.email)
    return (chosen + spare)[:count]
