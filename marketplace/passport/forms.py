"""Passport forms parse and present; services.document_upload and document_new_version decide."""

from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from marketplace.core.forms import ACCEPT

from . import selectors

OTHER = "other"
# DomainError codes from services that belong next to a field rather than above the form.
FIELD_ERROR_CODES = {"issue_date": "issue_date", "expiry_date": "expiry_date"}


def error_field(code: str) -> str | None:
    """The form field a service's DomainError code belongs to, or None for the whole form."""
    if code.startswith("file_"):
        return "file"
    return FIELD_ERROR_CODES.get(code)


def _file_field() -> forms.FileField:
    limit_mb = settings.VALUND_DOCUMENT_MAX_BYTES // (1024 * 1024)
    return forms.FileField(
        label=_("File"),
        # Empty files reach check_document, which says what to do about them.
        allow_empty_file=True,
        help_text=_("A PDF, or a photo or scan (JPEG, PNG, WebP or HEIC), at most %(limit)s MB.") % {"limit": limit_mb},
        error_messages={"required": _("Choose the scan or photo of your document.")},
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
    )


class DocumentUploadForm(forms.Form):
    document_type = forms.ChoiceField(
        label=_("Document type"),
        help_text=_("Not in the list? Choose “Other document” and give its title."),
        error_messages={"required": _("Choose the type of document, or “Other document”.")},
    )
    title = forms.CharField(
        label=_("Title"), max_length=160, required=False,
        help_text=_("As printed on the document. Left empty, the type's name is used."),
    )
    issuer = forms.CharField(
        label=_("Issued by"), max_length=160,
        error_messages={"required": _("Enter who issued the document.")},
        widget=forms.TextInput(attrs={"list": "issuer-suggestions", "autocomplete": "off"}),
    )
    credential_number = forms.CharField(label=_("Certificate or licence number"), max_length=80, required=False)
    issue_date = forms.DateField(
        label=_("Issue date"),
        error_messages={"required": _("Enter the date the document was issued."),
                        "invalid": _("Enter the date as YYYY-MM-DD.")},
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    expiry_date = forms.DateField(
        label=_("Expiry date"), required=False,
        error_messages={"invalid": _("Enter the date as YYYY-MM-DD.")},
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    skills = forms.ModelMultipleChoiceField(
        label=_("Skills it evidences"), queryset=None, required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choices"}),
    )

    def __init__(self, *args, owner, templates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"] = _file_field()
        self.templates = {str(t.pk): t for t in templates}
        self.fields["document_type"].choices = [
            ("", _("Choose the type of document")),
            *[(pk, t.name) for pk, t in self.templates.items()],
            (OTHER, _("Other document")),
        ]
        # With htmx, choosing a type redraws the fields that depend on it, keeping what was typed.
        self.fields["document_type"].widget.attrs.update({
            "data-hx-get": reverse("passport:upload"),
            "data-hx-trigger": "change",
            "data-hx-target": "#document-details",
            "data-hx-swap": "outerHTML",
            "data-hx-include": "closest form",
            "data-hx-params": "not csrfmiddlewaretoken,file",
        })
        self.template = self.chosen_template()
        self.fields["skills"].queryset = selectors.evidence_skill_choices(owner=owner, template=self.template)
        if not self.fields["skills"].queryset.exists():
            self.fields["skills"].help_text = _("Add skills to your profile to link them to this document.")
        self.fields["expiry_date"].help_text = self._expiry_hint()

    def chosen_template(self):
        """The document type chosen so far (bound data first, then the initial value)."""
        value = self.data.get("document_type") if self.is_bound else self.initial.get("document_type")
        return self.templates.get(str(value or ""))

    @property
    def issuer_suggestions(self) -> list[str]:
        return self.template.issuer_list if self.template else []

    def _expiry_hint(self) -> str:
        if self.template is None:
            return _("Leave empty if the document does not expire.")
        parts = []
        if self.template.expiry_required:
            parts.append(_("A %(type)s always has an expiry date.") % {"type": self.template.name})
        else:
            parts.append(_("Leave empty if the document does not expire."))
        if months := self.template.default_validity_months:
            parts.append(ngettext(
                "It is usually valid for %(months)s month from the issue date.",
                "It is usually valid for %(months)s months from the issue date.",
                months,
            ) % {"months": months})
        return " ".join(str(p) for p in parts)

    def clean_document_type(self):
        value = self.cleaned_data["document_type"]
        return None if value == OTHER else self.templates[value]

    def clean(self):
        data = super().clean()
        if not (data.get("title") or "").strip():
            if data.get("document_type"):
                data["title"] = data["document_type"].name
            elif "document_type" in data:
                self.add_error("title", _("Give the document's title, as printed on it."))
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "template": data["document_type"], "title": data["title"], "issuer": data["issuer"],
            "credential_number": data["credential_number"], "issue_date": data["issue_date"],
            "expiry_date": data["expiry_date"], "skills": list(data["skills"]), "upload": data["file"],
        }


class NewVersionForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"] = _file_field()
