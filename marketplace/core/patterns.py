"""The design system's pattern page (/styleguide/, staff only): every component of
static/css/valund.css rendered with the include templates and classes the site really uses,
beside a note on when to use it, plus the colour, type and spacing tokens.

The colours are read from the stylesheet's :root each time, so the swatches and contrast
ratios cannot drift from the real tokens. Everything on the page is made up here, in memory:
the page reads nothing from the database but the session and the user, whatever the data."""

import re
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.messages.storage.base import Message
from django.contrib.staticfiles import finders
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

STYLESHEET = "css/valund.css"


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    when: str
    use: str


SECTIONS = [
    Section("colours", "Colour tokens",
            "Use the custom properties, never a raw hex value: a new colour is a new token, added to :root "
            "with its contrast checked here.",
            "var(--c-…)"),
    Section("type", "Type scale",
            "Five sizes. Headings take theirs from h1–h3; body text is --fs-base; small print, badges and help "
            "text --fs-sm.",
            "var(--fs-sm) … var(--fs-2xl), h1 h2 h3"),
    Section("spacing", "Spacing, radii and shadow",
            "Margins, gaps and padding come from the seven steps; corners from the two radii.",
            "var(--sp-1) … var(--sp-7), var(--radius), var(--radius-lg), var(--shadow)"),
    Section("layout", "Layout",
            "A page's content sits in .container (or .container--narrow for forms and conversations). Main "
            "column and sidebar: .layout-sidebar. Even cards: .grid. Vertical rhythm: .stack.",
            ".container, .container--narrow, .layout-sidebar, .grid, .stack, .section"),
    Section("hero", "Hero",
            "Once, at the top of a landing page, for the page's single main message. Links in it are "
            "buttons; keyboard focus is drawn in white on the green.",
            ".hero, a.button / a.button--secondary inside"),
    Section("page_head", "Page head and lead",
            "The title of a member's page with its main action beside it; .lead for the sentence that "
            "explains the page.",
            ".page-head, .lead"),
    Section("buttons", "Buttons",
            "One primary button per form or view; secondary for the other choices; danger only for "
            "destructive actions, which are confirmed. A link that looks like a button goes somewhere; a "
            "button does something. .link-button is a button that must look like a link (log out).",
            ".button, .button--secondary, .button--danger, .button--small, .link-button"),
    Section("forms", "Form fields",
            "Render fields through Django's form rendering: the project's renderer wraps each one in "
            "includes/field.html (label, help text, errors, .field--error) and a whole form in "
            "includes/form.html (errors that belong to no field as an error alert). Write <div class=\"field\"> "
            "by hand only for a field that is not in a Django form.",
            "{{ form }}, {{ form.field.as_field_group }}, includes/field.html, includes/form.html, .form, "
            ".form-row, .form-actions, .choices"),
    Section("alerts", "Alerts and messages",
            "Feedback after an action (Django messages, rendered by includes/messages.html in base.html), or "
            "a standing notice on a page. Error alerts get role=\"alert\".",
            "includes/messages.html, .alert, .alert--success, .alert--warning, .alert--error"),
    Section("badges", "Badges",
            "A short label on something: a skill, a level, a count. Colour never carries the meaning alone: "
            "the words do.",
            ".badge, .badge--verified, .badge--warning, .badge--danger, .badge--muted, .badge--count"),
    Section("status", "Status pills",
            "The state of a booking, a time entry or a passport document: always through the app's include, so "
            "a state has one colour everywhere.",
            "marketplace/bookings/_status.html, marketplace/bookings/_log_status.html, "
            "marketplace/passport/_status_badge.html"),
    Section("verified", "Verified badges",
            "Where a skill or credential rests on a passport document staff approved: the badge links to the "
            "public verification page.",
            "pages/freelancer_profile.html#verified-badge (.verified-link + .badge--verified)"),
    Section("verification", "Verification status",
            "The answer box at the top of a passport verification page: valid, expired or revoked.",
            ".verification__status, --expired, --revoked"),
    Section("cards", "Cards",
            "A box around one thing. With a single link that makes the whole card clickable: .card--link and "
            "a.card__link.",
            ".card, .card--link, .card__link"),
    Section("profile_card", "Freelancer cards",
            "A freelancer in a list (home page, directory without a search): includes/profile_card.html. In "
            "search results: {% result_card card %} (search_fragments, written in Python for speed), which adds "
            "the verified line, the distance, the availability and verified skills.",
            "includes/profile_card.html, {% result_card %}, .result-card"),
    Section("avatars", "Avatars",
            "A member's photo, or their initials when there is none.",
            "includes/avatar_small.html, .avatar, .avatar--large, .person"),
    Section("lists", "Facts, skills and tags",
            "Label–value pairs: .facts (a <dl>). A member's skills with level: .skill-list. A few short "
            "labels in a row: .tags of .badge.",
            ".facts, .skill-list, .tags"),
    Section("chips", "Chips",
            "Links that narrow or widen a search: facets (with counts), filters in use (remove), clear all.",
            ".chips, .chip, .chip--selected, .chip--remove, .chip--clear, .chip__count"),
    Section("tabs", "Tabs",
            "Navigation between the views of one thing (a booking's details, time, messages); the current one "
            "has aria-current=\"page\".",
            ".tabs"),
    Section("tables", "Tables",
            "Tabular data only. Always inside .table-wrap, which scrolls sideways on a phone instead of "
            "pushing the page wider.",
            ".table-wrap > table.table, .table__actions"),
    Section("pagination", "Pagination",
            "Long lists. Previous/next with the page number: includes/pagination.html with a Page. The search "
            "adds numbered pages (.pagination__numbers).",
            "includes/pagination.html (page, extra_query), .pagination__numbers, .pagination__number"),
    Section("empty", "Empty states",
            "Where a list has nothing to show: say why and what to do next.",
            ".empty-state"),
    Section("loading", "Loading indicators",
            "Shown by htmx while a request runs (hx-indicator): hidden until the element or an ancestor has "
            ".htmx-request. Keep the words short; results being replaced fade (aria-busy).",
            ".htmx-indicator, .search__loading, .search__results[aria-busy=true]"),
    Section("upload", "Upload progress",
            "File uploads that may be large: static/js/upload-progress.js fills it in; without JavaScript the "
            "form posts normally.",
            "marketplace/passport/_upload_progress.html, .upload-progress"),
    Section("ratings", "Ratings",
            "A member's rating: the summary explains the score; stars are decorative, the number is read out.",
            "marketplace/ratings/reviews.html#summary, .stars, .rating-score, .distribution, .bar"),
    Section("conversation", "Messages, notifications and timelines",
            "A booking's conversation (.message, own ones --own), the notification list (--unread), a "
            "history of events (.timeline), a reviewer's comment (.review-comment).",
            ".message, .message--own, .notification, .notification--unread, .timeline, .review-comment"),
    Section("disclosure", "Disclosure",
            "Optional actions and long lists that most people do not need: a <details> with a short <summary>.",
            "details.review__action, details.search__more-facets"),
    Section("utilities", "Utilities",
            "Helpers to reach for before writing new CSS.",
            ".muted, .visually-hidden, .skip-link, .rich-text, .on-dark, .inline-form, .no-print, .cta"),
]

