"""The search form: the results page's GET parameters in, SearchParams out. And the way back:
SearchParams to the canonical querystring that pagination and facet links, shared URLs and
saved searches use, so that `from_querystring(to_querystring(params)) == params`.

Bad input never fails the search: a field that does not parse gets an error next to it and
the search runs with the rest; an unknown skill, trade or language is left out with a note.

The querystring, field by field (defaults are left out):
  q=text  skills=slug (repeated)  skills_mode=all  category=slug
  near=Göteborg  or  lat=57.7&lon=11.97    radius=km (1–500; 50 when a place is given)
  available=now  or  available=by&available_by=2026-03-01
  rate_min=500&rate_max=900.50&currency=SEK (major units)  min_rating=4.5  verified=on
  languages=code (repeated)  sort=rate_asc  page=2
Skills and languages may also come comma-separated (skills=welding,tig), as editors write them.
"""

from dataclasses import replace
from urllib.parse import urlencode

from django import forms
from django.http import QueryDict
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from marketplace.accounts.models import Language, Skill, SkillCategory
from marketplace.core.forms import LocalDecimalField
from marketplace.core.money import CURRENCY_CHOICES, MINOR_UNITS, to_major, to_minor

from ..places import Place, place_at, place_lookup, place_names
from ..query import RADIUS_DEFAULT, SORTS, SearchParams
from ..selectors.taxonomy import form_choices, taxonomy
from .fields import MAX_SLUGS, LoadedOnce, SlugListField
from .rendering import WidgetRenderer

__all__ = [
    "MAX_PAGE", "MAX_SLUGS", "Q_MAX_LENGTH", "RADIUS_DEFAULT", "RADIUS_MAX", "RADIUS_MIN", "RATING_CHOICES",
    "SORT_CHOICES", "LoadedOnce", "SearchForm", "SlugListField", "from_querystring", "to_items", "to_querystring",
    "with_changes",
]

Q_MAX_LENGTH = 200
RADIUS_MIN, RADIUS_MAX = 1, 500
MAX_PAGE = 10_000  # the engine answers a page past the end with the last one; this keeps the number sane

SORT_CHOICES = [
    ("relevance", _("Best match")),
    ("distance", _("Nearest")),
    ("rating", _("Highest rated")),
    ("rate_asc", _("Lowest rate")),
    ("rate_desc", _("Highest rate")),
    ("newest", _("Newest")),
]
RATING_CHOICES = [("", _("Any rating")), ("4.5", _("4.5 and up")), ("4", _("4 and up")), ("3", _("3 and up"))]


def _skill_choices():
    return form_choices()["skills"]


def _category_choices():
    return [("", _("Every trade")), *form_choices()["categories"]]


def _language_choices():
    return form_choices()["languages"]


def _shown(value: str) -> str:
    return Truncator(value).chars(40)


def _quoted(values: list[str]) -> str:
    return ", ".join(f"“{_shown(value)}”" for value in values[:5])


