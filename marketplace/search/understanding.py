"""What a search box entry means, before it is matched.

    "need a licensed electrcian for a kitchen renovation in Goteborg"
      → the skill Electrical installation (named by "electrician", corrected from "electrcian"
        by the engine, which knows that no profile has that word), the place Göteborg (the
        radius search), the words "licensed", "kitchen", "renovation" to rank by, and
        "need", "a", "for", "in" dropped as stop words.

Steps, in order:
  1. "quoted phrases" must appear as written; -word excludes a word (and a skill it names).
  2. The rest is read as tokens; the longest run of tokens that names a skill, trade or
     document type in either language or by any synonym (the editors' vocabulary,
     core.vocabulary) becomes a concept: its holders match strongly (a document type's are
     the members with an approved, unexpired document of it: "F-gas", "köldmediecertifikat").
     A token with a symbol is looked up whole before it is split into words ("C#", ".NET",
     "C++", "Node.js", "MIG/MAG": "C++" is never the word "c"), accents
     and case do not ("svetsare", "Svetsare", "SVETSARE"), and a Swedish or English plural or
     definite form finds its word ("svetsarna", "elektrikern", "welders").
  3. A run that names a place in the gazetteer (places.py) becomes the search's centre when
     the search has none, instead of a word every profile must contain.
  4. Stop words of both languages are dropped; what is left are free words.
The engine (selectors/engine.py) then matches concepts by skill or text, free words all
together, and relaxes to most of them, or corrects a word that matches nothing
(`Lexicon.correction`), when that finds too little. `SearchParams.literal` ("Search instead
for …") skips all of this and matches the words as typed.

The vocabulary is read once per process and again whenever an editor changes a skill, trade
or document type (selectors/taxonomy.py keeps the version), so understanding a query costs
no query at all."""

import re
from dataclasses import dataclass, field, replace

from django.utils.translation import get_language

from marketplace.accounts.models import Skill, SkillCategory
from marketplace.core.vocabulary import fold, folded_words
from marketplace.passport.models import CompetenceTemplate

from .places import Place, place_lookup, place_names
from .versions import vocabulary_version

__all__ = ["Concept", "Lexicon", "STOP_WORDS", "Understanding", "lexicon", "understand"]

MAX_WORDS = 10
MAX_WORD_LENGTH = 40
MAX_TOKENS = 40
# Tokens a skill's or place's name may have ("first aid", "Västra Frölunda").
MAX_TERM_TOKENS = 4

# Folded. Function words of English and Swedish, and the words people wrap a need in ("need",
# "looking for", "söker", "behöver"), which every profile would otherwise have to contain.
STOP_WORDS = frozenset(fold(word) for word in """
a an the and or of to in on at by for from with without into near around within about as is are be
i me my we our us you your who whom which that this these those it its can could would should will
need needs needed needing want wanted looking look find finding hire hiring someone somebody anyone
person people freelancer freelancers help please some any available good experienced
och eller att av till i på vid för från med utan som är var vara kan kunde ska skulle vill en ett vem vilken
den det de dem denna detta dessa jag mig min mitt mina vi oss vår vårt våra du dig din ni er någon
något några behöver behov söker letar efter hitta anlita hjälp tack bra erfaren nära runt inom om
""".split())

# A token: anything between spaces and sentence punctuation; symbols inside stay (C#, .NET,
# node.js, MIG/MAG, C++).
_TOKEN = re.compile(r"[^\s,;:!?()\[\]{}<>«»\"“”„]+")
_PHRASE = re.compile(r"[\"“”„]([^\"“”„]+)[\"“”„]")
# Inflections tried when a word is not in the vocabulary as typed: Swedish definite and plural
# endings, English plurals. (suffix, what replaces it)
_ENDINGS = (
    ("arna", "are"), ("erna", "er"), ("orna", "a"), ("na", "e"), ("na", ""), ("en", "e"), ("en", ""),
    ("n", ""), ("et", ""), ("ar", ""), ("er", ""), ("or", "a"), ("ies", "y"), ("es", ""), ("s", ""),
)


