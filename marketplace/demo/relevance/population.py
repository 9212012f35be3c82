"""Who is in the relevance data set (`people()`), the same list on every run:
  * hand-written profiles (SPECIALS) for the searches the issue saw fail: a surveyor in
    Göteborg whose bio is full of welders, an energy consultant whose bio reads "class C" and
    "#energy", a painter and a site manager who name other trades in passing, a nurse called
    Snickars, a Python developer who once wrote C# and C++, people whose names need their
    accents (Åsa Öberg, Jukka Mäkinen, Søren Møller, Zeynep Yılmaz), a hidden welder and one
    with an unverified email address (never found);
  * a planned grid: two of each core trade (welder, electrician, plumber, carpenter, painter)
    in each of ten cities (PLAN), and a few more for the sentences in the judgement list;
  * BACKGROUND people drawn from every line of work and place, each from its own
    random.Random seeded by its number.
Bios are English or, for about half of those in Sweden with a trade we have Swedish words
for, Swedish (SWEDISH); some name other trades in passing. About 45 % hold an approved
passport document that proves their main skill, a few wait for review, 65 % are rated.
Dates are relative (days from `today`), so the data set is the same whichever day it runs."""

import random
from decimal import Decimal

from marketplace.accounts.models import Profile

from ..people import COUNTRIES, NAME_GROUPS
from ..taxonomy import CATEGORY_OF_SKILL, SKILLS_BY_SLUG
from ..text import capfirst, plural, with_article
from .person import CITY, Held, Person

SEED = 17
BACKGROUND = 170
CORE_TRADES = ("welding", "electrical-installation", "plumbing", "carpentry", "painting")
KEY_CITIES = ("Stockholm", "Göteborg", "Malmö", "Uppsala", "Västerås", "Örebro", "Jönköping", "Umeå", "Oslo",
              "Helsinki")
# (skill, city, how many): the grid, and people the sentences in the judgement list ask for.
PLAN = (
    *((trade, city, 2) for trade in CORE_TRADES for city in KEY_CITIES),
    ("roofing", "Jönköping", 2), ("refrigeration-heat-pumps", "Umeå", 2), ("registered-nurse", "Helsinki", 2),
    ("registered-nurse", "Örebro", 2), ("truck-driving", "Umeå", 2), ("tiling", "Örebro", 2),
    ("tig-welding", "Göteborg", 1), ("react", "Stockholm", 2), ("hvac-installation", "Göteborg", 1),
    ("kubernetes", "Stockholm", 2), ("typescript", "Göteborg", 2), ("physiotherapy", "Malmö", 2),
    ("intensive-care-nursing", "Stockholm", 1), ("crane-operation", "Göteborg", 1),
)

# Where background people live, and their main skills (weights).
CITY_WEIGHTS = {
    "Stockholm": 14, "Göteborg": 12, "Malmö": 9, "Uppsala": 6, "Västerås": 5, "Örebro": 5, "Jönköping": 5,
    "Umeå": 5, "Linköping": 3, "Helsingborg": 2, "Lund": 2, "Södertälje": 2, "Borås": 2, "Luleå": 2, "Gävle": 2,
    "Oslo": 5, "Bergen": 2, "Helsinki": 5, "Espoo": 2, "Tampere": 2, "Copenhagen": 3, "Tallinn": 2,
}
SKILL_WEIGHTS = {
    "welding": 8, "tig-welding": 4, "electrical-installation": 8, "plumbing": 6, "carpentry": 8, "formwork": 3,
    "painting": 5, "tiling": 4, "roofing": 4, "hvac-installation": 4, "refrigeration-heat-pumps": 4,
    "scaffolding": 3, "concrete-work": 3, "site-management": 3, "sheet-metal-work": 3, "flooring": 3, "drywall": 2,
    "structural-engineering": 3, "electrical-design": 4, "bim-coordination": 4, "hvac-design": 3,
    "land-surveying": 4, "energy-consulting": 4, "welding-coordination": 3, "plc-automation": 3,
    "construction-project-management": 3,
    "python": 4, "django": 3, "typescript": 4, "react": 3, "java": 4, "dotnet": 5, "devops": 4, "kubernetes": 3,
    "data-engineering": 2, "machine-learning": 2, "cybersecurity": 2, "postgresql": 2, "ux-design": 2,
    "registered-nurse": 6, "intensive-care-nursing": 3, "assistant-nursing": 5, "physiotherapy": 4,
    "elderly-care": 3, "psychology": 2, "midwifery": 2,
    "truck-driving": 5, "forklift-operation": 3, "crane-operation": 3, "warehouse-operations": 3, "bus-driving": 2,
    "dangerous-goods-transport": 2,
    "cnc-machining": 3, "industrial-electrician": 4, "industrial-maintenance": 3, "hydraulics": 2,
}
FEMALE_SHARE = {"construction": 0.1, "engineering": 0.3, "it": 0.25, "healthcare": 0.85, "logistics": 0.12,
                "industry": 0.2}
