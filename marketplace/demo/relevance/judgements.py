"""The judgement list: what a client types, and which freelancers of the data set (dataset.py)
a person would want to see for it, graded:

    3  exactly what was asked: holds the named skill, proven by an approved passport document
    2  holds the named skill (or matches what the query asks for, e.g. a phrase)
    1  related: holds a neighbouring skill
    0  everyone else (and anyone the search must never show: hidden, unverified email)

A query that names a place asks for someone there: its grades apply only within NEAR_KM of
the place (40 km: Södertälje counts for Stockholm, Lund and Copenhagen for Malmö, Espoo for
Helsinki; Uppsala, Borås and Helsingborg, 55 km and more away, do not), and a welder
elsewhere is not what a client in Göteborg asked for.

Each query's grades are rules over the data set's attributes, written next to it and printed
by the benchmark, so a reader can check them; they never look at what the engine returns.
A person gets the highest grade whose rule they pass.

Query classes (CLASSES): trade words in English and Swedish, synonyms and job titles,
symbols, typos (one letter off), missing accents, places in the text, quoted phrases,
-exclusions, sentences in both languages, and people's names."""

from collections.abc import Callable
from dataclasses import dataclass

from marketplace.core.vocabulary import fold

from .person import Person, mentions

__all__ = ["CLASSES", "JUDGEMENTS", "NEAR_KM", "Judgement", "Rule"]

NEAR_KM = 40

TRADE_EN = "trade-en"
TRADE_SV = "trade-sv"
SYNONYM = "synonym"
SYMBOL = "symbol"
TYPO = "typo"
ACCENT = "accent"
PLACE = "place"
PHRASE = "phrase"
EXCLUSION = "exclusion"
SENTENCE = "sentence"
NAME = "name"
CLASSES = {
    TRADE_EN: "trade words, English", TRADE_SV: "trade words, Swedish", SYNONYM: "synonyms and job titles",
    SYMBOL: "symbols and abbreviations", TYPO: "typos, one letter off", ACCENT: "places and words without accents",
    PLACE: "places in the text", PHRASE: "quoted phrases", EXCLUSION: "-exclusions", SENTENCE: "sentences",
    NAME: "people's names",
}


@dataclass(frozen=True)
class Rule:
    """A test on a Person, with the words that say what it tests."""

    test: Callable[[Person], bool]
    text: str

    def __call__(self, person: Person) -> bool:
        return self.test(person)

    def __and__(self, other: "Rule") -> "Rule":
        return Rule(lambda person: self(person) and other(person), f"{self.text} and {other.text}")

    def __or__(self, other: "Rule") -> "Rule":
        return Rule(lambda person: self(person) or other(person), f"({self.text} or {other.text})")

    def __invert__(self) -> "Rule":
        return Rule(lambda person: not self(person), f"not {self.text}")


def holds(*slugs: str) -> Rule:
    return Rule(lambda person: bool(person.skill_slugs & set(slugs)), f"holds {'/'.join(slugs)}")


def verified(*slugs: str) -> Rule:
    return Rule(lambda person: bool(person.verified_skills & set(slugs)), f"proved {'/'.join(slugs)}")


def has_document(*names: str) -> Rule:
    return Rule(lambda person: bool(set(person.documents) & set(names)), f"approved {' / '.join(names)}")


def near(city: str, km: int = NEAR_KM) -> Rule:
    return Rule(lambda person: person.distance_km(city) <= km, f"within {km} km of {city}")


def available_within(days: int) -> Rule:
    return Rule(lambda person: person.available_in_days is not None and person.available_in_days <= days,
                f"available within {days} days")


def says(*phrases: str) -> Rule:
    return Rule(lambda person: any(mentions(person, phrase) for phrase in phrases),
                f"text says {' or '.join(repr(phrase) for phrase in phrases)}")


def named(first: str, last: str) -> Rule:
    return Rule(lambda person: (fold(person.first), fold(person.last)) == (fold(first), fold(last)),
                f"named {first} {last}")


def surname(last: str) -> Rule:
    return Rule(lambda person: fold(person.last) == fold(last), f"surname {last}")


@dataclass(frozen=True)
class Judgement:
    query: str
    kind: str  # one of CLASSES
    grades: tuple[tuple[int, Rule], ...]  # highest grade first

    def grade(self, person: Person) -> int:
        if not person.public:
            return 0
        return next((grade for grade, rule in self.grades if rule(person)), 0)

    def describe(self) -> str:
        return "; ".join(f"{grade}: {rule.text}" for grade, rule in self.grades)


