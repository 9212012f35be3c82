"""{% result_card card %} and {% chips links %}: the fragments a results page repeats, written
in Python.

A search page shows up to 24 cards and some 40 facet links, and through the template engine
they were a tenth of the page's time (docs/benchmarks.md has the figures). The page's layout stays
in the templates, which call these tags where they want a card or a list of links. Every
value is escaped (tests/marketplace/search/test_fragments.py); the fixed texts are translated
once per language.
"""

from functools import lru_cache

from django import template
from django.utils.formats import number_format
from django.utils.html import conditional_escape as escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ..presentation import Card, Link

register = template.Library()


@lru_cache(maxsize=8)
def _texts(language: str | None) -> dict[str, str]:
    """The fixed texts of a card and a link list, escaped, in the active language."""
    return {key: escape(text) for key, text in {
        "verified": _("Verified certificates"), "location": _("Location"), "rate": _("Rate"),
        "available": _("Available"), "top_skills": _("Top skills"), "is_verified": _("(verified)"),
        "about": _("about"), "out_of_5": _("out of 5"),
        "why": _("Why this rank (staff only)"), "score": _("Score"), "distance_km": _("Distance (not scored)"),
        "text": _("Words"), "skill": _("Named skill held"), "words": _("Other words matched"),
        "verified_part": _("Verified certificates"), "rating": _("Rating"), "experience": _("Experience"),
        "completeness": _("Complete profile"), "activity": _("Recent activity"),
    }.items()}


def _explanation(parts, texts) -> str:
    """The parts of a result's score, for staff, as a disclosure under the card."""
    if parts is None:
        return ""
    rows = "".join(
        f'\n      <dt>{texts["verified_part" if key == "verified" else key]}</dt><dd>{value:.3f}</dd>'
        for key, value in parts.rows()
    )
    distance = (
        f'\n      <dt>{texts["distance_km"]}</dt><dd>{parts.distance_km:.1f} km</dd>'
        if parts.distance_km is not None else ""
    )
    return (
        f'\n  <details class="result-card__why">\n    <summary>{texts["why"]}</summary>\n    <dl class="facts">'
        f'\n      <dt>{texts["score"]}</dt><dd><strong>{parts.total:.3f}</strong></dd>{rows}{distance}'
        '\n    </dl>\n  </details>'
    )


@register.simple_tag
def result_card(card: Card) -> SafeString:
    """One search result (presentation.Card), as search results, the live-search block and the
    pattern page show it."""
    texts = _texts(get_language())
    profile = card.profile
    avatar = (
        f'<img class="avatar" src="{escape(card.avatar_url)}" alt="" width="64" height="64" loading="lazy">'
        if card.avatar_url else f'<span class="avatar" aria-hidden="true">{escape(card.initials)}</span>'
    )
    headline = f'\n      <p class="muted">{escape(profile.headline)}</p>' if profile.headline else ""
    verified = (
        '\n  <p class="result-card__verified"><span class="badge badge--verified"><span aria-hidden="true">✓</span> '
        f'{texts["verified"]}</span></p>' if card.verified else ""
    )
    facts = []
    if card.rating:
        facts.append(
            f'<dt>{texts["rating"]}</dt>\n    <dd class="result-card__rating"><span class="stars" aria-hidden="true">'
            f'{escape(card.stars)}</span> <strong>{escape(card.rating)}</strong><span class="visually-hidden"> '
            f'{texts["out_of_5"]}</span> · {escape(card.reviews)}</dd>'
        )
    else:
        facts.append(f'<dt>{texts["rating"]}</dt>\n    <dd class="muted">{escape(card.reviews)}</dd>')
    if card.place or card.distance:
        distance = (
            f'{" · " if card.place else ""}<span class="result-card__distance">{escape(card.distance)}</span>'
            if card.distance else ""
        )
        facts.append(f'<dt>{texts["location"]}</dt>\n    <dd>{escape(card.place)}{distance}</dd>')
    if card.rate:
        facts.append(f'<dt>{texts["rate"]}</dt>\n    <dd>{escape(card.rate)}</dd>')
    availability = escape(card.availability)
    if card.available_now:
        availability = f'<span class="result-card__now">{availability}</span>'
    facts.append(f'<dt>{texts["available"]}</dt>\n    <dd>{availability}</dd>')
    skills = ""
    if card.skills:
        tags = "".join(
            f'\n    <li class="badge badge--verified">{escape(skill.name)} <span aria-hidden="true">✓</span>'
            f'<span class="visually-hidden">{texts["is_verified"]}</span></li>'
            if skill.verified else f'\n    <li class="badge">{escape(skill.name)}</li>'
            for skill in card.skills
        )
        skills = f'\n  <ul class="tags" aria-label="{texts["top_skills"]}">{tags}\n  </ul>'
    facts_html = "\n    ".join(facts)
    ping = f' ping="{escape(card.ping)}"' if card.ping else ""
    return mark_safe(  # noqa: S308 -- every value above is escaped
        '<article class="card card--link result-card" data-hx-boost="false">\n'
        f'  <div class="person">\n    {avatar}\n    <div>\n'
        f'      <h3><a class="card__link" href="{escape(card.href)}"{ping}>{escape(profile.display_name)}</a></h3>'
        f"{headline}\n    </div>\n  </div>{verified}\n"
        f'  <dl class="facts">\n    {facts_html}\n  </dl>{skills}{_explanation(card.explanation, texts)}\n</article>'
    )


@register.simple_tag
def chips(links: list[Link]) -> SafeString:
    """Links as chips: facets to add or remove, suggestions. A count is shown after the label,
    as "~ 1,200" (read "about 1,200") when it is an estimate."""
    texts = _texts(get_language())
    items = []
    for link in links:
        selected = ' aria-current="true"' if link.selected else ""
        count = ""
        if link.count is not None:
            about = (
                f'<span aria-hidden="true">~</span><span class="visually-hidden">{texts["about"]} </span>'
                if link.approximate else ""
            )
            count = f' <span class="chip__count">{about}{number_format(link.count, force_grouping=True)}</span>'
        items.append(
            f'\n  <li><a class="chip{" chip--selected" if selected else ""}" href="{escape(link.href)}"'
            f"{selected}>{escape(link.label)}{count}</a></li>"
        )
    return mark_safe(f'<ul class="chips">{"".join(items)}\n</ul>')  # noqa: S308 -- every value is escaped
