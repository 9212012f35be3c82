"""The pattern page's sections, in page order: each component's heading, when to use it and the
templates or classes that draw it."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    when: str
    use: str


SECTIONS = [
    Section(
        "colours",
        "Colour tokens",
        "Use the custom properties, never a raw hex value: a new colour is a new token, added to :root "
        "with its contrast checked here.",
        "var(--c-…)",
    ),
    Section(
        "type",
        "Type scale",
        "Five sizes. Headings take theirs from h1–h3; body text is --fs-base; small print, badges and help "
        "text --fs-sm.",
        "var(--fs-sm) … var(--fs-2xl), h1 h2 h3",
    ),
    Section(
        "spacing",
        "Spacing, radii and shadow",
        "Margins, gaps and padding come from the seven steps; corners from the two radii.",
        "var(--sp-1) … var(--sp-7), var(--radius), var(--radius-lg), var(--shadow)",
    ),
    Section(
        "layout",
        "Layout",
        "A page's content sits in .container (or .container--narrow for forms and conversations). Main "
        "column and sidebar: .layout-sidebar. Even cards: .grid. Vertical rhythm: .stack.",
        ".container, .container--narrow, .layout-sidebar, .grid, .stack, .section",
    ),
    Section(
        "hero",
        "Hero",
        "Once, at the top of a landing page, for the page's single main message. Links in it are "
        "buttons; keyboard focus is drawn in white on the green.",
        ".hero, a.button / a.button--secondary inside",
    ),
    Section(
        "page_head",
        "Page head and lead",
        "The title of a member's page with its main action beside it; .lead for the sentence that explains the page.",
        ".page-head, .lead",
    ),
    Section(
        "buttons",
        "Buttons",
        "One primary button per form or view; secondary for the other choices; danger only for "
        "destructive actions, which are confirmed. A link that looks like a button goes somewhere; a "
        "button does something. .link-button is a button that must look like a link (log out).",
        ".button, .button--secondary, .button--danger, .button--small, .link-button",
    ),
    Section(
        "forms",
        "Form fields",
        "Render fields through Django's form rendering: the project's renderer wraps each one in "
        "includes/field.html (label, help text, errors, .field--error) and a whole form in "
        'includes/form.html (errors that belong to no field as an error alert). Write <div class="field"> '
        "by hand only for a field that is not in a Django form.",
        "{{ form }}, {{ form.field.as_field_group }}, includes/field.html, includes/form.html, .form, "
        ".form-row, .form-actions, .choices",
    ),
    Section(
        "choice_picker",
        "Checkbox groups",
        "For a long list of checkboxes (more than about a dozen): the suggested ones first, ticked or "
        "tickable in place with why they are suggested, the rest in <details> groups (open where one is "
        "ticked), each checkbox once. A filter box appears with its script and is never needed. Every "
        "checkbox and radio keeps its full 1.25rem box beside a label that wraps.",
        'core.forms.grouped_choices, includes/choice_picker.html (with static/js/choice-filter.js), '
        "includes/choice.html, .choice-group, .choices--list",
    ),
    Section(
        "star_rating",
        "Star rating",
        "A score from 1 to 5: one fieldset and legend per score, five native radios drawn as stars (Tab "
        "reaches the score, the arrow keys choose), each named “4 of 5 — Very good”, "
        "and the choice written beside the stars by CSS alone.",
        'template_name="includes/star_rating.html" on a TypedChoiceField with a RadioSelect, .star-rating',
    ),
    Section(
        "alerts",
        "Alerts and messages",
        "Feedback after an action (Django messages, rendered by includes/messages.html in base.html), or "
        'a standing notice on a page. Error alerts get role="alert".',
        "includes/messages.html, .alert, .alert--success, .alert--warning, .alert--error",
    ),
    Section(
        "badges",
        "Badges",
        "A short label on something: a skill, a level, a count. Colour never carries the meaning alone: the words do.",
        ".badge, .badge--verified, .badge--warning, .badge--danger, .badge--muted, .badge--count",
    ),
    Section(
        "status",
        "Status pills",
        "The state of a booking, a time entry or a passport document: always through the app's include, so "
        "a state has one colour everywhere.",
        "marketplace/bookings/_status.html, marketplace/bookings/_log_status.html, "
        "marketplace/passport/_status_badge.html",
    ),
    Section(
        "verified",
        "Verified badges",
        "Where a skill or credential rests on a passport document staff approved: the badge links to the "
        "public verification page.",
        "pages/freelancer_profile.html#verified-badge (.verified-link + .badge--verified)",
    ),
    Section(
        "verification",
        "Verification status",
        "The answer box at the top of a passport verification page: valid, expired or revoked.",
        ".verification__status, --expired, --revoked",
    ),
    Section(
        "cards",
        "Cards",
        "A box around one thing. With a single link that makes the whole card clickable: .card--link and a.card__link.",
        ".card, .card--link, .card__link",
    ),
    Section(
        "profile_card",
        "Freelancer cards",
        "A freelancer in any list (search results, the home page's featured freelancers and live searches): "
        "{% result_card card %} (search_fragments, written in Python for speed) of a presentation.Card, built "
        "by presentation.cards() from selectors.card_profiles() or the search: photo or initials, rating "
        "(score and count), verified certificates, place, rate, availability and skills, verified ones ticked.",
        "{% result_card %}, .result-card",
    ),
    Section(
        "avatars",
        "Avatars",
        "A member's photo, or their initials when there is none.",
        "includes/avatar_small.html, .avatar, .avatar--large, .person",
    ),
    Section(
        "lists",
        "Facts, skills and tags",
        "Label–value pairs: .facts (a <dl>). A member's skills with level: .skill-list. A few short "
        "labels in a row: .tags of .badge.",
        ".facts, .skill-list, .tags",
    ),
    Section(
        "chips",
        "Chips",
        "Links that narrow or widen a search: facets (with counts), filters in use (remove), clear all.",
        ".chips, .chip, .chip--selected, .chip--remove, .chip--clear, .chip__count",
    ),
    Section(
        "tabs",
        "Tabs",
        "Navigation between the views of one thing (a booking's details, time, messages); the current one "
        'has aria-current="page".',
        ".tabs",
    ),
    Section(
        "tables",
        "Tables",
        "Tabular data only. Always inside .table-wrap, which scrolls sideways on a phone instead of "
        "pushing the page wider.",
        ".table-wrap > table.table, .table__actions",
    ),
    Section(
        "pagination",
        "Pagination",
        "Long lists. Previous/next with the page number: includes/pagination.html with a Page. The search "
        "adds numbered pages (.pagination__numbers).",
        "includes/pagination.html (page, extra_query), .pagination__numbers, .pagination__number",
    ),
    Section("empty", "Empty states", "Where a list has nothing to show: say why and what to do next.", ".empty-state"),
    Section(
        "tasks",
        "To-do lists",
        "What waits for the member, each line counted and a link to where it is done (.task-list, the "
        "dashboard's inbox); steps to get started with their progress, done ones ticked (.checklist).",
        ".task-list, .task-list__link, .checklist, .checklist__item--done, .checklist__mark, .checklist__progress",
    ),
    Section(
        "loading",
        "Loading indicators",
        "Shown by htmx while a request runs (hx-indicator): hidden until the element or an ancestor has "
        ".htmx-request. Keep the words short; results being replaced fade (aria-busy).",
        ".htmx-indicator, .search__loading, .search__results[aria-busy=true]",
    ),
    Section(
        "upload",
        "Upload progress",
        "File uploads that may be large: static/js/upload-progress.js fills it in; without JavaScript the "
        "form posts normally.",
        "marketplace/passport/_upload_progress.html, .upload-progress",
    ),
    Section(
        "ratings",
        "Ratings",
        "A member's rating: the summary explains the score; stars are decorative, the number is read out.",
        "marketplace/ratings/reviews.html#summary, .stars, .rating-score, .distribution, .bar",
    ),
    Section(
        "conversation",
        "Messages, notifications and timelines",
        "A booking's conversation (.message, own ones --own), the notification list (--unread), a "
        "history of events (.timeline), a reviewer's comment (.review-comment).",
        ".message, .message--own, .notification, .notification--unread, .timeline, .review-comment",
    ),
    Section(
        "disclosure",
        "Disclosure",
        "Optional actions and long lists that most people do not need: a <details> with a short <summary>.",
        "details.review__action, details.search__more-facets",
    ),
    Section(
        "utilities",
        "Utilities",
        "Helpers to reach for before writing new CSS.",
        ".muted, .visually-hidden, .skip-link, .rich-text, .on-dark, .inline-form, .no-print, .cta",
    ),
]
