from django import forms
from django.utils.translation import gettext_lazy as _

from .verification import MAX_INPUT_BYTES


class VerifyForm(forms.Form):
    """A credential pasted or uploaded: a JWT, or JSON (a VC 2.0 enveloped credential)."""

    text = forms.CharField(
        label=_("Paste the credential"), required=False, strip=True,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false", "autocomplete": "off"}),
        help_text=_("A JWT (eyJ…) or a credential file's JSON."),
    )
    file = forms.FileField(label=_("…or upload the file"), required=False,
                           help_text=_("A .jwt or .json file, up to 256 KB."))

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is not None:
            if upload.size > MAX_INPUT_BYTES:
                self.add_error("file", _("This file is larger than 256 KB: it is not a credential."))
                return cleaned
            try:
                cleaned["text"] = upload.read().decode("utf-8")
            except UnicodeDecodeError:
                self.add_error("file", _("This file is not text: upload the .json or .jwt file."))
                return cleaned
        if not cleaned.get("text"):
            raise forms.ValidationError(_("Paste a credential or choose its file."), code="empty")
        return cleaned


class HolderDidForm(forms.Form):
    did = forms.CharField(label=_("Your DID"), required=False, max_length=255,
                          help_text=_("Your wallet's identifier (did:key:… or did:web:…), named in credentials "
                                      "issued from now on. Leave empty to be named by your public profile."))

    def clean_did(self):
        did = self.cleaned_data["did"].strip()
        if did and not (did.startswith("did:") and len(did.split(":")) >= 3 and " " not in did):
            raise forms.ValidationError(_("A DID looks like did:key:z6Mk… or did:web:example.com."))
        return did
