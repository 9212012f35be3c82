from django import forms
from django.utils.translation import gettext_lazy as _

from marketplace.core.forms import MultipleFileField

from .models import PaymentDispute


class DisputeForm(forms.Form):
    reason = forms.ChoiceField(label=_("What is wrong?"), choices=PaymentDispute.Reason.choices)
    description = forms.CharField(label=_("Describe it"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}),
                                  help_text=_("What was agreed, what happened, and what you think is fair. Staff "
                                              "read this and both sides' messages before deciding."),
                                  error_messages={"required": _("Describe what went wrong.")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"] = MultipleFileField(
            label=_("Evidence"), required=False,
            help_text=_("Photos, documents or screenshots: PDF, JPEG, PNG, WebP or HEIC, up to 10 files."))


class DisputeResponseForm(forms.Form):
    response = forms.CharField(label=_("Your side"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}),
                               help_text=_("What was agreed, what happened, and what you think is fair. Staff read "
                                           "both sides before deciding."),
                               error_messages={"required": _("Write your side of what happened.")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"] = MultipleFileField(
            label=_("Evidence"), required=False,
            help_text=_("Photos, documents or screenshots: PDF, JPEG, PNG, WebP or HEIC, up to 10 files."))
