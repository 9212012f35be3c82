"""Words that editors own: a taxonomy entry (skill, skill category, document type) named in
English (`name`) and in Swedish (`name_sv`), with synonyms (job titles, abbreviations,
symbols, common inflections) one per line. The search matches all of them; pages show the
name in the reader's language."""

import re
import unicodedata

from django.db import models
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, TitleFieldPanel
from wagtail.admin.widgets.slug import SlugInput

# Letters that Unicode does not decompose into a base letter and a mark, written as
# PostgreSQL's unaccent writes them, so that both databases fold "Tromsø" and "Ærø" alike.
_UNDECOMPOSED = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ð": "d", "đ": "d", "ł": "l", "þ": "th", "ı": "i"})


def fold(text: str) -> str:
    """Casefolded, accents and other marks removed: "Göteborg" and "Goteborg" are one word,
    as "Malmö" and "MALMO", "Tromsø" and "Tromso". The search folds both what it stores and
    what is typed."""
    decomposed = unicodedata.normalize("NFKD", str(text).casefold().translate(_UNDECOMPOSED))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


# Letters and digits of any script; everything else (quotes, hyphens, operators, punctuation)
# separates words.
_WORD = re.compile(r"[^\W_]+")


def folded_words(text: str) -> list[str]:
    """The words of a text, folded: "Wet-room" gives "wet" and "room", as PostgreSQL's parser
    reads a hyphenated word, and "C#" gives "c"."""
    return _WORD.findall(fold(text))


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


class NewEntryNamePanel(TitleFieldPanel):
    """The name, which fills the slug as it is typed while the entry is new (Wagtail's title and
    slug sync); an existing entry's slug stays as it is (search filters and links hold it)."""

    class BoundPanel(TitleFieldPanel.BoundPanel):
        def get_should_apply(self):
            return self.instance is None or self.instance.pk is None


def slug_panel() -> FieldPanel:
    return FieldPanel("slug", widget=SlugInput, help_text=_(
        "The entry's name in addresses. Empty: made from the English name when you save."))


def unique_slug(model, name: str, *, exclude_pk=None) -> str:
    """`name` as a slug not yet taken by another `model` row: "welding", then "welding-2"…"""
    max_length = model._meta.get_field("slug").max_length
    base = (slugify(fold(name)) or "entry")[: max_length - 4]
    taken = set(model._default_manager.exclude(pk=exclude_pk).filter(slug__startswith=base)
                .values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


class SlugFromNameForm(WagtailAdminModelForm):
    """An entry's admin form whose slug may be left empty: it is made from the English name when
    saved, unique among the entries. Works without JavaScript; with it, the slug fills in as the
    name is typed (NewEntryNamePanel)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False

    def clean(self):
        cleaned_data = super().clean()
        if "slug" in self.fields and not cleaned_data.get("slug") and cleaned_data.get("name"):
            cleaned_data["slug"] = unique_slug(self._meta.model, cleaned_data["name"], exclude_pk=self.instance.pk)
        return cleaned_data


def vocabulary_panel(*, fills_slug: bool = False) -> MultiFieldPanel:
    """The admin's panel for the names the search knows an entry by; the search index learns
    of a change in the background, within moments. With `fills_slug`, the name fills the slug
    field of a new entry as it is typed (use slug_panel() and SlugFromNameForm with it)."""
    name_help = _("In English, as English readers see it.")
    return MultiFieldPanel(
        [
            NewEntryNamePanel("name", help_text=name_help, classname="", placeholder=False)
            if fills_slug else FieldPanel("name", help_text=name_help),
            FieldPanel("name_sv"),
            FieldPanel("synonyms"),
        ],
        heading=_("Names and synonyms"),
        help_text=_("A search for any of these words, in either language, finds the members who hold it."),
    )