def trade(skills: tuple[str, ...], related: tuple[str, ...] = ()) -> tuple[tuple[int, Rule], ...]:
    """3 holds one of the skills, proved; 2 holds one; 1 holds a related skill."""
    grades = [(3, holds(*skills) & verified(*skills)), (2, holds(*skills))]
    if related:
        grades.append((1, holds(*related)))
    return tuple(grades)


def trade_in(skills: tuple[str, ...], city: str, related: tuple[str, ...] = ()) -> tuple[tuple[int, Rule], ...]:
    """trade()'s grades for those near the place; everyone elsewhere 0."""
    return tuple((grade, rule & near(city)) for grade, rule in trade(skills, related))


def without(grades, rule: Rule) -> tuple[tuple[int, Rule], ...]:
    """The same grades for those the exclusion leaves; the excluded are 0."""
    return tuple((grade, ~rule & test) for grade, test in grades)


def relabel(query: str, kind: str, like: "Judgement") -> "Judgement":
    """Another way to type a query already judged (a typo, the Swedish word): the same grades."""
    return Judgement(query, kind, like.grades)


WELDERS = ("welding", "tig-welding")
WELDERS_RELATED = ("welding-coordination",)
ELECTRICIANS = ("electrical-installation", "industrial-electrician")
ELECTRICIANS_RELATED = ("electrical-design",)
NURSES = ("registered-nurse", "intensive-care-nursing", "anaesthesia-nursing", "district-nursing")
NURSES_RELATED = ("assistant-nursing",)
DEVELOPERS = ("python", "django", "typescript", "react", "java", "dotnet", "cpp", "mobile-development")
HOT_WORK = "Hot work certificate (Heta arbeten)"
WET_ROOM = ("Wet room authorisation (BKR)", "Wet room authorisation (GVK)", "Säker Vatten installer authorisation")

welder = Judgement("welder", TRADE_EN, trade(WELDERS, related=WELDERS_RELATED))
electrician = Judgement("electrician", TRADE_EN, trade(ELECTRICIANS, related=ELECTRICIANS_RELATED))
plumber = Judgement("plumber", TRADE_EN, trade(("plumbing",), related=("hvac-installation",)))
carpenter = Judgement("carpenter", TRADE_EN, trade(("carpentry",), related=("formwork",)))
painter = Judgement("painter", TRADE_EN, trade(("painting",)))
tiler = Judgement("tiler", TRADE_EN, trade(("tiling",)))
roofer = Judgement("roofer", TRADE_EN, trade(("roofing",), related=("sheet-metal-work",)))
nurse = Judgement("nurse", TRADE_EN, trade(NURSES, related=NURSES_RELATED))
truck_driver = Judgement("truck driver", TRADE_EN,
                         trade(("truck-driving",), related=("dangerous-goods-transport", "delivery-driving")))
physiotherapist = Judgement("physiotherapist", TRADE_EN, trade(("physiotherapy",)))
scaffolder = Judgement("scaffolder", TRADE_EN, trade(("scaffolding",)))
surveyor = Judgement("surveyor", TRADE_EN, trade(("land-surveying",)))
heat_pumps = Judgement("heat pump installer", TRADE_EN,
                       trade(("refrigeration-heat-pumps",), related=("hvac-installation",)))
crane = Judgement("crane operator", TRADE_EN, trade(("crane-operation",)))
assistant_nurse = trade(("assistant-nursing",), related=("elderly-care",))
developers = trade(DEVELOPERS, related=("devops", "data-engineering", "machine-learning", "test-automation"))
kubernetes = trade(("kubernetes",), related=("devops",))
hvac_technician = Judgement("HVAC technician", SYNONYM,
                            trade(("hvac-installation", "refrigeration-heat-pumps"), related=("hvac-design",)))
frontend_developer = Judgement("frontend developer", SYNONYM, trade(("react", "typescript"), related=("ux-design",)))
# A document type, not a skill: its holders first, then those whose work needs it.
f_gas = Judgement("F-gas", SYMBOL, (
    (3, has_document("Refrigerant handling certificate (F-gas)")), (2, holds("refrigeration-heat-pumps")),
    (1, holds("hvac-installation")),
))

