"""The results page around its cards: the heading, and every link that changes the search
(facets, removing a filter, pages, the empty state's suggestions), built as plain data from the
form, the search and its results. Every href is a canonical search URL (forms.to_querystring)."""

import datetime
from dataclasses import dataclass, field, replace

from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from marketplace.core import dates
from marketplace.core.money import format_money

from .. import selectors
from ..forms import RADIUS_DEFAULT, RADIUS_MAX, SearchForm, to_querystring, with_changes
from ..notes import notes_for
from ..places import place_at
from ..query import SearchParams, SearchResults
from ..services import record_token, result_position
from ..understanding import local_names
from .cards import cards

__all__ = [
    "FieldMessages", "Link", "PageLinks", "ResultsPage", "about", "heading", "is_landing_page", "is_plain_search",
    "search_url",
]

PAGE_NEIGHBOURS = 2  # page numbers shown either side of the current one
SKILL_FACETS_SHOWN = 8  # the rest behind "More skills"
POPULAR_SKILLS = 8
# The fields whose errors and notes appear next to a control; lat and lon are hidden, so theirs
# appear with the place.
MESSAGE_FIELDS = {
    "q": ("q",), "near": ("near", "lat", "lon"), "radius": ("radius",), "category": ("category",),
    "skills": ("skills",), "skills_mode": ("skills_mode",), "available": ("available",),
    "available_by": ("available_by",), "rate_min": ("rate_min",), "rate_max": ("rate_max",),
    "currency": ("currency",), "min_rating": ("min_rating",), "verified": ("verified",),
    "languages": ("languages",), "sort": ("sort",),
}


@dataclass
class Link:
    label: str
    href: str
    count: int | None = None
    selected: bool = False
    approximate: bool = False  # the count is an estimate: shown as "about"


def about(number: int) -> int:
    """An estimate as the page shows it: two significant digits (33,392 → 33,000)."""
    if number < 100:
        return number
    unit = 10 ** (len(str(number)) - 2)
    return round(number / unit) * unit


@dataclass
class FieldMessages:
    name: str
    errors: list[str]
    notes: list[str]

    @property
    def element_id(self) -> str:
        return f"search-{self.name}-messages"


@dataclass
class PageLinks:
    previous: str = ""
    next: str = ""
    numbers: list = field(default_factory=list)  # Link, or None for a gap


def search_url(base_url: str, params: SearchParams) -> str:
    querystring = to_querystring(params)
    return f"{base_url}?{querystring}" if querystring else base_url


def heading(form: SearchForm, params: SearchParams, understood=None) -> str:
    """'Welding freelancers near Göteborg': what the search is for, or '' for the whole directory.
    Skills and a place read from the words (understanding.py) count as chosen."""
    concepts = understood.concepts if understood is not None else ()
    if len(form.selected_skills) == 1:
        subject = _("%(skill)s freelancers") % {"skill": form.selected_skills[0].local_name}
    elif form.selected_skills:
        subject = _("Freelancers in %(skills)s") % {
            "skills": ", ".join(skill.local_name for skill in form.selected_skills)
        }
    elif form.selected_category is not None:
        subject = _("%(category)s freelancers") % {"category": form.selected_category.local_name}
    elif len(concepts) == 1 and not understood.words and concepts[0].kind == "document":
        subject = _("Freelancers with %(document)s") % {"document": concepts[0].local_name(get_language() or "en")}
    elif len(concepts) == 1 and not understood.words and not concepts[0].shared:
        subject = _("%(skill)s freelancers") % {"skill": concepts[0].local_name(get_language() or "en")}
    elif params.q:
        subject = _("Freelancers matching “%(q)s”") % {"q": params.q}
    else:
        subject = ""
    if understood is not None and understood.place is not None:
        return _("%(subject)s near %(place)s") % {"subject": subject or _("Freelancers"),
                                                  "place": understood.place.name}
    place = place_at(params.lat, params.lon)
    if place is not None:
        return _("%(subject)s near %(place)s") % {"subject": subject or _("Freelancers"), "place": place.name}
    if params.lat is not None:
        return _("%(subject)s within %(radius)s km") % {
            "subject": subject or _("Freelancers"), "radius": params.radius_km,
        }
    return subject


def is_landing_page(params: SearchParams) -> bool:
    """A trade's own page (/freelancers/?category=welding), linked from the home page: the one
    filtered page search engines should index as itself."""
    return bool(params.category) and with_changes(params, category="", page=1) == SearchParams()


def is_plain_search(params: SearchParams) -> bool:
    """The first page of words, a trade or skills and nothing else: the searches visitors make
    most (the home page's trades, popular searches), which caches keep."""
    return with_changes(params, q="", category="", skills=(), skills_mode=SearchParams.skills_mode) == SearchParams()