def words_of(text: str) -> tuple[str, ...]:
    return tuple(word[:MAX_WORD_LENGTH] for word in folded_words(text))


@dataclass(frozen=True)
class Concept:
    """A skill, trade or document type the query names: its holders match (of a document type,
    the members with a valid document of it; of a name that a skill and a document type share,
    either). `term` is what was typed."""

    kind: str  # "skill", "category" or "document"
    slug: str
    name: str  # English
    name_sv: str
    skill_ids: tuple[int, ...]
    term: str = ""
    # The typed term's words, for matching profiles that only mention it in their text.
    words: tuple[str, ...] = ()
    document_type_ids: tuple[int, ...] = ()
    # A job title several skills share ("programmerare"): the other skills' (name, name_sv).
    also: tuple[tuple[str, str], ...] = ()

    def named(self, term: str) -> "Concept":
        return replace(self, term=term, words=words_of(term))

    def local_name(self, language: str) -> str:
        return _in_language(language, self.name, self.name_sv)

    @property
    def shared(self) -> bool:
        """A job title that names several skills: its holders of any of them match."""
        return bool(self.also)

    def skill_names(self, language: str) -> tuple[str, ...]:
        """Every skill the term names, in the reader's language."""
        return (self.local_name(language), *(_in_language(language, name, sv) for name, sv in self.also))


def _in_language(language: str, name: str, name_sv: str) -> str:
    """The Swedish name for a Swedish reader when there is one, else the English."""
    return name_sv if language.startswith("sv") and name_sv else name


@dataclass(frozen=True)
class Understanding:
    typed: str
    concepts: tuple[Concept, ...] = ()
    words: tuple[str, ...] = ()  # free words, folded, stop words out
    phrases: tuple[tuple[str, ...], ...] = ()
    excluded: tuple[str, ...] = ()
    excluded_concepts: tuple[Concept, ...] = ()
    place: Place | None = None
    place_term: str = ""
    dropped: tuple[str, ...] = ()  # stop words, as typed
    # Set by the engine: (typed, correction) of words that matched nothing, and whether it
    # fell back to profiles matching most of the words.
    corrections: tuple[tuple[str, str], ...] = ()
    relaxed: bool = False

    @property
    def only_stop_words(self) -> bool:
        return bool(self.dropped) and not (self.concepts or self.words or self.phrases or self.place
                                            or self.excluded or self.excluded_concepts)

    @property
    def skill_ids(self) -> tuple[int, ...]:
        return tuple(sorted({pk for concept in self.concepts for pk in concept.skill_ids}))

    @property
    def text_words(self) -> tuple[str, ...]:
        """Every word that ranks by text: the concepts' typed words, the free words, the phrases'."""
        seen = dict.fromkeys((*(w for c in self.concepts for w in c.words), *self.words,
                              *(w for phrase in self.phrases for w in phrase)))
        return tuple(seen)[:MAX_WORDS]


@dataclass
class Lexicon:
    """The vocabulary as the understanding reads it: folded term → concept, and every folded
    word of the vocabulary and the place names (for corrections)."""

    terms: dict[str, Concept] = field(default_factory=dict)
    known_words: frozenset[str] = frozenset()
    _by_length: dict[int, list[str]] = field(default_factory=dict)

    def concept(self, term: str) -> Concept | None:
        key = " ".join(words_of(term)) if not _SYMBOL.search(term) else fold(term).strip(".")
        found = self.terms.get(key) or self.terms.get(fold(term))
        if found is None and " " not in key and len(key) > 4:
            for ending, replacement in _ENDINGS:
                if key.endswith(ending) and len(key) - len(ending) >= 3:
                    found = self.terms.get(key[: -len(ending)] + replacement)
                    if found is not None:
                        break
        return found

    def correction(self, word: str) -> str | None:
        """The vocabulary or place word nearest to one that matches nothing: one edit away
        (two for words of eight letters or more; a swap of two letters is one edit), the
        first letter kept unless the rest is right. None when nothing is that near."""
        limit = correction_limit(word)
        if limit == 0 or word in self.known_words:
            return None
        best, best_distance = None, limit + 1
        for length in range(len(word) - limit, len(word) + limit + 1):
            for candidate in self._by_length.get(length, ()):
                if candidate[0] != word[0] and limit == 1 and candidate[1:] != word[1:]:
                    continue
                distance = edit_distance(word, candidate, limit)
                if distance < best_distance:
                    best, best_distance = candidate, distance
        return best


