"""What the search benchmarks ask for: the fixed mix of directory searches (search.py times
it, load.py's visitors send it) and the fixed mix of prefixes typed into the search box, each
the same for a given seed. The demo's taxonomy and places are imported when called, after
Django is set up."""

import datetime
import random
from dataclasses import dataclass
from urllib.parse import urlencode


@dataclass
class Search:
    kind: str
    querystring: str


def searches(seed: int) -> list[Search]:
    """The fixed mix: 410 searches (240 before the understanding's 170), the same for a given seed."""
    from marketplace.demo.people import CITIES
    from marketplace.demo.taxonomy import CATEGORIES

    rng = random.Random(f"valund-search-benchmark:{seed}")
    skills = [skill for category in CATEGORIES for skill in category.skills]
    roles = sorted({skill.role.split()[-1] for skill in skills})
    cities = [city.name for city in CITIES]
    languages = ["sv", "en", "fi", "no", "da", "de", "pl"]
    common = ["experience", "erfarenhet", "years", "based", "work", "certified", "senior"]
    names = ["lindqvist", "andersson", "nilsson", "johansson", "karlsson", "anna", "erik", "maria", "lars"]
    prefixes = ["weld", "elect", "carp", "nurs", "devel", "svets", "plumb", "paint"]
    today = datetime.date.today()

    def qs(**params) -> str:
        return urlencode({key: value for key, value in params.items() if value not in (None, "")}, doseq=True)

    mix: list[Search] = []
    for _ in range(40):
        mix.append(Search("text: a role", qs(q=rng.choice(roles))))
    for _ in range(20):
        mix.append(Search("text: common word", qs(q=rng.choice(common))))
    for _ in range(20):
        mix.append(Search("text: name or prefix", qs(q=rng.choice(names + prefixes))))
    for _ in range(20):
        mix.append(Search("text: two words", qs(q=f"{rng.choice(roles)} {rng.choice(cities)}")))
    for _ in range(40):
        category = rng.choice(CATEGORIES)
        choice = rng.randrange(5)
        params = {"category": category.slug}
        if choice == 0:
            params["skills"] = [skill.slug for skill in rng.sample(category.skills, 2)]
        elif choice == 1:
            params |= {"available": "now", "languages": rng.choice(languages)}
        elif choice == 2:
            params |= {"rate_min": 400, "rate_max": rng.choice([600, 800, 1000]), "currency": "SEK"}
        elif choice == 3:
            params |= {"verified": "on"}
        else:
            params |= {"available": "by", "available_by": (today + datetime.timedelta(days=30)).isoformat()}
        mix.append(Search("filters only", qs(**params)))
    for _ in range(40):
        skill = rng.choice(skills)
        mix.append(Search("text + filters + radius", qs(
            q=skill.role.split()[-1], near=rng.choice(cities), radius=rng.choice([25, 50, 100, 200]),
            skills=skill.slug if rng.random() < 0.5 else "", available="now" if rng.random() < 0.5 else "",
            languages="en" if rng.random() < 0.3 else "",
        )))
    for _ in range(30):
        sort = rng.choice(["rate_asc", "rate_desc", "newest", "distance", "rating"])
        mix.append(Search("other sorts", qs(
            category=rng.choice(CATEGORIES).slug, sort=sort,
            near=rng.choice(cities) if sort == "distance" else "", radius=300 if sort == "distance" else "",
        )))
    for _ in range(30):
        mix.append(Search("deep pages", qs(
            q=rng.choice(["", "", rng.choice(common)]), category=rng.choice(["", rng.choice(CATEGORIES).slug]),
            page=rng.choice([10, 50, 200, 1000]),
        )))
    mix += understood_searches(rng, roles, cities)
    return mix


# The query understanding's classes (issue 17): words it maps to skills, typos it corrects,
# places it finds in the text, sentences, phrases and exclusions. Each search takes one of
# the understanding's paths: a concept (holders OR the typed words), a correction (the typo
# check, then a second search), a radius, the relaxed most-of-the-words search.
SWEDISH_AND_SYNONYMS = ("svetsare", "elektriker", "snickare", "rörmokare", "målare", "VVS", "C#", ".NET",
                        "svetsarna", "elektrikern", "welders", "MIG/MAG", "sjuksköterska", "lastbilschaufför")