class ResultsPage:
    """Everything the directory template needs about one search. Each part is computed once,
    when the template first asks for it (it asks for some, such as the messages by field and
    the page links, many times)."""

    def __init__(
        self, *, base_url: str, form: SearchForm, params: SearchParams, results: SearchResults, explanations=None,
        origin: str = "",
    ):
        self.base_url = base_url
        self.form = form
        self.params = params
        self.results = results
        # The page actually shown: a page past the end is answered with the last one.
        self.url = search_url(base_url, with_changes(params, page=results.page))
        self.heading = heading(form, params, results.understood)
        self.is_filtered = with_changes(params, page=1) != SearchParams()
        # For the recording beacon (static/js/search.js): the search, and the position in the
        # whole search of this page's first result, from which a click's position is counted.
        self.record_token = record_token(with_changes(params, page=results.page), results.total)
        self.first_position = result_position(results.page, 1, results.per_page)
        self.cards = cards(results.profiles, skill_slugs=set(params.skills))
        # Without JavaScript the page records itself: its <noscript> image (search:shown) and
        # each link's `ping` (search:click, the token and the result's position). HTML allows
        # only absolute http(s) URLs in `ping`, hence the origin (scheme and host) the page is
        # served on, which the caches key on anyway.
        token = urlencode({"token": self.record_token})
        self.shown_url = f"{reverse('search:shown')}?{token}"
        click_url = f"{origin}{reverse('search:click')}"
        for index, card in enumerate(self.cards):
            card.ping = f"{click_url}?{token}&position={self.first_position + index}"
        for card in self.cards if explanations else ():
            card.explanation = explanations.get(card.profile.pk)

    def _url(self, **changes) -> str:
        return search_url(self.base_url, with_changes(self.params, **changes))

    @cached_property
    def skill_facets(self) -> list[Link]:
        """Each skill among the matches: a link that adds it, or removes it when chosen."""
        links, names = [], local_names()
        for facet in self.results.skill_facets:
            selected = facet.slug in self.params.skills
            skills = (
                tuple(slug for slug in self.params.skills if slug != facet.slug)
                if selected else tuple(sorted({*self.params.skills, facet.slug}))
            )
            links.append(Link(names.get(("skill", facet.slug), facet.name), self._url(skills=skills),
                              self._count(facet.count), selected,
                              self.results.approximate))
        return links

    @property
    def skill_facets_shown(self) -> list[Link]:
        return self.skill_facets[:SKILL_FACETS_SHOWN]

    @property
    def skill_facets_more(self) -> list[Link]:
        return self.skill_facets[SKILL_FACETS_SHOWN:]

    @cached_property
    def category_facets(self) -> list[Link]:
        names = local_names()
        return [
            Link(names.get(("category", facet.slug), facet.name),
                 self._url(category="" if facet.slug == self.params.category else facet.slug),
                 self._count(facet.count), facet.slug == self.params.category, self.results.approximate)
            for facet in self.results.category_facets
        ]

    def _count(self, number: int) -> int:
        return about(number) if self.results.approximate else number

    @cached_property
    def total_shown(self) -> int:
        """The number of matches as the page says it: rounded when it is an estimate."""
        return self._count(self.results.total)

    @cached_property
    def active_filters(self) -> list[Link]:
        """Each filter in force, as a link to the same search without it."""
        params, form = self.params, self.form
        links = []
        if params.q:
            links.append(Link(_("“%(q)s”") % {"q": params.q}, self._url(q="")))
        for skill in form.selected_skills:
            remaining = tuple(slug for slug in params.skills if slug != skill.slug)
            links.append(Link(skill.local_name, self._url(skills=remaining)))
        if form.selected_category is not None:
            links.append(Link(form.selected_category.local_name, self._url(category="")))
        if params.lat is not None:
            place = place_at(params.lat, params.lon)
            label = (
                _("Within %(radius)s km of %(place)s") % {"radius": params.radius_km, "place": place.name}
                if place else _("Within %(radius)s km of the chosen point") % {"radius": params.radius_km}
            )
            links.append(Link(label, self._url(lat=None, lon=None, radius_km=None, sort=self._sort_without_centre)))
        if params.available_now:
            links.append(Link(_("Available now"), self._url(available_now=False)))
        elif params.available_by is not None:
            links.append(Link(
                _("Available by %(date)s") % {"date": _date(params.available_by)}, self._url(available_by=None)
            ))
        if params.rate_min is not None or params.rate_max is not None:
            links.append(Link(self._rate_label(), self._url(rate_min=None, rate_max=None, currency="")))
        if params.min_rating is not None:
            links.append(Link(_("Rated %(rating)s and up") % {"rating": f"{params.min_rating:g}"},
                              self._url(min_rating=None)))
        if params.verified_only:
            links.append(Link(_("Verified certificates"), self._url(verified_only=False)))
        for language in form.selected_languages:
            remaining = tuple(code for code in params.languages if code != language.code)
            links.append(Link(_("Speaks %(language)s") % {"language": language.name}, self._url(languages=remaining)))
        return links

    @property
    def _sort_without_centre(self) -> str:
        return "relevance" if self.params.sort == "distance" else self.params.sort

    def _rate_label(self) -> str:
        params = self.params
        low = format_money(params.rate_min, params.currency) if params.rate_min is not None else ""
        high = format_money(params.rate_max, params.currency) if params.rate_max is not None else ""
        if low and high:
            return _("%(low)s to %(high)s an hour") % {"low": low, "high": high}
        if low:
            return _("At least %(low)s an hour") % {"low": low}
        return _("At most %(high)s an hour") % {"high": high}

    @property
    def point_centre(self) -> bool:
        """The search is around coordinates rather than a named place: the form keeps them."""
        return self.params.lat is not None and not self.form.cleaned_data.get("near")

    @property
    def clear_url(self) -> str:
        return self.base_url

    @cached_property
    def pages(self) -> PageLinks:
        """Previous and next, the first and last page, and a few either side of this one."""
        results = self.results
        links = PageLinks()
        if results.num_pages <= 1:
            return links
        if results.has_previous:
            links.previous = self._url(page=results.page - 1)
        if results.has_next:
            links.next = self._url(page=results.page + 1)
        shown = {1, results.num_pages} | set(
            range(max(1, results.page - PAGE_NEIGHBOURS), min(results.num_pages, results.page + PAGE_NEIGHBOURS) + 1)
        )
        last = 0
        for number in sorted(shown):
            if number > last + 1:
                links.numbers.append(None)
            links.numbers.append(Link(str(number), self._url(page=number), selected=number == results.page))
            last = number
        return links

    @cached_property
    def understood(self):
        """How the search read its words: corrections, understood skills and place, relaxing."""
        return notes_for(self.base_url, self.params, self.results.understood)

    @cached_property
    def wider_radius(self) -> Link | None:
        """For an empty radius search: the same search over twice the distance (up to the maximum)."""
        radius = self.params.radius_km
        if self.params.lat is None or radius is None or radius >= RADIUS_MAX:
            return None
        wider = min(RADIUS_MAX, max(radius * 2, RADIUS_DEFAULT))
        return Link(_("Search within %(radius)s km") % {"radius": wider}, self._url(radius_km=wider))

    @cached_property
    def popular_skills(self) -> list[Link]:
        """For an empty result: the skills most freelancers around the same place have, each
        as a search of its own there; or, when no one is around, the most common anywhere.
        Read from a cached selector, only when nothing matched."""
        params, names = self.params, local_names()
        if params.lat is not None:
            centre = SearchParams(lat=params.lat, lon=params.lon, radius_km=params.radius_km)
            facets = selectors.popular_skills(
                lat=params.lat, lon=params.lon, radius_km=params.radius_km, limit=POPULAR_SKILLS
            )
            if facets:
                return [Link(names.get(("skill", f.slug), f.name),
                             search_url(self.base_url, replace(centre, skills=(f.slug,))), f.count)
                        for f in facets]
        facets = selectors.popular_skills(limit=POPULAR_SKILLS)
        return [Link(names.get(("skill", f.slug), f.name), search_url(self.base_url, SearchParams(skills=(f.slug,))),
                     f.count) for f in facets]

    @cached_property
    def field_messages(self) -> list[FieldMessages]:
        errors, notes = self.form.errors, self.form.notes
        return [
            FieldMessages(
                name=name,
                errors=[message for source in sources for message in errors.get(source, [])],
                notes=[message for source in sources for message in notes.get(source, [])],
            )
            for name, sources in MESSAGE_FIELDS.items()
        ]

    @cached_property
    def messages_by_field(self) -> dict[str, FieldMessages]:
        return {messages.name: messages for messages in self.field_messages}

    @cached_property
    def filter_count(self) -> int:
        """Filters in force besides the words and the place, for the 'Filters (3)' summary."""
        params = self.params
        return sum((
            len(params.skills), bool(params.category), params.available_now or params.available_by is not None,
            params.rate_min is not None or params.rate_max is not None, params.min_rating is not None,
            params.verified_only, len(params.languages),
        ))


def _date(value: datetime.date) -> str:
    return dates.day(value)
