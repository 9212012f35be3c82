"""Words that editors own: a taxonomy entry (skill, skill category, document type) named in
English (`name`) and in Swedish (`name_sv`), with synonyms (job titles, abbreviations,
symbols, common inflections) one per line. The search matches all of them; pages show the
name in the reader's language."""

import unicodedata

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

# Letters that Unicode does not decompose into a base letter and a mark, written as
# PostgreSQL's unaccent writes them, so that both databases fold "Tromsø" and "Ærø" alike.
_UNDECOMPOSED = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ð": "d", "đ": "d", "ł": "l", "þ": "th", "ı": "i"})


def fold(text: str) -> str:
    """Casefolded, accents and other marks removed: "Göteborg" and "Goteborg" are one word,
    as "Malmö" and "MALMO", "Tromsø" and "Tromso". The search folds both what it stores and
    what is typed."""
    decomposed = unicodedata.normalize("NFKD", str(text).casefold().translate(_UNDECOMPOSED))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


class Vocabulary(models.Model):
    """Abstract: the Swedish name, Swedish description and the synonyms of a taxonomy entry whose
    `name` and `description` are English. Pages show both in the reader's language through
    `local_name` and `local_description` (in templates, `entry.local_name`)."""

    name_sv = models.CharField(
        _("name in Swedish"), max_length=120, blank=True,
        help_text=_("As a Swedish member would write it, e.g. “Svetsning” for Welding."),
    )
    description_sv = models.TextField(
        _("description in Swedish"), blank=True,
        help_text=_("What Swedish readers see instead of the description; empty: the description."),
    )
    synonyms = models.TextField(
        _("synonyms"), blank=True,
        help_text=_("One per line, in either language: job titles (svetsare, welder), abbreviations and "
                    "symbols (MIG/MAG, C#, VVS), common inflections. Searches for any of them find this."),
    )

    class Meta:
        abstract = True

    @property
    def synonym_list(self) -> list[str]:
        return [line.strip() for line in self.synonyms.splitlines() if line.strip()]

    @property
    def terms(self) -> list[str]:
        """Every way to name it: English and Swedish names, then the synonyms, each once."""
        seen, terms = set(), []
        for term in (self.name, self.name_sv, *self.synonym_list):
            key = fold(term)
            if term and key not in seen:
                seen.add(key)
                terms.append(term)
        return terms

    @property
    def local_name(self) -> str:
        """The name in the active language (Swedish when there is one), else the English name."""
        return self.name_sv if _swedish() and self.name_sv else self.name

    @property
    def local_description(self) -> str:
        """The description in the active language (Swedish when there is one), else the English."""
        return self.description_sv if _swedish() and self.description_sv else getattr(self, "description", "")

    def add_synonym(self, term: str) -> bool:
        """Adds a synonym unless it already names this entry; True when added."""
        term = " ".join(term.split())
        if not term or fold(term) in {fold(existing) for existing in self.terms}:
            return False
        self.synonyms = "\n".join([*self.synonym_list, term])
        return True


def _swedish() -> bool:
    return (get_language() or "en").split("-")[0] == "sv"


def vocabulary_panel() -> MultiFieldPanel:
    """The admin's panel for the names the search knows an entry by; the search index learns
    of a change in the background, within moments."""
    return MultiFieldPanel(
        [
            FieldPanel("name", help_text=_("In English, as English readers see it.")),
            FieldPanel("name_sv"),
            FieldPanel("synonyms"),
        ],
        heading=_("Names and synonyms"),
        help_text=_("A search for any of these words, in either language, finds the members who hold it."),
    )