# Which colour is read on which, as the stylesheet pairs them: (foreground, background, what for).
# Text needs 4.5:1 (WCAG 1.4.3); borders, focus rings and large text 3:1 (1.4.11).
COLOUR_PAIRS = {
    "--c-brand": [("--c-brand", "--c-surface", "links, secondary buttons", 4.5),
                  ("#ffffff", "--c-brand", "primary button text, hero text", 4.5)],
    "--c-brand-dark": [("--c-brand-dark", "--c-brand-soft", "badge text", 4.5)],
    "--c-brand-soft": [("--c-brand-dark", "--c-brand-soft", "badge, own message, selected chip", 4.5)],
    "--c-accent": [("#ffffff", "--c-accent", "count badge", 4.5),
                   ("--c-accent", "--c-surface", "stars (decorative)", 3)],
    "--c-text": [("--c-text", "--c-surface", "body text on cards", 4.5), ("--c-text", "--c-bg", "body text", 4.5)],
    "--c-muted": [("--c-muted", "--c-surface", "secondary text", 4.5), ("--c-muted", "--c-bg", "secondary text", 4.5)],
    "--c-border": [("--c-border", "--c-surface", "dividers (decorative, not a control's edge)", 1)],
    "--c-surface": [("--c-text", "--c-surface", "cards, header, inputs", 4.5)],
    "--c-bg": [("--c-text", "--c-bg", "page background", 4.5)],
    "--c-danger": [("--c-danger", "--c-surface", "errors, danger button", 4.5),
                   ("--c-danger", "--c-danger-soft", "error alert, danger badge", 4.5)],
    "--c-danger-soft": [("--c-text", "--c-danger-soft", "error alert text", 4.5)],
    "--c-success": [("--c-success", "--c-success-soft", "verified badge", 4.5)],
    "--c-success-soft": [("--c-text", "--c-success-soft", "success alert text", 4.5)],
    "--c-warning": [("--c-warning", "--c-warning-soft", "warning badge", 4.5)],
    "--c-warning-soft": [("--c-text", "--c-warning-soft", "warning alert text", 4.5)],
    "--c-focus": [("--c-focus", "--c-surface", "focus ring", 3), ("--c-focus", "--c-bg", "focus ring", 3),
                  ("--c-focus", "--c-brand", "why .hero and .on-dark draw the ring white instead", 3),
                  ("#ffffff", "--c-brand", "focus ring in .hero / .on-dark", 3)],
}

