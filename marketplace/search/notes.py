"""What the results page says about how the search read its words (understanding.py): a
spelling it corrected ("Showing results for electrician. Search instead for electrcian"),
the skills and place it understood, as chips that undo them, and when it settled for
profiles matching most of the words. Plain data; the directory template lays it out."""

import re
from dataclasses import dataclass, field, replace

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from marketplace.core.vocabulary import fold

from .forms import to_querystring
from .query import SearchParams


@dataclass
class Chip:
    label: str
    href: str


@dataclass
class Correction:
    shown: str  # the words searched for
    typed: str  # the words as typed
    href: str  # the search as typed


@dataclass
class Notes:
    correction: Correction | None = None
    chips: list[Chip] = field(default_factory=list)
    relaxed: bool = False
    only_stop_words: bool = False

    def __bool__(self) -> bool:
        return bool(self.correction or self.chips or self.relaxed or self.only_stop_words)


def _url(base_url: str, params: SearchParams) -> str:
    querystring = to_querystring(replace(params, page=1))
    return f"{base_url}?{querystring}" if querystring else base_url


def _without(text: str, term: str) -> str:
    """The typed text without one term (the place), spaces tidied."""
    pattern = re.compile(r"(?<!\w)" + re.escape(term) + r"(?!\w)", re.IGNORECASE)
    return " ".join(pattern.sub(" ", text, count=1).split())


def _listed(names: tuple[str, ...], shown: int = 3) -> str:
    """'Python, Django, Java and 5 more': the first few of a shared job title's skills."""
    if len(names) <= shown:
        return ", ".join(names)
    return _("%(names)s and %(count)s more") % {"names": ", ".join(names[:shown]), "count": len(names) - shown}


def notes_for(base_url: str, params: SearchParams, understood) -> Notes:
    if understood is None:
        return Notes()
    as_typed = _url(base_url, replace(params, literal=True))
    notes = Notes(relaxed=understood.relaxed, only_stop_words=understood.only_stop_words)
    if understood.corrections:
        fixed = dict(understood.corrections)
        shown = " ".join(fixed.get(fold(token.strip(".,;:!?")), token) for token in params.q.split())
        notes.correction = Correction(shown=shown, typed=params.q, href=as_typed)
    language = get_language() or "en"
    for concept in understood.concepts:
        name = concept.local_name(language)
        term = concept.term
        if concept.kind == "category":
            label = _("Trade: %(name)s") % {"name": name}
        elif concept.kind == "document":
            label = _("Document: %(name)s") % {"name": name}
        elif concept.shared:
            label = _("Skills: %(names)s") % {"names": _listed(concept.skill_names(language))}
        else:
            label = _("Skill: %(name)s") % {"name": name}
        if term and fold(term) != fold(name):
            label = _("%(label)s (“%(typed)s”)") % {"label": label, "typed": term}
        notes.chips.append(Chip(label, as_typed))
    if understood.place is not None:
        label = _("Near %(place)s, from your words") % {"place": understood.place.name}
        notes.chips.append(Chip(label, _url(base_url, replace(params, q=_without(params.q, understood.place_term)))))
    return notes
