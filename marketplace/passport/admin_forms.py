"""Forms of the staff review screens. They parse what the reviewer sent; services.py decides
whether it is allowed (required checks, a comment for a refusal, a reason for revoking)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CompetenceReview

Decision = CompetenceReview.Decision

DECISION_CHOICES = [(d.value, d.label) for d in (Decision.APPROVED, Decision.REJECTED, Decision.REQUIRES_REVISION)]
SCORE_CHOICES = [("", _("No score")), *[(n, str(n)) for n in range(1, 6)]]


class VersionedForm(forms.Form):
    """Carries the file version the reviewer looked at, so an answer to an older version is
    refused instead of being applied to a file the reviewer has not seen."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class DecisionForm(VersionedForm):
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISION_CHOICES, widget=forms.RadioSelect)
    checks = forms.MultipleChoiceField(
        label=_("Checks done"), choices=CompetenceReview.Check.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    score = forms.TypedChoiceField(
        label=_("Score"), choices=SCORE_CHOICES, coerce=int, empty_value=None, required=False,
        help_text=_("Optional: how confident you are in the document, from 1 (doubtful) to 5 (certain)."),
    )
    comment = forms.CharField(
        label=_("Comment to the freelancer"), required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Sent by email. Required when you reject or ask for a revision."),
    )
    internal_note = forms.CharField(
        label=_("Internal note"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Seen by staff only."),
    )


class RevokeForm(VersionedForm):
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent to the freelancer by email and kept with the document."),
    )
