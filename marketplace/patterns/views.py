"""The design system's pattern page (/styleguide/, staff only): every component of
static/css/valund.css rendered with the include templates and classes the site really uses,
beside a note on when to use it, plus the colour, type and spacing tokens.

The colours are read from the stylesheet's :root each time (tokens.py), so the swatches and
contrast ratios cannot drift from the real tokens. Everything on the page is made up in memory
(examples.py): the page reads nothing from the database but the session and the user, whatever
the data."""

from datetime import timedelta
from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.messages.storage.base import Message
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .examples import (
    example_choices,
    example_form,
    example_people,
    example_rating_form,
    example_statuses,
    example_summary,
)
from .sections import SECTIONS
from .tokens import colour_swatches, scale, stylesheet_tokens


@login_required
def pattern_page(request):
    """Staff only: members get a 404, as for any page that is not theirs; visitors log in first."""
    if not request.user.has_staff_powers:
        raise Http404
    tokens = stylesheet_tokens()
    choice_form, choice_groups = example_choices()
    return render(
        request,
        "marketplace/patterns/index.html",
        {
            "sections": {section.key: section for section in SECTIONS},
            "section_list": SECTIONS,
            "swatches": colour_swatches(tokens),
            "type_scale": scale(tokens, "--fs-"),
            "space_scale": scale(tokens, "--sp-"),
            "form": example_form(),
            "choice_form": choice_form,
            "choice_groups": choice_groups,
            "rating_form": example_rating_form(),
            "people": example_people(),
            "statuses": example_statuses(),
            "summary": example_summary(),
            "example_page": Paginator(range(95), 10).page(3),
            "example_messages": [
                Message(messages.SUCCESS, _("Your profile was saved.")),
                Message(messages.INFO, _("Your booking request was sent.")),
                Message(messages.WARNING, _("Your hot work certificate expires in 30 days.")),
                Message(messages.ERROR, _("The file could not be read.")),
            ],
            "hero_example": SimpleNamespace(
                heading="Hire skilled people with verified certificates",
                text="Welders, electricians and carpenters whose papers Valund checked.",
                primary_url="#sg-hero",
                primary_label="Find a freelancer",
                secondary_url="#sg-hero",
                secondary_label="Join Valund",
                image=None,
            ),
            "example_document": SimpleNamespace(
                verification_code="EXAMPLE-CODE",
                type_name="Hot work certificate",
                expiry_date=timezone.localdate() + timedelta(days=400),
            ),
        },
    )