LANGUAGE_OF_COUNTRY = {"SE": "sv", "NO": "no", "DK": "da", "FI": "fi", "EE": "et"}

# What a Swedish bio calls the holder of a skill (the word for one and for several is the same
# for the trades that other bios mention in passing) and what they do, completing "Jag …".
SWEDISH = {
    "welding": ("svetsare", "svetsar stålkonstruktioner, balkar och konsoler med MIG/MAG och elektrod efter "
                            "ritning och WPS"),
    "tig-welding": ("TIG-svetsare", "TIG-svetsar rostfritt och aluminium, även rör för livsmedels- och "
                                    "processindustrin"),
    "electrical-installation": ("elektriker", "drar el, belysning och elcentraler i bostäder, kontor och butiker"),
    "plumbing": ("rörmokare", "installerar vatten, avlopp och värme och gör våtrumsarbeten enligt Säker Vatten"),
    "carpentry": ("snickare", "bygger stommar, gör inredningsarbeten och monterar dörrar, fönster och kök"),
    "formwork": ("formsnickare", "bygger och river form för väggar, bjälklag och grunder"),
    "scaffolding": ("ställningsbyggare", "bygger, ändrar och river systemställningar på fasader och industrier"),
    "roofing": ("takläggare", "lägger och lagar tegel-, plåt- och papptak, med beslag och hängrännor"),
    "concrete-work": ("betongarbetare", "armerar, gjuter och glättar plattor, grunder och väggar"),
    "hvac-installation": ("ventilationsmontör", "monterar ventilationskanaler, aggregat och värmeåtervinning och "
                                                "injusterar luftflödena"),
    "refrigeration-heat-pumps": ("kyltekniker", "installerar och servar värmepumpar, kylaggregat och kylrum"),
    "painting": ("målare", "spacklar, grundar och målar invändigt och fasader, och sätter tapet"),
    "tiling": ("plattsättare", "tätskiktar och kaklar badrum, kök och golv enligt branschens våtrumsregler"),
    "drywall": ("gipsmontör", "reser regelväggar, undertak och gips, klart för målaren"),
    "sheet-metal-work": ("byggnadsplåtslagare", "tillverkar och monterar beslag, fasadplåt och hängrännor"),
    "flooring": ("golvläggare", "lägger vinyl, linoleum, parkett och laminat och avjämnar undergolvet"),
    "site-management": ("platschef", "leder byggen från dag till dag: planering, underentreprenörer, skyddsronder "
                                     "och överlämning"),
    "structural-engineering": ("konstruktör", "dimensionerar bärande konstruktioner i stål, betong och trä enligt "
                                              "Eurokod"),
    "electrical-design": ("elkonstruktör", "projekterar kraft, belysning och tele för byggnader i AutoCAD"),
    "bim-coordination": ("BIM-samordnare", "samordnar Revit- och IFC-modeller mellan disciplinerna och kör "
                                           "kollisionskontroller i Solibri"),
    "land-surveying": ("mätningsingenjör", "sätter ut byggnader och vägar och mäter in med GNSS och totalstation"),
    "energy-consulting": ("energikonsult", "gör energikartläggningar och energideklarationer och föreslår "
                                           "besparingar som lönar sig"),
    "registered-nurse": ("sjuksköterska", "tar pass på medicin-, kirurg- och akutavdelningar och i primärvården"),
    "assistant-nursing": ("undersköterska", "hjälper patienter med den dagliga omvårdnaden på avdelningar, "
                                            "äldreboenden och i hemtjänsten"),
    "elderly-care": ("vårdbiträde", "tar hand om äldre på äldreboenden och i hemtjänsten, med tålamod och respekt"),
    "physiotherapy": ("fysioterapeut", "bedömer och behandlar skador och långvarig smärta och planerar "
                                       "rehabiliteringen med patienten"),
    "truck-driving": ("lastbilschaufför", "kör distribution och fjärrtransporter med lastbil och släp och lastar "
                                          "och säkrar godset själv"),
    "forklift-operation": ("truckförare", "kör motviktstruck och skjutstativtruck på lager och terminaler"),
    "warehouse-operations": ("lagerarbetare", "plockar, packar, tar emot och skickar gods i WMS-styrda lager"),
    "crane-operation": ("kranförare", "kör mobil- och tornkranar och planerar lyften tillsammans med signalmannen"),
    "cnc-machining": ("CNC-operatör", "ställer och kör CNC-svarvar och fräsar och programmerar i Heidenhain och "
                                      "Fanuc"),
    "industrial-electrician": ("industrielektriker", "installerar och felsöker motorer, frekvensomriktare och "
                                                     "styrskåp i industrin"),
}
# Trades that other people's bios name in passing ("I often work alongside electricians").
MENTIONED_TRADES = ("welding", "electrical-installation", "plumbing", "carpentry", "painting", "tiling", "roofing")
MENTION_SHARE = 0.2
VERIFIED_SHARE = 0.45
PENDING_SHARE = 0.08
RATED_SHARE = 0.65
SWEDISH_BIO_SHARE = 0.5


