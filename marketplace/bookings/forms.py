"""Booking forms parse and present; the services decide. A DomainError's code names the field
it belongs next to."""

import datetime

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from marketplace.core.forms import ACCEPT, GroupedChoices, LocalDecimalField, MultipleFileField, grouped_choices
from marketplace.core.money import to_minor

from .models import Booking, TimeLog

DATE_WIDGET = {"type": "date"}
REQUEST_FIELDS = {"title", "description", "start_date", "end_date", "expected_hours", "location", "address",
                  "pricing", "hourly_rate", "fixed_price", "priority", "skills", "required_documents", "attachments"}
LOG_FIELDS = {"date", "start_time", "end_time", "minutes", "description"}


class MoneyField(LocalDecimalField):
    """An amount in major units (650 or 650.50, 650,50 in Swedish) that cleans to minor units."""

    def __init__(self, *args, currency="SEK", **kwargs):
        self.currency = currency
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        return None if value is None else to_minor(value, self.currency)


class BookingRequestForm(forms.Form):
    title = forms.CharField(label=_("What do you need done?"), max_length=160,
                            error_messages={"required": _("Give the work a short title.")})
    description = forms.CharField(label=_("Description"), max_length=10000, widget=forms.Textarea(attrs={"rows": 6}),
                                  help_text=_("What, where, any constraints. The freelancer reads this first."),
                                  error_messages={"required": _("Describe the work.")})
    start_date = forms.DateField(label=_("Start date"), widget=forms.DateInput(DATE_WIDGET, format="%Y-%m-%d"),
                                 error_messages={"required": _("Enter the start date."),
                                                 "invalid": _("Enter the date as YYYY-MM-DD.")})
    end_date = forms.DateField(label=_("End date"), widget=forms.DateInput(DATE_WIDGET, format="%Y-%m-%d"),
                               error_messages={"required": _("Enter the end date."),
                                               "invalid": _("Enter the date as YYYY-MM-DD.")})
    expected_hours = LocalDecimalField(label=_("Expected hours"), min_value=0, max_digits=8, decimal_places=2,
                                       error_messages={"required": _("Estimate the hours of work.")})
    location = forms.ChoiceField(label=_("Where"), choices=Booking.Location.choices, widget=forms.RadioSelect,
                                 initial=Booking.Location.REMOTE)
    address = forms.CharField(label=_("Site address"), max_length=300, required=False,
                              help_text=_("Needed for work on site."))
    pricing = forms.ChoiceField(label=_("Pricing"), choices=Booking.Pricing.choices, widget=forms.RadioSelect,
                                initial=Booking.Pricing.HOURLY)
    priority = forms.ChoiceField(label=_("Priority"), choices=Booking.Priority.choices,
                                 initial=Booking.Priority.NORMAL)
    skills = forms.ModelMultipleChoiceField(label=_("Skills needed"), queryset=None, required=False,
                                            widget=forms.CheckboxSelectMultiple(attrs={"class": "choices"}))
    required_documents = forms.ModelMultipleChoiceField(
        label=_("Required certificates or licences"), queryset=None, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The freelancer can accept only with these approved and valid until the end date. "
                    "Tick the suggested ones that matter, or open a group to find others."),
    )

    def __init__(self, *args, profile, skills, templates, **kwargs):
        super().__init__(*args, **kwargs)
        self.profile = profile
        currency = profile.currency
        rate_help = _("In %(currency)s per hour.") % {"currency": currency}
        self.fields["hourly_rate"] = MoneyField(label=_("Hourly rate"), required=False, currency=currency,
                                                help_text=rate_help)
        self.fields["fixed_price"] = MoneyField(label=_("Fixed price"), required=False, currency=currency,
                                                help_text=_("In %(currency)s, for the whole job.")
                                                % {"currency": currency})
        self.order_fields(["title", "description", "start_date", "end_date", "expected_hours", "location", "address",
                           "pricing", "hourly_rate", "fixed_price", "priority", "skills", "required_documents"])
        self.fields["skills"].queryset = skills
        self.fields["required_documents"].queryset = templates
        limit_mb = settings.VALUND_DOCUMENT_MAX_BYTES // (1024 * 1024)
        self.fields["attachments"] = MultipleFileField(
            label=_("Attachments"), required=False,
            help_text=_("Drawings, photos or specifications: PDF, JPEG, PNG, WebP or HEIC, at most %(limit)s MB "
                        "each.") % {"limit": limit_mb},
        )
        self.fields["start_date"].widget.attrs["min"] = datetime.date.today().isoformat()
        self.fields["end_date"].widget.attrs["min"] = datetime.date.today().isoformat()

    def document_choices(self, *, suggested: dict[int, list[str]], categories: dict[int, str]) -> GroupedChoices:
        """The document checkboxes as the request form shows them: the ones the freelancer's
        skills suggest first, with those skills, the rest by category."""
        return grouped_choices(self["required_documents"], suggested=suggested, groups=categories,
                               rest=_("Other documents"))

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        if data.get("pricing") == Booking.Pricing.HOURLY and not data.get("hourly_rate"):
            data["hourly_rate"] = None
        return {key: value for key, value in data.items() if key in REQUEST_FIELDS}


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
                             required=False)


class TimeLogForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(DATE_WIDGET, format="%Y-%m-%d"),
                           error_messages={"required": _("Enter the date."),
                                           "invalid": _("Enter the date as YYYY-MM-DD.")})
    start_time = forms.TimeField(label=_("From"), required=False,
                                 widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    end_time = forms.TimeField(label=_("To"), required=False,
                               widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    minutes = forms.IntegerField(label=_("Or a duration in minutes"), required=False, min_value=1,
                                 max_value=24 * 60, widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                                 help_text=_("Leave empty when you give the times."))
    description = forms.CharField(label=_("What you did"), max_length=500,
                                  error_messages={"required": _("Say briefly what you did.")})

    @classmethod
    def for_log(cls, log: TimeLog, **kwargs):
        return cls(initial={"date": log.date, "start_time": log.start_time, "end_time": log.end_time,
                            "minutes": None if log.start_time else log.minutes,
                            "description": log.description}, **kwargs)

    def service_kwargs(self) -> dict:
        return {key: value for key, value in self.cleaned_data.items() if key in LOG_FIELDS}


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": _("Write a message first.")})


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Add a file"), allow_empty_file=True,
                           widget=forms.FileInput(attrs={"accept": ACCEPT}),
                           error_messages={"required": _("Choose a file.")})