_TOKEN = re.compile(r"(--[a-z0-9-]+)\s*:\s*([^;]+);")


def stylesheet_tokens() -> dict[str, str]:
    """The custom properties in valund.css's :root, in their order: {"--c-brand": "#0b5d4b", ...}."""
    path = finders.find(STYLESHEET)
    text = Path(path).read_text(encoding="utf-8")  # small; read on each (staff) visit, so it never drifts
    root = re.search(r":root\s*\{(.*?)\}", text, re.S)
    return {name: value.strip() for name, value in _TOKEN.findall(root.group(1) if root else "")}


def _rgb(value: str) -> tuple[float, float, float] | None:
    value = value.strip().lower()
    if not re.fullmatch(r"#[0-9a-f]{3}|#[0-9a-f]{6}", value):
        return None
    digits = value[1:]
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return tuple(int(digits[i:i + 2], 16) / 255 for i in (0, 2, 4))


def _luminance(rgb) -> float:
    def channel(c):
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(foreground: str, background: str) -> float | None:
    """WCAG 2 contrast ratio of two hex colours (1 to 21), or None for anything else."""
    fg, bg = _rgb(foreground), _rgb(background)
    if fg is None or bg is None:
        return None
    light, dark = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return round((light + 0.05) / (dark + 0.05), 2)


def colour_swatches(tokens: dict[str, str]) -> list[dict]:
    def resolve(name):
        return tokens.get(name, "") if name.startswith("--") else name

    swatches = []
    for name, value in tokens.items():
        if not name.startswith("--c-"):
            continue
        pairs = []
        for fg, bg, used_for, needed in COLOUR_PAIRS.get(name, []):
            ratio = contrast(resolve(fg), resolve(bg))
            pairs.append({"fg": fg, "bg": bg, "fg_value": resolve(fg), "bg_value": resolve(bg), "used_for": used_for,
                          "ratio": ratio, "needed": needed, "passes": ratio is not None and ratio >= needed})
        swatches.append({"name": name, "value": value, "pairs": pairs})
    return swatches


def scale(tokens: dict[str, str], prefix: str) -> list[dict]:
    return [{"name": name, "value": value, "suffix": name[len(prefix):]}
            for name, value in tokens.items() if name.startswith(prefix)]


