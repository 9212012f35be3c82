"""Forms for saved searches (kept apart from forms.py, the search form itself)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import SavedSearch
from .services_saved import NAME_MAX_LENGTH

Frequency = SavedSearch.Frequency


class SavedSearchForm(forms.Form):
    """Save the search on the results page: the page puts its querystring in the hidden field."""

    name = forms.CharField(
        label=_("Name"), max_length=NAME_MAX_LENGTH, required=False,
        help_text=_("Leave empty to name it after the search."),
    )
    frequency = forms.ChoiceField(
        label=_("Email me new freelancers"), choices=Frequency.choices, initial=Frequency.WEEKLY,
    )
    querystring = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)


class FrequencyForm(forms.Form):
    frequency = forms.ChoiceField(label=_("Email me new freelancers"), choices=Frequency.choices)
