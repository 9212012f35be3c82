"""Rating forms parse and present; services.py and rules.py decide (the lengths, who may, and
when). A DomainError's code names the field it belongs next to (core.forms.add_domain_error)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import services
from .models import DIMENSIONS, Rating, RatingFlag

# Each star's name, read out as it is chosen and written beside the stars.
SCORES = [
    (1, _("1 of 5 — Poor")),
    (2, _("2 of 5 — Fair")),
    (3, _("3 of 5 — Good")),
    (4, _("4 of 5 — Very good")),
    (5, _("5 of 5 — Excellent")),
]
LABELS = {
    "overall": (_("Overall"), _("All in all, how did it go? This is the score the profile shows.")),
    "communication": (_("Communication"), _("Clear, timely answers and no surprises.")),
    "quality": (_("Quality"), _("The work itself, or for a client: clear requirements and a good workplace.")),
    "timeliness": (_("Timeliness"), _("Dates and hours kept; approvals and payments on time.")),
    "professionalism": (_("Professionalism"), _("Respectful, reliable and safe.")),
}
PUBLIC, PRIVATE = "public", "private"


def _score_field(dimension):
    label, help_text = LABELS[dimension]
    return forms.TypedChoiceField(
        label=label, help_text=help_text, choices=SCORES, coerce=int, widget=forms.RadioSelect,
        template_name="includes/star_rating.html",
        error_messages={"required": _("Choose a score from 1 to 5."),
                        "invalid_choice": _("Choose a score from 1 to 5.")},
    )


class RatingForm(forms.Form):
    overall = _score_field("overall")
    communication = _score_field("communication")
    quality = _score_field("quality")
    timeliness = _score_field("timeliness")
    professionalism = _score_field("professionalism")
    # The lengths are the service's to check: its message says how long the text is.
    text = forms.CharField(
        label=_("Your review"), required=False,
        help_text=_("What went well and what could be better. Be specific and fair: the other party may answer "
                    "in public."),
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": services.MAX_TEXT}),
    )
    visibility = forms.ChoiceField(
        label=_("Who may read the review"), choices=[
            (PUBLIC, _("Public: shown with their reviews, for anyone to read")),
            (PRIVATE, _("Private: only they and Valund staff read it")),
        ], initial=PUBLIC, widget=forms.RadioSelect,
        help_text=_("The scores count in their rating either way."),
        error_messages={"invalid_choice": _("Choose public or private."), "required": _("Choose public or private.")},
    )
    private_note = forms.CharField(
        label=_("Private note to Valund"), required=False,
        help_text=_("Only Valund staff read this: anything we should know that does not belong in the review."),
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": services.MAX_NOTE}),
    )

    @classmethod
    def for_rating(cls, rating: Rating) -> "RatingForm":
        initial = dict(rating.scores, text=rating.text, private_note=rating.private_note,
                       visibility=PUBLIC if rating.is_public else PRIVATE)
        return cls(initial=initial)

    def score_fields(self):
        return [self[dimension] for dimension in DIMENSIONS]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "scores": {dimension: data[dimension] for dimension in DIMENSIONS},
            "text": data["text"],
            "private_note": data["private_note"],
            "is_public": data["visibility"] == PUBLIC,
        }


class ResponseForm(forms.Form):
    text = forms.CharField(label=_("Your answer"), required=False, widget=forms.Textarea)


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why should Valund look at it?"), choices=RatingFlag.Reason.choices,
        error_messages={"required": _("Choose why the review should be looked at."),
                        "invalid_choice": _("Choose why the review should be looked at.")},
    )
    comment = forms.CharField(label=_("Anything to add (optional)"), required=False)