class ExampleForm(forms.Form):
    """A form shown filled in wrongly, so every state of a field is on the page."""

    display_name = forms.CharField(label=_("Display name"), help_text=_("Shown on your public profile."))
    email = forms.EmailField(label=_("Email"))
    country = forms.ChoiceField(label=_("Country"), choices=[("", "—"), ("SE", "Sweden"), ("NO", "Norway")])
    bio = forms.CharField(label=_("About"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    skills = forms.MultipleChoiceField(
        label=_("Skills"), choices=[("welding", "Welding"), ("roofing", "Roofing"), ("carpentry", "Carpentry")],
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choices"}), required=False)
    level = forms.ChoiceField(label=_("Level"), widget=forms.RadioSelect,
                              choices=[("1", "Beginner"), ("2", "Intermediate"), ("3", "Expert")])

    def clean(self):
        raise forms.ValidationError(_("Please correct the errors below. Nothing was stored."))


def example_form() -> ExampleForm:
    form = ExampleForm(data={"display_name": "Sara Nyström", "email": "sara@", "country": "SE",
                             "skills": ["welding"], "bio": ""})
    form.is_valid()
    return form


def _prefetched(manager_owner, name, items):
    """Give an unsaved instance a related list, as prefetch_related would, so the real templates
    can call `.all` on it without a query."""
    manager_owner._prefetched_objects_cache = {name: items}
    return manager_owner


def example_people():
    from marketplace.accounts.models import Profile, Skill, UserSkill
    from marketplace.search.presentation import cards as search_cards
    from marketplace.search.query import SkillTag

    skills = [Skill(pk=n, name=name) for n, name in
              enumerate(["Welding", "TIG welding", "Sheet metal work", "Roofing"], start=1)]
    user_skills = [UserSkill(skill=skill, level=level, years=years)
                   for skill, level, years in zip(skills, (4, 3, 3, 2), (12, 8, 6, 3), strict=True)]
    # Negative keys: never saved, and no related manager refuses them (the lists are prefetched).
    sara = Profile(pk=-1, display_name="Sara Nyström", slug="sara-nystrom-example", city="Göteborg", country="SE",
                   headline="Certified welder and sheet metal worker", hourly_rate=62000, currency="SEK")
    _prefetched(sara, "skills", user_skills)
    erik = Profile(pk=-2, display_name="Erik Johansson", slug="erik-johansson-example", city="Malmö", country="SE",
                   headline="Carpenter, kitchens and stairs")
    _prefetched(erik, "skills", user_skills[3:])
    # The search's cards, built as the results page builds them (search.presentation.cards).
    sara.skill_tags = [SkillTag(user_skill.skill.pk, slugify(user_skill.skill.name), user_skill.skill.name)
                       for user_skill in user_skills]
    sara.verified_skill_ids, sara.distance_km = {1, 2}, 3.4
    erik.skill_tags, erik.verified_skill_ids, erik.distance_km = sara.skill_tags[3:], set(), None
    erik.availability = Profile.Availability.AVAILABLE_FROM
    erik.available_from = timezone.localdate() + timedelta(days=30)
    cards = search_cards([sara, erik])
    return {"profiles": [sara, erik], "cards": cards, "user_skills": user_skills}


def example_statuses():
    from marketplace.bookings.models import Booking, TimeLog
    from marketplace.passport.models import CompetenceDocument

    return {
        "bookings": [Booking(status=value) for value in Booking.Status.values],
        "logs": [TimeLog(status=value) for value in TimeLog.Status.values],
        "documents": [CompetenceDocument(status=value) for value in CompetenceDocument.Status.values],
    }


def example_summary():
    from marketplace.ratings.models import RatingStatistics
    from marketplace.ratings.selectors import summary_for

    stats = RatingStatistics(count=14, sum_overall=62, sum_communication=60, sum_quality=63, sum_timeliness=58,
                             sum_professionalism=64, stars_1=0, stars_2=1, stars_3=1, stars_4=3, stars_5=9,
                             bayesian_average=Decimal("4.237"))
    return summary_for(stats)


@login_required
def pattern_page(request):
    """Staff only: members get a 404, as for any page that is not theirs; visitors log in first."""
    if not request.user.has_staff_powers:
        raise Http404
    tokens = stylesheet_tokens()
    return render(request, "marketplace/core/patterns.html", {
        "sections": {section.key: section for section in SECTIONS},
        "section_list": SECTIONS,
        "swatches": colour_swatches(tokens),
        "type_scale": scale(tokens, "--fs-"),
        "space_scale": scale(tokens, "--sp-"),
        "form": example_form(),
        "people": example_people(),
        "statuses": example_statuses(),
        "summary": example_summary(),
        "example_page": Paginator(range(95), 10).page(3),
        "example_messages": [Message(messages.SUCCESS, _("Your profile was saved.")),
                             Message(messages.INFO, _("Your booking request was sent.")),
                             Message(messages.WARNING, _("Your hot work certificate expires in 30 days.")),
                             Message(messages.ERROR, _("The file could not be read."))],
        "hero_example": SimpleNamespace(heading="Hire skilled people with verified certificates",
                                        text="Welders, electricians and carpenters whose papers Valund checked.",
                                        primary_url="#sg-hero", primary_label="Find a freelancer",
                                        secondary_url="#sg-hero", secondary_label="Join Valund", image=None),
        "example_document": SimpleNamespace(verification_code="EXAMPLE-CODE", type_name="Hot work certificate",
                                            expiry_date=timezone.localdate() + timedelta(days=400)),
    })
