"""Forms for saved searches: saving the results page's search, and changing its emails."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import SavedSearch

__all__ = ["FrequencyForm", "SavedSearchForm"]

Frequency = SavedSearch.Frequency
NAME_MAX_LENGTH = SavedSearch._meta.get_field("name").max_length


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
