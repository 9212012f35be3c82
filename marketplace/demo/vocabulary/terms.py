"""A taxonomy entry's Swedish name and synonyms, and those of the categories."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Terms:
    name_sv: str
    synonyms: tuple[str, ...]


CATEGORY_TERMS: dict[str, Terms] = {
    "construction": Terms("Bygg och anläggning", (
        "bygg", "byggyrken", "byggbranschen", "hantverkare", "byggarbetare", "anläggning", "building trades",
        "tradesperson",
    )),
    "engineering": Terms("Teknik och ingenjörer", (
        "ingenjör", "ingenjörer", "teknikkonsult", "ingenjörskonsult", "engineer", "engineering consultant",
    )),
    "it": Terms("IT och mjukvara", (
        "IT", "mjukvara", "mjukvaruutveckling", "systemutveckling", "IT-konsult", "software", "tech",
    )),
    "healthcare": Terms("Vård och omsorg", (
        "vård", "omsorg", "sjukvård", "hälso- och sjukvård", "vårdpersonal", "health care", "care",
    )),
    "logistics": Terms("Logistik och transport", (
        "logistik", "transport", "transporter", "åkeri", "haulage", "shipping",
    )),
    "industry": Terms("Industri och tillverkning", (
        "industri", "tillverkning", "tillverkningsindustri", "verkstad", "verkstadsindustri", "manufacturing",
        "factory",
    )),
}


# The trades' descriptions in Swedish (their English ones are in taxonomy/), shown on the home
# page's trade grid to Swedish readers.
CATEGORY_DESCRIPTIONS_SV: dict[str, str] = {
    "construction": "Hantverkare på byggarbetsplatsen, från mark och betong till tak, installationer och "
    "ytskikt.",
    "engineering": "Projektering, beräkningar och projektledning för byggnader, infrastruktur och industri.",
    "it": "Utvecklare, moln- och dataingenjörer, säkerhetsspecialister och designers.",
    "healthcare": "Legitimerade sjuksköterskor, terapeuter och omsorgspersonal för sjukhus, primärvård och "
    "äldreomsorg.",
    "logistics": "Chaufförer, maskin- och kranförare, lagerpersonal och transportplanerare.",
    "industry": "Maskinoperatörer, underhållstekniker, industrielektriker och kvalitetskontrollanter.",
}