TYPOS = ("electrcian", "weldr", "snickre", "carpentr", "plumbr", "elektrikr", "paintr", "rörmokre", "svetsre",
         "develper", "nurce", "physiotherapst")
SENTENCES = (
    "need a licensed electrician for a kitchen renovation in Stockholm",
    "looking for an experienced welder in Göteborg for steel beams",
    "we need a carpenter to build a deck near Uppsala",
    "plumber for a bathroom renovation in Malmo next month",
    "behöver en elektriker till köksrenoveringen i Stockholm",
    "söker erfaren svetsare i Göteborg för stålbalkar",
    "vi behöver en snickare som kan bygga altan i Uppsala",
    "senior python developer with django and postgresql experience",
    "registered nurse available for night shifts in Örebro",
    "truck driver with ADR for deliveries around Jönköping",
)
PHRASES_AND_EXCLUSIONS = (
    '"project manager"', '"site manager" Stockholm', '"heat pumps"', 'welder -tig', 'developer -java',
    'nurse -Stockholm', 'electrician -Malmö', '"structural steel" -Göteborg', '"years of experience" welder',
    'carpenter -formwork',
)


def understood_searches(rng: random.Random, roles: list[str], cities: list[str]) -> list[Search]:
    """170 searches of the understanding's classes, the same for a given generator state."""
    from marketplace.core.vocabulary import fold

    accented = [city for city in cities if fold(city) != city.casefold()]
    trades = ["welder", "electrician", "carpenter", "plumber", "painter", "svetsare", "elektriker", "snickare"]
    mix = []
    for _ in range(40):
        mix.append(Search("sv words, synonyms", urlencode({"q": rng.choice(SWEDISH_AND_SYNONYMS)})))
    for _ in range(30):
        if rng.random() < 0.6:
            typo = rng.choice(TYPOS)
        else:  # a role with one inner letter dropped
            role = rng.choice([role for role in roles if len(role) >= 6])
            cut = rng.randrange(1, len(role) - 1)
            typo = role[:cut] + role[cut + 1:]
        mix.append(Search("typos", urlencode({"q": typo})))
    for _ in range(30):
        place = fold(rng.choice(accented))
        q = place.capitalize() if rng.random() < 0.3 else f"{rng.choice(trades)} {place.capitalize()}"
        mix.append(Search("unaccented places", urlencode({"q": q})))
    for _ in range(30):
        q = f"{rng.choice(trades)} {rng.choice(['in ', 'near ', 'i ', ''])}{rng.choice(cities)}"
        mix.append(Search("place in text", urlencode({"q": q})))
    for _ in range(20):
        mix.append(Search("sentences", urlencode({"q": rng.choice(SENTENCES)})))
    for _ in range(20):
        mix.append(Search("phrases, exclusions", urlencode({"q": rng.choice(PHRASES_AND_EXCLUSIONS)})))
    return mix


# What people start typing in the search box, in each language: trade words and job titles.
SUGGEST_WORDS = {
    "sv": ["svetsare", "elektriker", "snickare", "rörmokare", "målare", "sjuksköterska", "undersköterska",
           "lastbilschaufför", "utvecklare", "byggledare", "plattsättare", "takläggare", "ställningsbyggare",
           "kranförare", "truckförare", "fysioterapeut", "barnmorska", "programmerare"],
    "en": ["welder", "electrician", "carpenter", "plumber", "painter", "nurse", "developer", "driver",
           "engineer", "designer", "surveyor", "roofer", "tiler", "scaffolder", "physiotherapist", "midwife"],
}


def suggest_mix(seed: int) -> list[tuple[str, str]]:
    """The fixed mix of the suggestions: 300 (language, prefix) pairs, prefixes of 1–6 letters of
    skill names, trade words and places, the same for a given seed."""
    from marketplace.demo.people import CITIES
    from marketplace.demo.taxonomy import CATEGORIES

    rng = random.Random(f"valund-suggest-benchmark:{seed}")
    skills = [skill.name for category in CATEGORIES for skill in category.skills]
    cities = [city.name for city in CITIES]
    mix = []
    for _ in range(300):
        language = rng.choice(["sv", "en"])
        word = rng.choice(rng.choice([SUGGEST_WORDS[language], skills, cities]))
        mix.append((language, word[:rng.randint(1, 6)].lower()))
    return mix

