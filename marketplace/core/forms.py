"""Form pieces every app shares: the renderer, the accepted upload types, a multiple-file field,
a number field in the member's language, and the one way a service's refusal reaches a form."""

from dataclasses import dataclass

from django import forms
from django.forms.boundfield import BoundField, BoundWidget
from django.forms.renderers import TemplatesSetting

# What the upload fields offer to pick; storage and validation decide what is kept (core/files.py).
ACCEPT = ".pdf,.jpg,.jpeg,.png,.webp,.heic"
# Codes that name the member's counterpart rather than a field: the refusal goes above the form.
FORM_WIDE_CODES = {"self", "freelancer"}


class ValundFormRenderer(TemplatesSetting):
    """Every form, ours and allauth's, renders fields with the design system's markup."""

    form_template_name = "includes/form.html"
    field_template_name = "includes/field.html"


@dataclass(frozen=True)
class SuggestedChoice:
    option: BoundWidget
    hints: list[str]  # why it is suggested: "for Welding, TIG welding"


@dataclass(frozen=True)
class ChoiceGroup:
    name: str
    options: list[BoundWidget]
    ticked: int


@dataclass(frozen=True)
class GroupedChoices:
    suggested: list[SuggestedChoice]
    groups: list[ChoiceGroup]


def grouped_choices(field: BoundField, *, suggested: dict, groups: dict, rest: str) -> GroupedChoices:
    """A long list of checkboxes as includes/choice_picker.html shows it: the suggested ones
    first (`suggested` maps a choice's value to its hints), the others by group (`groups` maps a
    value to its group's name; `rest` names the group of the others), sorted by name. Each
    checkbox appears once, so a ticked one is never also shown unticked elsewhere."""
    first, grouped = [], {}
    for option in field:
        value = option.data["value"]
        value = getattr(value, "value", value)  # a model choice's value carries its instance
        if value in suggested:
            first.append(SuggestedChoice(option=option, hints=suggested[value]))
        else:
            grouped.setdefault(groups.get(value) or rest, []).append(option)
    return GroupedChoices(suggested=first, groups=[
        ChoiceGroup(name=name, options=options, ticked=sum(1 for option in options if option.data["selected"]))
        for name, options in sorted(grouped.items(), key=lambda item: str(item[0]))
    ])


def add_domain_error(form, exc) -> None:
    """Put a service's refusal next to its field when the form has one, else above the form."""
    field = exc.code if exc.code in form.fields and exc.code not in FORM_WIDE_CODES else None
    form.add_error(field, exc.message)


class LocalDecimalField(forms.DecimalField):
    """A number as the member writes it in the active language: "7,5" and "650,50" in Swedish,
    "7.5" and "650.50" in English (a full stop is taken in Swedish too); spaces between
    thousands ("1 250,50") are ignored. Shown back the same way ("650,50"). Cleans to a Decimal.
    A text input with the decimal keypad: a number input sends only full stops and refuses a
    comma in some browsers."""

    widget = forms.TextInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("localize", True)
        super().__init__(*args, **kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.setdefault("inputmode", "decimal")
        return attrs

    def to_python(self, value):
        if isinstance(value, str):
            value = "".join(value.split())  # spaces, no-break and narrow no-break spaces
        return super().to_python(value)


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