def _certificates(slug: str, country: str) -> list[str]:
    """Document types that prove this skill in particular (not a whole line of work), issued
    in the country or internationally."""
    category = CATEGORY_OF_SKILL[slug]
    return [kind.name for kind in category.certificates if slug in kind.skills and kind.country in ("", country)]


# The hand-written people. Numbers 1-99 are theirs; the plan and the background follow.
SPECIALS: tuple[Person, ...] = (
    Person(1, "Astrid", "Lindqvist", "Göteborg", (Held("welding", 4, 12), Held("tig-welding", 3, 6)), "en",
           "Certified welder",
           "I have welded pressure vessels, steel frames and ship hulls for twelve years, on yards and building "
           "sites across western Sweden. I hold a hot work certificate and work safely with gas and arc welding.",
           years=12, documents=("Welder qualification (EN ISO 9606-1)", "Hot work certificate (Heta arbeten)"),
           rating=(Decimal("4.80"), 23), note="the welder a client in Göteborg hopes for"),
    Person(2, "Johan", "Sjöberg", "Göteborg", (Held("land-surveying", 4, 15),), "en",
           "Land surveyor in Göteborg",
           "Based in Göteborg, I set out steel frames and anchor bolts for welders and steel erectors, and survey "
           "as-built with GNSS and total stations. I have worked next to welding crews on most of the big sites in "
           "Göteborg, so I know what welders need from a setting-out.",
           years=15, rating=(Decimal("4.90"), 31), note="the surveyor that 'welder Göteborg' ranked first"),
    Person(3, "Karin", "Nyström", "Stockholm", (Held("energy-consulting", 4, 14),), "en",
           "Energy consultant · class C to class B",
           "Is your building stuck in energy class C? I carry out energy audits and energy performance "
           "certificates (class A-G) and suggest savings that pay back. C → B is usually within reach. "
           "#energy #sustainability #C02",
           years=14, documents=("Certified energy expert (Energiexpert)",), rating=(Decimal("4.90"), 40),
           note="the energy consultant that 'C#' found first"),
    Person(4, "Lars", "Persson", "Malmö", (Held("painting", 3, 9),), "en", "Painter and decorator in Malmö",
           "I paint flats and offices in Malmö. I coordinate with the electrician and the plumber so walls can be "
           "closed on time, and many of my jobs come through electricians and plumbers I have worked with.",
           years=9, rating=(Decimal("4.70"), 18), note="names electricians and plumbers in passing"),
    Person(5, "Per", "Olofsson", "Stockholm", (Held("site-management", 4, 20),), "en", "Site manager, housing",
           "I lead teams of carpenters, electricians, plumbers and welders on housing projects in Stockholm, from "
           "groundwork to handover.",
           years=20, rating=(Decimal("4.60"), 12), note="names four trades in passing"),
    Person(6, "Anna", "Snickars", "Uppsala", (Held("registered-nurse", 3, 7),), "sv", "Sjuksköterska i Uppsala",
           "Jag är sjuksköterska i Uppsala med 7 års erfarenhet. Jag tar pass på medicin- och akutavdelningar.",
           years=7, documents=("Nurse licence (Socialstyrelsen)",), rating=(Decimal("4.50"), 9),
           note="a nurse whose surname looks like 'snickare'"),
    Person(7, "Emil", "Lundgren", "Stockholm", (Held("python", 4, 11),), "en", "Python developer",
           "I build back ends and data tools in Python. Earlier I ported a C# desktop system and a C++ "
           "simulation to Python.",
           years=11, rating=(Decimal("4.40"), 6), note="mentions C# and C++ once"),
    Person(8, "Fredrik", "Holm", "Göteborg", (Held("welding-coordination", 4, 16),), "en", "Welding engineer (IWE)",
           "I write welding procedures, inspect welds and coordinate welding to EN ISO 3834 for workshops in "
           "Göteborg.",
           years=16, documents=("International Welding Engineer (IWE)",), rating=(Decimal("4.60"), 8),
           note="a welding engineer: related to welders, not one"),
    Person(9, "Hilda", "Dold", "Göteborg", (Held("welding", 3, 8),), "en", "Welder in Göteborg",
           "Welder in Göteborg with eight years on structural steel.", years=8,
           visibility=Profile.Visibility.HIDDEN, note="hidden: never shown"),
    Person(10, "Ulf", "Overifierad", "Göteborg", (Held("welding", 3, 6),), "sv", "Svetsare i Göteborg",
           "Svetsare i Göteborg.", years=6, email_verified=False, note="email address not verified: never shown"),
    Person(11, "Oskar", "Wallin", "Stockholm", (Held("electrical-installation", 4, 13),), "en",
           "Licensed electrician in Stockholm",
           "Licensed electrician with the Elsäkerhetsverket authorisation. Most of my work is kitchen and "
           "bathroom renovations in Stockholm flats: new circuits, lighting and distribution boards.",
           years=13, documents=("Electrical installation authorisation (Elsäkerhetsverket)",),
           rating=(Decimal("4.70"), 15), note="the electrician for a kitchen renovation in Stockholm"),
    Person(12, "Jukka", "Mäkinen", "Helsinki", (Held("electrical-installation", 3, 10),), "en",
           "Electrician in Helsinki", "Electrician in Helsinki: homes, offices and shops, from first fix to "
           "commissioning.", years=10, languages=("fi", "sv", "en"), note="a name typed without its accent"),
    Person(13, "Åsa", "Öberg", "Örebro", (Held("tiling", 4, 18),), "sv", "Plattsättare i Örebro",
           "Jag är plattsättare i Örebro med 18 års erfarenhet. Jag tätskiktar och kaklar badrum och kök.",
           years=18, documents=("Wet room authorisation (BKR)",), rating=(Decimal("4.80"), 20),
           note="a name typed without its accents"),
    Person(14, "Søren", "Møller", "Copenhagen", (Held("plumbing", 3, 9),), "en", "Plumber in Copenhagen",
           "Plumber in Copenhagen: water, waste and heating in renovations.", years=9, languages=("da", "en"),
           note="ø, which has no accent to strip"),
    Person(15, "Zeynep", "Yılmaz", "Stockholm", (Held("dotnet", 4, 9),), "en", "C# and .NET developer",
           "I build web APIs and business systems in C# and .NET, mostly for logistics companies.", years=9,
           rating=(Decimal("4.60"), 7), note="dotless ı, typed as i"),
    Person(16, "Björn", "Ångström", "Umeå", (Held("carpentry", 3, 11),), "sv", "Snickare i Umeå",
           "Jag är snickare i Umeå. Jag bygger stommar och monterar kök, dörrar och fönster.", years=11,
           note="a name typed without its accent"),
    Person(17, "Mikael", "Eklund", "Västerås", (Held("plc-automation", 4, 12), Held("cpp", 2, 6)), "en",
           "Automation engineer",
           "I program PLCs in TIA Portal and structured text, and write C++ tools for test rigs.", years=12,
           documents=("Siemens TIA Portal certification",), note="writes C++, holds it"),
    Person(18, "Sara", "Lind", "Linköping", (Held("cpp", 4, 7), Held("python", 3, 7), Held("mechanical-cad", 2, 3)),
           "en",
           "Embedded developer", "Embedded C++ and Python for machine controllers, and the CAD models that go "
           "with them.", years=7, note="writes C++, holds it"),
    Person(19, "Tobias", "Nyberg", "Jönköping", (Held("cnc-machining", 3, 9),), "en", "CNC machinist",
           "I set up and run CNC lathes and mills, and I write post-processors in C++.", years=9, note="writes C++"),
    Person(20, "Ahmed", "Haddad", "Göteborg", (Held("welding", 3, 7),), "sv", "Svetsare i Göteborg",
           "Jag är svetsare i Göteborg med 7 års erfarenhet. Jag svetsar balkar och konsoler med MIG/MAG.",
           years=7, pending=("Welder qualification (EN ISO 9606-1)",), note="his certificate waits for review"),
    Person(21, "Erik", "Johansson", "Stockholm", (Held("carpentry", 3, 10),), "en", "Carpenter in Stockholm",
           "Carpenter in Stockholm; I grew up and trained in Göteborg and still take jobs on the west coast now "
           "and then.", years=10, note="names Göteborg in passing"),
    Person(22, "Nils", "Bergström", "Borås", (Held("truck-driving", 3, 14),), "en", "Truck driver",
           "I drive daily distribution routes between Borås and Göteborg.", years=14,
           note="names Göteborg, lives in Borås"),
    Person(23, "Elin", "Sandberg", "Stockholm", (Held("react", 4, 8), Held("typescript", 4, 8)), "en",
           "React and TypeScript developer", "I build accessible, fast user interfaces in React and Next.js, "
           "typed with TypeScript.", years=8, rating=(Decimal("4.70"), 11), note="React and TypeScript"),
    Person(24, "Aino", "Virtanen", "Helsinki", (Held("intensive-care-nursing", 4, 12), Held("registered-nurse", 4, 12)),
           "en", "Intensive care nurse", "Intensive care nurse in Helsinki; I take night shifts and longer "
           "assignments.", years=12, documents=("Nurse licence (Socialstyrelsen)",), languages=("fi", "sv", "en"),
           note="a nurse in Helsinki for night shifts"),
)


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _name(rng: random.Random, country: str, female_share: float) -> tuple[str, str]:
    group = NAME_GROUPS[_pick(rng, COUNTRIES[country].names)]
    female = rng.random() < female_share
    first = rng.choice(group.female if female else group.male)
    last = rng.choice(group.last)
    if isinstance(last, tuple):
        last = last[1] if female else last[0]
    return first, last


def _skills(rng: random.Random, main: str) -> tuple[Held, ...]:
    years = min(35, max(1, int(rng.triangular(1, 35, 8))))
    category = CATEGORY_OF_SKILL[main]
    others = [skill.slug for skill in category.skills if skill.slug != main]
    extra = rng.sample(others, rng.choices((0, 1, 2), weights=(45, 35, 20))[0])
    level = 1 if years < 2 else 2 if years < 5 else 3 if years < 12 else 4
    return (Held(main, level, years), *(Held(slug, max(1, level - 1), rng.randint(1, years)) for slug in extra))


def _mention(rng: random.Random, held: frozenset[str], language: str) -> str:
    """A sentence naming one or two other trades in passing, or ''."""
    if CATEGORY_OF_SKILL[next(iter(sorted(held)))].slug not in ("construction", "engineering"):
        return ""
    if rng.random() >= MENTION_SHARE:
        return ""
    trades = rng.sample([slug for slug in MENTIONED_TRADES if slug not in held], 2)
    if language == "sv":
        first, second = (SWEDISH[slug][0] for slug in trades)
        return rng.choice((f"Jag samarbetar ofta med {first} och {second} i renoveringsprojekt.",
                           f"På större jobb tar jag gärna med mig {first} jag känner."))
    first, second = (SKILLS_BY_SLUG[slug].role for slug in trades)
    return rng.choice((f"I often work alongside {plural(first)} and {plural(second)} on renovation jobs.",
                       f"On bigger jobs I bring in {plural(first)} I know."))


