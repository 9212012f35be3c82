"""How a search's words match and rank (engine.py asks `Text` for its condition and its
parts of the score).

A `Text` is built from what the query was understood to mean (understanding.py) or, for a
search "as typed", from its words alone:
  concepts   skills, trades or document types the query names: the holders of any of them
             match (of a document type, the members with an approved, unexpired document of
             it), and so does a profile whose text has the typed words (a bio that mentions
             "welder"); holders rank higher, those holding more of them higher still
             (SKILL_WEIGHT), those with a valid document proving one of them higher again
             (PROVEN_WEIGHT)
  required   free words, all of which must match (prefixes, both languages' stems, accents
             folded: see the text search configurations of migration 0010)
  optional   free words beside a concept ("licensed electrician for a kitchen renovation"):
             ranked by how many match (WORDS_WEIGHT), never required
  any_of     the relaxed search: at least one of the words, ranked by how many (RELAXED_WEIGHT)
  phrases    quoted words that must appear in this order
  excluded   -words: a profile with the word, or holding the skill it names, does not match
On PostgreSQL words are tsquery conditions on the stored tsvector (GIN index); on SQLite they
are substrings of the entry's folded text."""

import math
import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, Exists, F, FloatField, OuterRef, Q, Value, When
from django.db.models.functions import Cast
from django.db.models.lookups import GreaterThanOrEqual
from django.utils import timezone

from marketplace.accounts.models import UserSkill
from marketplace.core.vocabulary import folded_words
from marketplace.passport.models import CompetenceDocument

from ..understanding import Understanding

__all__ = ["MAX_WORDS", "TEXT_CONFIGS", "Text", "holds", "holds_concept", "holds_document", "query_words", "tsquery"]

MAX_WORDS = 10
MAX_WORD_LENGTH = 40
# English and Swedish, accents removed first (migration 0010), as the index is written.
TEXT_CONFIGS = ("valund_english", "valund_swedish")
SKILL_WEIGHT = 0.5
# A valid document of a type the query names, besides holding what the concept names (one of
# the skills the type proves, or the document itself): its holders first.
DOCUMENT_WEIGHT = 0.25
# A valid passport document proving one of the skills the query names (the member's proof of
# this very skill, where the static score's verified part counts proof of any): proven holders
# before those who only list the skill.
PROVEN_WEIGHT = 0.25
WORDS_WEIGHT = 0.3
RELAXED_WEIGHT = 1.0

def query_words(q: str) -> list[str]:
    """The words of a search box entry as typed: folded (case and accents), letters and
    digits only, each once, at most MAX_WORDS; the rest is ignored."""
    words = []
    for word in folded_words(q):
        word = word[:MAX_WORD_LENGTH]
        if word not in words:
            words.append(word)
    return words[:MAX_WORDS]


def postgres() -> bool:
    return connection.vendor == "postgresql"


def tsquery(words, *, any_of: bool = False) -> SearchQuery:
    """(english 'w1:*' OR swedish 'w1:*') AND (… 'w2:*') … (OR between the words with
    `any_of`). The words hold only letters and digits, so the raw tsquery has no operators
    but these; they travel as parameters."""
    combined = None
    for word in words:
        either = None
        for config in TEXT_CONFIGS:
            one = SearchQuery(f"{word}:*", search_type="raw", config=config)
            either = one if either is None else either | one
        combined = either if combined is None else (combined | either if any_of else combined & either)
    return combined


def holds(skill_ids) -> Q:
    """Holds at least one of the skills: on PostgreSQL the entry's own copy of its skill ids
    overlaps them (no skill row read), on SQLite a skill row exists."""
    skill_ids = list(skill_ids)
    if postgres():
        return Q(skill_ids__overlap=skill_ids)
    return Q(Exists(UserSkill.objects.filter(profile_id=OuterRef("profile_id"), skill_id__in=skill_ids)))


def holds_document(document_type_ids) -> Q:
    """Has an approved document of one of these types that has not expired today (the
    passport's own `valid_on`), on either database."""
    documents = CompetenceDocument.objects.valid_on(timezone.localdate()).filter(
        owner__profile=OuterRef("profile_id"), template_id__in=list(document_type_ids))
    return Q(Exists(documents))


def proves(skill_ids) -> Q:
    """Has an approved, unexpired document that proves one of these skills."""
    documents = CompetenceDocument.objects.valid_on(timezone.localdate()).filter(
        owner__profile=OuterRef("profile_id"), skills__in=list(skill_ids))
    return Q(Exists(documents))


def holds_concept(concept) -> Q | None:
    """Holds what a concept names: one of its skills or a valid document of one of its types;
    None when it names neither (a trade without skills)."""
    condition = None
    if concept.skill_ids:
        condition = holds(concept.skill_ids)
    if concept.document_type_ids:
        held = holds_document(concept.document_type_ids)
        condition = held if condition is None else condition | held
    return condition


def has_word(word: str) -> Q:
    if postgres():
        return Q(document=tsquery([word]))
    return Q(text__contains=word)