JUDGEMENTS: tuple[Judgement, ...] = (
    # Trade words, English
    welder, electrician, plumber, carpenter, painter, tiler, roofer, nurse, truck_driver, physiotherapist,
    scaffolder, surveyor, heat_pumps, crane,

    # Trade words, Swedish
    relabel("svetsare", TRADE_SV, welder),
    relabel("elektriker", TRADE_SV, electrician),
    relabel("rörmokare", TRADE_SV, plumber),
    relabel("snickare", TRADE_SV, carpenter),
    relabel("målare", TRADE_SV, painter),
    relabel("plattsättare", TRADE_SV, tiler),
    relabel("takläggare", TRADE_SV, roofer),
    relabel("sjuksköterska", TRADE_SV, nurse),
    Judgement("undersköterska", TRADE_SV, assistant_nurse),
    relabel("lastbilschaufför", TRADE_SV, truck_driver),
    relabel("fysioterapeut", TRADE_SV, physiotherapist),
    relabel("kranförare", TRADE_SV, crane),
    relabel("svetsning", TRADE_SV, welder),
    relabel("ställningsbyggare", TRADE_SV, scaffolder),

    # Synonyms and job titles
    relabel("joiner", SYNONYM, carpenter),
    Judgement("MIG welder", SYNONYM, trade(("welding",), related=("tig-welding",))),
    relabel("sparky", SYNONYM, electrician),
    relabel("lorry driver", SYNONYM, truck_driver),
    hvac_technician,
    Judgement("software developer", SYNONYM, developers),
    Judgement("backend developer", SYNONYM, trade(("python", "django", "java", "dotnet"), related=("typescript",))),
    frontend_developer,
    Judgement("care assistant", SYNONYM, assistant_nurse),
    Judgement("systemutvecklare", SYNONYM, developers),
    Judgement("programmerare", SYNONYM, developers),
    Judgement("VVS-montör", SYNONYM,
              trade(("plumbing", "hvac-installation"), related=("refrigeration-heat-pumps",))),
    relabel("elinstallatör", SYNONYM, electrician),
    relabel("kyltekniker", SYNONYM, heat_pumps),
    Judgement("vårdbiträde", SYNONYM, trade(("elderly-care", "assistant-nursing"))),
    Judgement("truckförare", SYNONYM, trade(("forklift-operation",), related=("warehouse-operations",))),
    Judgement("byggledare", SYNONYM, trade(("site-management", "construction-project-management"))),
    relabel("mätingenjör", SYNONYM, surveyor),
    relabel("ventilationstekniker", SYNONYM, hvac_technician),
    relabel("VVS-tekniker", SYNONYM, hvac_technician),
    relabel("front-end developer", SYNONYM, frontend_developer),
    relabel("frontendutvecklare", SYNONYM, frontend_developer),
    relabel("svetsaren", SYNONYM, welder),
    relabel("elektrikern", SYNONYM, electrician),
    relabel("F-gascertifikat", SYNONYM, f_gas),
    relabel("köldmedia", SYNONYM, f_gas),
    Judgement("heta arbeten", SYNONYM, ((2, has_document(HOT_WORK)), (1, says("heta arbeten", "hot work")))),
    Judgement("C++-utvecklare", SYNONYM, ((2, holds("cpp")), (1, says("C++")))),

    # Symbols and abbreviations
    Judgement("C#", SYMBOL, ((2, holds("dotnet")), (1, says("C#")))),
    Judgement(".NET", SYMBOL, ((2, holds("dotnet")),)),
    Judgement("C++", SYMBOL, ((2, holds("cpp")), (1, says("C++")))),
    Judgement("Node.js", SYMBOL, ((2, holds("typescript")),)),
    Judgement("MIG/MAG", SYMBOL, trade(("welding",), related=("tig-welding",))),
    Judgement("VVS", SYMBOL,
              trade(("plumbing", "hvac-installation"), related=("hvac-design", "refrigeration-heat-pumps"))),
    Judgement("BIM", SYMBOL,
              trade(("bim-coordination",), related=("structural-engineering", "hvac-design", "electrical-design"))),
    Judgement("CI/CD", SYMBOL, trade(("devops",), related=("kubernetes", "test-automation"))),
    f_gas,
    relabel("HVAC", SYMBOL, hvac_technician),
    Judgement("PLC", SYMBOL, trade(("plc-automation",), related=("industrial-electrician",))),
    Judgement("ADR", SYMBOL, trade(("dangerous-goods-transport",), related=("truck-driving",))),
    Judgement("TIG", SYMBOL, trade(("tig-welding",), related=("welding",))),

    # Typos: one letter off
    relabel("electrcian", TYPO, electrician),
    relabel("weldr", TYPO, welder),
    relabel("carpentr", TYPO, carpenter),
    relabel("plumbr", TYPO, plumber),
    relabel("paintr", TYPO, painter),
    relabel("scaffoldr", TYPO, scaffolder),
    relabel("physiotherapst", TYPO, physiotherapist),
    Judgement("kubernets", TYPO, kubernetes),
    relabel("snickre", TYPO, carpenter),
    relabel("rörmokre", TYPO, plumber),
    relabel("elektrikr", TYPO, electrician),
    relabel("svetsre", TYPO, welder),
    relabel("sjukskötersa", TYPO, nurse),

    # Places and words without their accents
    Judgement("welder Goteborg", ACCENT, trade_in(WELDERS, "Göteborg", related=WELDERS_RELATED)),
    Judgement("electrician Malmo", ACCENT, trade_in(ELECTRICIANS, "Malmö", related=ELECTRICIANS_RELATED)),
    Judgement("carpenter Orebro", ACCENT, trade_in(("carpentry",), "Örebro", related=("formwork",))),
    Judgement("plumber Umea", ACCENT, trade_in(("plumbing",), "Umeå", related=("hvac-installation",))),
    Judgement("painter Vasteras", ACCENT, trade_in(("painting",), "Västerås")),
    Judgement("electrician Jonkoping", ACCENT, trade_in(ELECTRICIANS, "Jönköping", related=ELECTRICIANS_RELATED)),
    Judgement("snickare Goteborg", ACCENT, trade_in(("carpentry",), "Göteborg", related=("formwork",))),
    Judgement("svetsare Malmo", ACCENT, trade_in(WELDERS, "Malmö", related=WELDERS_RELATED)),
    Judgement("plattsattare Orebro", ACCENT, trade_in(("tiling",), "Örebro")),
    relabel("rormokare", ACCENT, plumber),
    relabel("malare", ACCENT, painter),
    relabel("sjukskoterska", ACCENT, nurse),

    # Places in the text
    Judgement("welder Göteborg", PLACE, trade_in(WELDERS, "Göteborg", related=WELDERS_RELATED)),
    Judgement("welder Gothenburg", PLACE, trade_in(WELDERS, "Göteborg", related=WELDERS_RELATED)),
    Judgement("electrician Stockholm", PLACE, trade_in(ELECTRICIANS, "Stockholm", related=ELECTRICIANS_RELATED)),
    Judgement("snickare Uppsala", PLACE, trade_in(("carpentry",), "Uppsala", related=("formwork",))),
    Judgement("nurse Helsinki", PLACE, trade_in(NURSES, "Helsinki", related=NURSES_RELATED)),
    Judgement("plumber Oslo", PLACE, trade_in(("plumbing",), "Oslo", related=("hvac-installation",))),
    Judgement("målare Västerås", PLACE, trade_in(("painting",), "Västerås")),
    Judgement("truck driver Umeå", PLACE, trade_in(("truck-driving",), "Umeå")),
    Judgement("elektriker Malmö", PLACE, trade_in(ELECTRICIANS, "Malmö", related=ELECTRICIANS_RELATED)),
    Judgement("carpenter in Jönköping", PLACE, trade_in(("carpentry",), "Jönköping", related=("formwork",))),
    Judgement("tiler Örebro", PLACE, trade_in(("tiling",), "Örebro")),
    Judgement("developer Stockholm", PLACE, trade_in(DEVELOPERS, "Stockholm")),
    Judgement("Göteborg", PLACE, ((2, near("Göteborg")),)),

    # Quoted phrases
    Judgement('"hot work"', PHRASE, ((2, has_document(HOT_WORK)), (1, says("hot work")))),
    Judgement('"heta arbeten"', PHRASE, ((2, has_document(HOT_WORK)), (1, says("heta arbeten")))),
    Judgement('"heat pumps"', PHRASE, ((2, holds("refrigeration-heat-pumps")), (1, says("heat pumps")))),
    Judgement('"structural steel"', PHRASE, ((2, says("structural steel")),)),
    Judgement('"wet room"', PHRASE, (
        (3, has_document(*WET_ROOM)), (2, says("wet room", "wet-room")), (1, holds("tiling", "plumbing", "flooring")),
    )),
    Judgement('"machine learning"', PHRASE, ((2, holds("machine-learning")),)),
    Judgement('"intensive care"', PHRASE, ((2, holds("intensive-care-nursing")),)),
    Judgement('"spring boot"', PHRASE, ((2, holds("java")),)),
    Judgement('"site manager"', PHRASE, ((2, holds("site-management")),)),

    # -exclusions
    Judgement("welder -tig", EXCLUSION, without(welder.grades, says("tig"))),
    Judgement("electrician -industrial", EXCLUSION, without(electrician.grades, says("industrial"))),
    Judgement("nurse -intensive", EXCLUSION, without(nurse.grades, says("intensive"))),
    Judgement("carpenter -formwork", EXCLUSION, without(carpenter.grades, says("formwork"))),
    Judgement("snickare -Stockholm", EXCLUSION, without(carpenter.grades, says("Stockholm"))),
    Judgement("plumber -Göteborg", EXCLUSION, without(plumber.grades, says("Göteborg"))),
    Judgement("developer -java", EXCLUSION, without(developers, says("java"))),
    Judgement("welder Göteborg -tig", EXCLUSION,
              without(trade_in(WELDERS, "Göteborg", related=WELDERS_RELATED), says("tig"))),

    # Sentences
    Judgement("need a licensed electrician for a kitchen renovation in Stockholm", SENTENCE, (
        (3, holds("electrical-installation") & verified("electrical-installation") & near("Stockholm")),
        (2, holds("electrical-installation") & near("Stockholm")),
    )),
    Judgement("looking for a welder in Göteborg who can start next week", SENTENCE, (
        (3, holds(*WELDERS) & near("Göteborg") & available_within(7)), (2, holds(*WELDERS) & near("Göteborg")),
    )),
    Judgement("I need someone to fix my heat pump in Umeå", SENTENCE, trade_in(("refrigeration-heat-pumps",), "Umeå")),
    Judgement("experienced nurse for night shifts in Helsinki", SENTENCE,
              trade_in(NURSES, "Helsinki", related=NURSES_RELATED)),
    Judgement("certified TIG welder for stainless pipework", SENTENCE, trade(("tig-welding",), related=("welding",))),
    Judgement("React developer who knows TypeScript", SENTENCE, (
        (3, holds("react") & holds("typescript")), (2, holds("react")), (1, holds("typescript")),
    )),
    Judgement("vi söker en snickare till en badrumsrenovering i Uppsala", SENTENCE,
              trade_in(("carpentry",), "Uppsala", related=("formwork",))),
    Judgement("behöver en elektriker i Malmö som kan börja direkt", SENTENCE, (
        (3, holds(*ELECTRICIANS) & near("Malmö") & available_within(0)), (2, holds(*ELECTRICIANS) & near("Malmö")),
    )),
    Judgement("vem kan lägga om taket på mitt hus i Jönköping", SENTENCE, trade_in(("roofing",), "Jönköping")),
    Judgement("sjuksköterska till äldreboende i Örebro", SENTENCE, trade_in(NURSES, "Örebro", related=NURSES_RELATED)),
    Judgement("jag letar efter en rörmokare i Göteborg", SENTENCE,
              trade_in(("plumbing",), "Göteborg", related=("hvac-installation",))),
    Judgement("plattsättare med våtrumsbehörighet i Örebro", SENTENCE, (
        (3, holds("tiling") & verified("tiling") & near("Örebro")), (2, holds("tiling") & near("Örebro")),
    )),

    # People's names
    Judgement("Astrid Lindqvist", NAME, ((3, named("Astrid", "Lindqvist")), (1, surname("Lindqvist")))),
    Judgement("Lindqvist", NAME, ((2, surname("Lindqvist")),)),
    Judgement("Jukka Makinen", NAME, ((3, named("Jukka", "Mäkinen")), (1, surname("Mäkinen")))),
    Judgement("Mäkinen", NAME, ((2, surname("Mäkinen")),)),
    Judgement("Asa Oberg", NAME, ((3, named("Åsa", "Öberg")), (1, surname("Öberg")))),
    Judgement("Soren Moller", NAME, ((3, named("Søren", "Møller")), (1, surname("Møller")))),
    Judgement("Zeynep Yilmaz", NAME, ((3, named("Zeynep", "Yılmaz")), (1, surname("Yılmaz")))),
    Judgement("Bjorn Angstrom", NAME, ((3, named("Björn", "Ångström")), (1, surname("Ångström")))),
)