_SYMBOL = re.compile(r"[#+./&]")


def correction_limit(word: str) -> int:
    """How many edits a correction of this word may make: none below four letters (too many
    short words are one edit from each other), two from eight letters."""
    if len(word) < 4 or word.isdigit():
        return 0
    return 2 if len(word) >= 8 else 1


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (insert, delete, substitute, swap neighbours), or
    limit + 1 as soon as it is known to exceed the limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous_previous, previous = None, list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = char_a != char_b
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if (previous_previous is not None and i > 1 and j > 1 and char_a == b[j - 2]
                    and a[i - 2] == char_b):
                current[j] = min(current[j], previous_previous[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous_previous, previous = previous, current
    return previous[-1]


def build_lexicon() -> Lexicon:
    terms: dict[str, Concept] = {}
    skills = list(Skill.objects.only("pk", "slug", "name", "name_sv", "synonyms", "category_id").order_by("name"))
    by_category: dict[int, list[int]] = {}
    for skill in skills:
        by_category.setdefault(skill.category_id, []).append(skill.pk)

    def add(term: str, concept: Concept) -> None:
        key = fold(term).strip() if _SYMBOL.search(term) else " ".join(words_of(term))
        if not key:
            return
        existing = terms.get(key)
        if existing is None:
            terms[key] = concept
        elif existing.kind == concept.kind == "skill" and existing.slug != concept.slug:
            # One job title for several skills (a "svetsare" holds MIG or TIG): any of them.
            terms[key] = replace(existing, skill_ids=tuple(sorted({*existing.skill_ids, *concept.skill_ids})),
                                 also=(*existing.also, (concept.name, concept.name_sv)))
        elif concept.kind == "document":
            # A word a document type shares with a skill ("ADR", "Revit") or another type
            # ("våtrumsbehörighet"): the holders of either.
            terms[key] = replace(existing, document_type_ids=tuple(
                sorted({*existing.document_type_ids, *concept.document_type_ids})),
                skill_ids=existing.skill_ids if existing.kind != "document" else tuple(
                    sorted({*existing.skill_ids, *concept.skill_ids})))

    for skill in skills:
        concept = Concept("skill", skill.slug, skill.name, skill.name_sv, (skill.pk,))
        for term in skill.terms:
            add(term, concept)
    for category in SkillCategory.objects.only("pk", "slug", "name", "name_sv", "synonyms"):
        concept = Concept("category", category.slug, category.name, category.name_sv,
                          tuple(by_category.get(category.pk, ())))
        for term in category.terms:
            add(term, concept)
    # A document type's concept also carries the skills it proves: their holders match too,
    # below the holders of the document (text.Text.skill_match).
    proves: dict[int, list[int]] = {}
    for template_id, skill_id in CompetenceTemplate.skills.through.objects.values_list("competencetemplate_id",
                                                                                       "skill_id"):
        proves.setdefault(template_id, []).append(skill_id)
    for document_type in CompetenceTemplate.objects.only("pk", "slug", "name", "name_sv", "synonyms"):
        concept = Concept("document", document_type.slug, document_type.name, document_type.name_sv,
                          tuple(sorted(proves.get(document_type.pk, ()))), document_type_ids=(document_type.pk,))
        for term in document_type.terms:
            add(term, concept)

    known = set()
    for key in terms:
        known.update(words_of(key))
    for name in place_names():
        known.update(words_of(name))
    known = {word for word in known if len(word) >= 3 and not word.isdigit()}
    by_length: dict[int, list[str]] = {}
    for word in sorted(known):
        by_length.setdefault(len(word), []).append(word)
    return Lexicon(terms=terms, known_words=frozenset(known), _by_length=by_length)


_cached: dict[str, object] = {}


def lexicon() -> Lexicon:
    """This process's copy of the vocabulary, read again after any change to it."""
    version = vocabulary_version()
    if _cached.get("version") != version or "lexicon" not in _cached:
        _cached["lexicon"] = build_lexicon()
        _cached["version"] = version
    return _cached["lexicon"]


def forget_lexicon() -> None:
    _cached.clear()


def local_names() -> dict[tuple[str, str], str]:
    """{(kind, slug): name} of the skills ("skill") and trades ("category") that have a name in
    the active language other than the English one they carry in facets and cards: the
    Swedish names for Swedish readers, nothing for English ones. This process's copy, read
    again after any change to the vocabulary, like the lexicon."""
    if not (get_language() or "").startswith("sv"):
        return {}
    version = vocabulary_version()
    if _cached.get("names_version") != version or "swedish_names" not in _cached:
        names = {
            ("skill", slug): name for slug, name in Skill.objects.exclude(name_sv="").values_list("slug", "name_sv")
        }
        names.update(
            (("category", slug), name)
            for slug, name in SkillCategory.objects.exclude(name_sv="").values_list("slug", "name_sv")
        )
        _cached["swedish_names"] = names
        _cached["names_version"] = version
    return _cached["swedish_names"]


def _tokens(text: str) -> list[str]:
    tokens = []
    for token in _TOKEN.findall(text)[:MAX_TOKENS]:
        token = token.strip("'’‘`´.") if not token.startswith(".") else token.rstrip("'’‘`´.")
        if token:
            tokens.append(token)
    return tokens


def understand(typed: str, *, place_wanted: bool = True, vocabulary: Lexicon | None = None) -> Understanding:
    """What `typed` asks for (see the module's docstring). `place_wanted` is False when the
    search already has a centre: a place in the text is then a plain word."""
    vocabulary = vocabulary or lexicon()
    text = typed[:400]
    phrases = []
    for match in _PHRASE.finditer(text):
        words = words_of(match.group(1))
        if words:
            phrases.append(words)
    text = _PHRASE.sub(" ", text)

    concepts: list[Concept] = []
    excluded: list[str] = []
    excluded_concepts: list[Concept] = []
    words: list[str] = []
    dropped: list[str] = []
    place, place_term = None, ""
    tokens = _tokens(text)
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.startswith("-") and len(token) > 1:
            concept = vocabulary.concept(token[1:])
            if concept is not None:
                excluded_concepts.append(concept.named(token[1:]))
            excluded.extend(words_of(token[1:]))
            i += 1
            continue
        matched = False
        for n in range(min(MAX_TERM_TOKENS, len(tokens) - i), 0, -1):
            run = " ".join(tokens[i:i + n])
            concept = vocabulary.concept(run)
            if concept is not None and not (n == 1 and fold(run) in STOP_WORDS):
                if all(existing.slug != concept.slug for existing in concepts):
                    concepts.append(concept.named(run))
                i, matched = i + n, True
                break
            if place_wanted and place is None:
                found = place_lookup(run)
                if found is not None:
                    place, place_term = found, run
                    i, matched = i + n, True
                    break
        if matched:
            continue
        for word in words_of(token):
            if word in STOP_WORDS:
                dropped.append(word)
            elif word not in words:
                words.append(word)
        i += 1
    return Understanding(
        typed=typed, concepts=tuple(concepts), words=tuple(words[:MAX_WORDS]), phrases=tuple(phrases[:3]),
        excluded=tuple(dict.fromkeys(excluded))[:MAX_WORDS], excluded_concepts=tuple(excluded_concepts),
        place=place, place_term=place_term, dropped=tuple(dropped),
    )