def _texts(rng: random.Random, skills: tuple[Held, ...], city: str, language: str, documents) -> tuple[str, str]:
    """Headline and bio, in the bio's language."""
    main = skills[0].slug
    years = skills[0].years
    held = frozenset(held.slug for held in skills)
    if language == "sv":
        role, does = SWEDISH[main]
        headline = rng.choice((capfirst(role), f"{capfirst(role)} i {city}", f"Erfaren {role}",
                               f"Certifierad {role}" if documents else f"{capfirst(role)} med {years} års erfarenhet"))
        sentences = [rng.choice((f"Jag är {role} i {city} med {years} års erfarenhet.",
                                 f"{capfirst(role)} med {years} års erfarenhet, baserad i {city}.",
                                 f"Jag har arbetat som {role} i {years} år, mest i {city} med omnejd.")),
                     f"Jag {does}."]
        sentences += [f"Jag {SWEDISH[h.slug][1]} också." for h in skills[1:] if h.slug in SWEDISH]
        if documents:
            sentences.append(f"Certifikat: {', '.join(documents)}.")
        sentences.append(_mention(rng, held, language))
        sentences.append(rng.choice(("Jag har egna verktyg och bil.", "Referenser finns på begäran.",
                                     "Jag arbetar lika gärna ensam som i ett större lag.", "")))
    else:
        role = SKILLS_BY_SLUG[main].role
        headline = rng.choice((capfirst(role), f"{capfirst(role)} in {city}", f"Experienced {role}",
                               f"Certified {role}" if documents else f"{capfirst(role)} · {years} years' experience"))
        sentences = [rng.choice((f"I'm {with_article(role)} based in {city}, with {years} years' experience.",
                                 f"{capfirst(role)} with {years} years' experience, based in {city}.",
                                 f"Based in {city}, I have worked as {with_article(role)} for {years} years.")),
                     f"I {SKILLS_BY_SLUG[main].does}."]
        sentences += [f"I also {SKILLS_BY_SLUG[h.slug].does}." for h in skills[1:]]
        if documents:
            sentences.append(f"Certificates: {', '.join(documents)}.")
        sentences.append(_mention(rng, held, language))
        sentences.append(rng.choice(CATEGORY_OF_SKILL[main].closing_lines + ("",)))
    return headline[:160], " ".join(sentence for sentence in sentences if sentence)