class SearchForm(forms.Form):
    # The stock widgets written in Python (rendering.py): the page shows every field on every search.
    default_renderer = WidgetRenderer()

    q = forms.CharField(
        label=_("Search"), required=False,
        widget=forms.TextInput(attrs={
            "type": "search", "maxlength": Q_MAX_LENGTH, "autocomplete": "off",
            "placeholder": _("Skill, trade or name"),
        }),
    )
    near = forms.CharField(
        label=_("Near"), required=False,
        widget=forms.TextInput(attrs={"list": "search-places", "autocomplete": "off", "placeholder": _("City")}),
    )
    radius = forms.IntegerField(
        label=_("Within (km)"), required=False, min_value=RADIUS_MIN, max_value=RADIUS_MAX,
        error_messages={
            code: _("Choose a distance from %(min)s to %(max)s km.") % {"min": RADIUS_MIN, "max": RADIUS_MAX}
            for code in ("invalid", "min_value", "max_value")
        },
        widget=forms.NumberInput(attrs={"placeholder": str(RADIUS_DEFAULT), "inputmode": "numeric"}),
    )
    lat = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)
    category = forms.CharField(
        label=_("Trade"), required=False, widget=forms.Select(choices=LoadedOnce(_category_choices)),
    )
    skills = SlugListField(label=_("Skills"), choices=LoadedOnce(_skill_choices))
    skills_mode = forms.ChoiceField(
        label=_("Match"), required=False, initial="any", widget=forms.RadioSelect,
        choices=[("any", _("Any of the skills")), ("all", _("All of the skills"))],
    )
    available = forms.ChoiceField(
        label=_("Available"), required=False, initial="", widget=forms.RadioSelect,
        choices=[("", _("Any time")), ("now", _("Now")), ("by", _("By a date"))],
    )
    available_by = forms.DateField(
        label=_("Available by"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    rate_min = LocalDecimalField(label=_("Lowest"), required=False, min_value=0, max_digits=9, decimal_places=2)
    rate_max = LocalDecimalField(label=_("Highest"), required=False, min_value=0, max_digits=9, decimal_places=2)
    currency = forms.ChoiceField(label=_("Currency"), required=False, choices=[("", "–")] + CURRENCY_CHOICES)
    min_rating = forms.FloatField(
        label=_("Rating"), required=False, min_value=1, max_value=5, widget=forms.Select(choices=RATING_CHOICES),
    )
    verified = forms.BooleanField(label=_("Verified certificates only"), required=False)
    languages = SlugListField(label=_("Speaks"), choices=LoadedOnce(_language_choices))
    sort = forms.CharField(label=_("Sort by"), required=False, widget=forms.Select(choices=SORT_CHOICES))
    # Not rendered: links carry it, and a changed filter starts again at page 1.
    page = forms.CharField(required=False, widget=forms.HiddenInput)
    # Links carry it too ("Search instead for …"): the words as typed, nothing read into them.
    as_typed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            data = data.copy()
            # So that "any" shows as chosen, which is what an absent value means anyway, and the
            # search box shows the words that were searched for.
            if not data.get("skills_mode"):
                data["skills_mode"] = "any"
            if len(data.get("q") or "") > Q_MAX_LENGTH:
                data["q"] = data["q"][:Q_MAX_LENGTH]
        kwargs.setdefault("label_suffix", "")
        super().__init__(data, *args, **kwargs)
        # Not errors, so not in self.errors: what was left out of the search and why.
        self.notes: dict[str, list[str]] = {}
        self.selected_skills: list[Skill] = []
        self.selected_category: SkillCategory | None = None
        self.selected_languages: list[Language] = []
        self.place: Place | None = None
        for name, field in self.fields.items():
            # Where the errors and notes of a field appear; the page keeps the element and
            # refreshes its contents as the results change.
            if not field.widget.is_hidden:
                field.widget.attrs.setdefault("aria-describedby", f"search-{name}-messages")

    def add_note(self, field: str, message: str) -> None:
        self.notes.setdefault(field, []).append(message)

    def clean_q(self):
        # A pasted essay is cut, not refused: the first words are what matter.
        return self.cleaned_data["q"][:Q_MAX_LENGTH].strip()

    def clean_skills(self):
        slugs = self.cleaned_data["skills"]
        if not slugs:
            return []
        known = taxonomy().skills
        by_slug = {slug: known[slug] for slug in slugs if slug in known}
        unknown = [slug for slug in slugs if slug not in by_slug]
        if unknown:
            self.add_note("skills", ngettext(
                "We don't know the skill %(names)s, so we left it out.",
                "We don't know the skills %(names)s, so we left them out.", len(unknown),
            ) % {"names": _quoted(unknown)})
        self.selected_skills = sorted(by_slug.values(), key=lambda skill: skill.slug)
        return [skill.slug for skill in self.selected_skills]

    def clean_skills_mode(self):
        return self.cleaned_data["skills_mode"] or "any"

    def clean_category(self):
        slug = self.cleaned_data["category"].strip().lower()
        if not slug:
            return ""
        self.selected_category = taxonomy().categories.get(slug)
        if self.selected_category is None:
            self.add_note("category", _("We don't know the trade “%(name)s”, so we left it out.") % {
                "name": _shown(slug),
            })
            return ""
        return slug

    def clean_near(self):
        name = self.cleaned_data["near"]
        if not name:
            return ""
        self.place = place_lookup(name)
        if self.place is None:
            raise forms.ValidationError(_("We don't know that place; try a nearby city."), code="unknown_place")
        return self.place.name

    def clean_languages(self):
        codes = self.cleaned_data["languages"]
        if not codes:
            return []
        known = taxonomy().languages
        by_code = {code: known[code] for code in codes if code in known}
        unknown = [code for code in codes if code not in by_code]
        if unknown:
            self.add_note("languages", ngettext(
                "We don't know the language %(codes)s, so we left it out.",
                "We don't know the languages %(codes)s, so we left them out.", len(unknown),
            ) % {"codes": _quoted(unknown)})
        self.selected_languages = sorted(by_code.values(), key=lambda language: language.code)
        return [language.code for language in self.selected_languages]

    def clean_sort(self):
        # Only a hand-made URL has another value; the default order answers it.
        sort = self.cleaned_data["sort"]
        return sort if sort in SORTS else "relevance"

    def clean_page(self):
        try:
            page = int(self.cleaned_data["page"])
        except (TypeError, ValueError):
            return 1
        return min(max(page, 1), MAX_PAGE)

    def clean(self):
        cleaned = super().clean()
        self._clean_centre(cleaned)
        self._clean_availability(cleaned)
        self._clean_rates(cleaned)
        if cleaned.get("sort") == "distance" and cleaned.get("centre") is None:
            cleaned["sort"] = "relevance"
        return cleaned

    def _clean_centre(self, cleaned):
        lat, lon = cleaned.get("lat"), cleaned.get("lon")
        if self.place is not None:
            cleaned["centre"] = (self.place.lat, self.place.lon)
        elif lat is not None and lon is not None:
            cleaned["centre"] = (lat, lon)
            self.place = place_at(lat, lon)
        else:
            cleaned["centre"] = None
            if (lat is None) != (lon is None) and "lat" not in self.errors and "lon" not in self.errors:
                self.add_error("lat", _("A point needs both a latitude and a longitude."))

    def _clean_availability(self, cleaned):
        available, by = cleaned.get("available"), cleaned.get("available_by")
        if available == "by" and by is None and "available_by" not in self.errors:
            self.add_error("available_by", _("Choose the date they should be free by."))
        elif available == "now":
            cleaned["available_by"] = None
        elif by is not None:
            cleaned["available"] = "by"

    def _clean_rates(self, cleaned):
        rate_min, rate_max = cleaned.get("rate_min"), cleaned.get("rate_max")
        if rate_min is None and rate_max is None:
            return
        if not cleaned.get("currency") and "currency" not in self.errors:
            self.add_error("currency", _("Choose the currency of the rate."))
        if rate_min is not None and rate_max is not None and rate_min > rate_max:
            self.add_error("rate_max", _("The highest rate must be at least the lowest."))

    def to_params(self) -> SearchParams:
        """The search this form asks for: every valid field, defaults for the others."""
        if not self.is_bound:
            return SearchParams()
        self.is_valid()
        data = self.cleaned_data
        centre = data.get("centre")
        currency = data.get("currency") or ""
        rates = {}
        if currency:
            rates = {
                name: to_minor(data[name], currency)
                for name in ("rate_min", "rate_max")
                if data.get(name) is not None
            }
        return SearchParams(
            q=data.get("q", ""),
            skills=tuple(data.get("skills", ())),
            skills_mode=data.get("skills_mode") or "any",
            category=data.get("category", ""),
            lat=centre[0] if centre else None,
            lon=centre[1] if centre else None,
            radius_km=(data.get("radius") or RADIUS_DEFAULT) if centre else None,
            available_now=data.get("available") == "now",
            available_by=data.get("available_by") if data.get("available") == "by" else None,
            rate_min=rates.get("rate_min"),
            rate_max=rates.get("rate_max"),
            currency=currency,
            min_rating=data.get("min_rating"),
            verified_only=bool(data.get("verified")),
            languages=tuple(data.get("languages", ())),
            sort=data.get("sort") or "relevance",
            page=data.get("page") or 1,
            literal=bool(data.get("as_typed")) and bool(data.get("q")),
        )

    @property
    def place_names(self) -> list[str]:
        return place_names()


def _number(value: float) -> str:
    """The shortest text that reads back as the same float: 4.0 → '4', 57.70887 → '57.70887'."""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def _amount(minor: int, currency: str) -> str:
    if currency not in MINOR_UNITS:
        return str(minor)
    major = to_major(minor, currency)
    return str(major.to_integral_value()) if major == major.to_integral_value() else str(major)


def to_items(params: SearchParams) -> list[tuple[str, str]]:
    """The (name, value) pairs of the canonical querystring, in a fixed order, defaults left out."""
    items: list[tuple[str, str]] = []
    if params.q:
        items.append(("q", params.q))
    items += [("skills", slug) for slug in params.skills]
    if params.skills_mode != "any":
        items.append(("skills_mode", params.skills_mode))
    if params.category:
        items.append(("category", params.category))
    if params.lat is not None and params.lon is not None:
        place = place_at(params.lat, params.lon)
        if place is not None:
            items.append(("near", place.name))
        else:
            items += [("lat", _number(params.lat)), ("lon", _number(params.lon))]
        if params.radius_km is not None and params.radius_km != RADIUS_DEFAULT:
            items.append(("radius", str(params.radius_km)))
    if params.available_now:
        items.append(("available", "now"))
    elif params.available_by is not None:
        items += [("available", "by"), ("available_by", params.available_by.isoformat())]
    if params.rate_min is not None:
        items.append(("rate_min", _amount(params.rate_min, params.currency)))
    if params.rate_max is not None:
        items.append(("rate_max", _amount(params.rate_max, params.currency)))
    if params.currency:
        items.append(("currency", params.currency))
    if params.min_rating is not None:
        items.append(("min_rating", _number(params.min_rating)))
    if params.verified_only:
        items.append(("verified", "on"))
    items += [("languages", code) for code in params.languages]
    if params.sort != "relevance":
        items.append(("sort", params.sort))
    if params.literal and params.q:
        items.append(("as_typed", "1"))
    if params.page != 1:
        items.append(("page", str(params.page)))
    return items


def to_querystring(params: SearchParams) -> str:
    """The canonical querystring of a search, without '?': '' for the unfiltered first page."""
    return urlencode(to_items(params))


def from_querystring(querystring: str) -> SearchParams:
    """The search a querystring asks for (a leading '?' is fine); bad parts are left out."""
    return SearchForm(QueryDict(querystring.removeprefix("?"))).to_params()


def with_changes(params: SearchParams, **changes) -> SearchParams:
    """Another search from this one; back to page 1 unless a page is given, since the results change."""
    changes.setdefault("page", 1)
    return replace(params, **changes)