def has_phrase(words) -> Q:
    if postgres():
        either = None
        for config in TEXT_CONFIGS:
            one = SearchQuery(" ".join(words), search_type="phrase", config=config)
            either = one if either is None else either | one
        return Q(document=either)
    return Q(text__contains=" ".join(words))


def _share(conditions, weight: float):
    """weight × the share of the conditions a row meets."""
    if not conditions:
        return None
    total = None
    for condition in conditions:
        one = Case(When(condition, then=Value(1.0)), default=Value(0.0), output_field=FloatField())
        total = one if total is None else total + one
    return Cast(Value(weight / len(conditions)) * total, FloatField())


def _sum(*parts):
    """The sum of the parts that are not None, as a float expression; None when all are."""
    present = [part for part in parts if part is not None]
    if not present:
        return None
    total = present[0]
    for part in present[1:]:
        total = total + part
    return Cast(total, FloatField())


def _text_words(words) -> tuple[str, ...]:
    """Words a concept's typed term lends to text matching: none for a symbol such as "C#"
    (its "c" would match every word starting with c), nor for a term with a word of one letter
    ("F-gas": its "gas" alone would find gas welders)."""
    return () if any(len(word) < 2 for word in words) else tuple(words)


@dataclass(frozen=True)
class Text:
    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    any_of: tuple[str, ...] = ()
    concepts: tuple = ()  # understanding.Concept
    phrases: tuple[tuple[str, ...], ...] = ()
    excluded: tuple[str, ...] = ()
    excluded_concepts: tuple = ()

    @classmethod
    def as_typed(cls, q: str) -> "Text":
        return cls(required=tuple(query_words(q)))

    @classmethod
    def of(cls, understood: Understanding) -> "Text":
        if understood.relaxed:
            return cls(any_of=understood.words, concepts=understood.concepts, phrases=understood.phrases,
                       excluded=understood.excluded, excluded_concepts=understood.excluded_concepts)
        if understood.concepts:
            return cls(optional=understood.words, concepts=understood.concepts, phrases=understood.phrases,
                       excluded=understood.excluded, excluded_concepts=understood.excluded_concepts)
        return cls(required=understood.words, phrases=understood.phrases, excluded=understood.excluded,
                   excluded_concepts=understood.excluded_concepts)

    def _concept_words(self, concept) -> tuple[str, ...]:
        return () if re.search(r"[#+./&]", concept.term) else _text_words(concept.words)

    def condition(self) -> Q | None:
        condition = Q()
        if self.required:
            if postgres():
                condition &= Q(document=tsquery(self.required))
            else:
                for word in self.required:
                    condition &= has_word(word)
        if self.any_of:
            if postgres():
                condition &= Q(document=tsquery(self.any_of, any_of=True))
            else:
                either = Q()
                for word in self.any_of:
                    either |= has_word(word)
                condition &= either
            # Most of the words: at least half of them.
            least = math.ceil(len(self.any_of) / 2)
            if least > 1:
                condition &= Q(GreaterThanOrEqual(_share([has_word(word) for word in self.any_of], len(self.any_of)),
                                                  float(least)))
        # Any of the skills or trades named ("nurse for an elderly home" asks for either), those
        # holding more of them first (skill_match).
        named = Q()
        for concept in self.concepts:
            one = holds_concept(concept) or Q(pk__in=[])
            words = self._concept_words(concept)
            if words:
                one |= Q(document=tsquery(words)) if postgres() else Q(*(has_word(word) for word in words))
            named |= one
        if named:
            condition &= named
        for phrase in self.phrases:
            condition &= has_phrase(phrase)
        for word in self.excluded:
            condition &= ~has_word(word)
        for concept in self.excluded_concepts:
            held = holds_concept(concept)
            if held is not None:
                condition &= ~held
        return condition if condition else None

    @property
    def rank_words(self) -> tuple[str, ...]:
        words = (*self.required, *self.optional, *self.any_of,
                 *(word for concept in self.concepts for word in self._concept_words(concept)),
                 *(word for phrase in self.phrases for word in phrase))
        return tuple(dict.fromkeys(words))[:MAX_WORDS]

    def rank(self):
        """ts_rank_cd over every word of the query (PostgreSQL; None on SQLite or without words):
        cover density, so words close together rank higher."""
        words = self.rank_words
        if not words or not postgres():
            return None
        return SearchRank(F("document"), tsquery(words, any_of=True), cover_density=True, normalization=Value(32))

    def skill_match(self):
        held = (holds_concept(concept) for concept in self.concepts)
        skills = _share([condition for condition in held if condition is not None], SKILL_WEIGHT)
        documents = _share([holds_document(concept.document_type_ids) for concept in self.concepts
                            if concept.document_type_ids], DOCUMENT_WEIGHT)
        proven = _share([proves(concept.skill_ids) for concept in self.concepts if concept.skill_ids], PROVEN_WEIGHT)
        return _sum(skills, documents, proven)

    def words_match(self):
        if self.any_of:
            return _share([has_word(word) for word in self.any_of], RELAXED_WEIGHT)
        return _share([has_word(word) for word in self.optional], WORDS_WEIGHT)

    def score_extra(self):
        """The score's parts besides the text rank and the static score, or None."""
        return _sum(self.skill_match(), self.words_match())