def _person(number: int, main: str, city: str) -> Person:
    rng = random.Random(f"valund-relevance:{SEED}:{number}")
    country = CITY[city].country
    category = CATEGORY_OF_SKILL[main]
    first, last = _name(rng, country, FEMALE_SHARE[category.slug])
    skills = _skills(rng, main)
    certificates = _certificates(main, country)
    documents = pending = ()
    roll = rng.random()
    if certificates and roll < VERIFIED_SHARE:
        documents = tuple(rng.sample(certificates, min(len(certificates), rng.choice((1, 1, 2)))))
    elif certificates and roll < VERIFIED_SHARE + PENDING_SHARE:
        pending = (rng.choice(certificates),)
    language = "sv" if country == "SE" and main in SWEDISH and rng.random() < SWEDISH_BIO_SHARE else "en"
    headline, bio = _texts(rng, skills, city, language, documents)
    roll = rng.random()
    available_in_days = 0 if roll < 0.5 else rng.randint(5, 90) if roll < 0.8 else None
    rating = (Decimal(f"{rng.uniform(3.4, 4.9):.2f}"), rng.randint(1, 40)) if rng.random() < RATED_SHARE else None
    low, high = SKILLS_BY_SLUG[main].rate_sek or category.rate_sek
    local = LANGUAGE_OF_COUNTRY.get(country, "en")
    return Person(
        number=number, first=first, last=last, city=city, skills=skills, bio_language=language,
        headline=headline, bio=bio, years=skills[0].years, documents=documents, pending=pending, rating=rating,
        available_in_days=available_in_days, languages=tuple(dict.fromkeys((local, "en"))),
        hourly_rate=round(rng.uniform(low, high) / 10) * 1000,
        jitter=(rng.uniform(-0.03, 0.03), rng.uniform(-0.05, 0.05)),
    )


def people() -> list[Person]:
    """The whole data set, in order of number; the same list on every call."""
    found = list(SPECIALS)
    number = 100
    for main, city, count in PLAN:
        for _ in range(count):
            found.append(_person(number, main, city))
            number += 1
    for offset in range(BACKGROUND):
        rng = random.Random(f"valund-relevance:{SEED}:background:{offset}")
        found.append(_person(number, _pick(rng, SKILL_WEIGHTS), _pick(rng, CITY_WEIGHTS)))
        number += 1
    return found
