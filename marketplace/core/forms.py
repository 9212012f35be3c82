"""Form pieces every app shares: the renderer, the accepted upload types, a multiple-file field,
and the one way a service's refusal reaches a form."""

from django import forms
from django.forms.renderers import TemplatesSetting

# What the upload fields offer to pick; storage and validation decide what is kept (core/files.py).
ACCEPT = ".pdf,.jpg,.jpeg,.png,.webp,.heic"
# Codes that name the member's counterpart rather than a field: the refusal goes above the form.
FORM_WIDE_CODES = {"self", "freelancer"}


class ValundFormRenderer(TemplatesSetting):
    """Every form, ours and allauth's, renders fields with the design system's markup."""

    form_template_name = "includes/form.html"
    field_template_name = "includes/field.html"


def add_domain_error(form, exc) -> None:
    """Put a service's refusal next to its field when the form has one, else above the form."""
    field = exc.code if exc.code in form.fields and exc.code not in FORM_WIDE_CODES else None
    form.add_error(field, exc.message)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []
