"""What every signup asks besides the address and the password: the role and the name (and a
client's company). allauth builds both of its signup forms on ACCOUNT_SIGNUP_FORM_CLASS, this
one: the site's (forms.SignupForm) and allauth headless's for programs (/api/auth/), and calls
signup() once the account exists, so an account made either way gets its role and profile."""

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from . import services
from .models import User


class SignupDetails(forms.Form):
    role = forms.ChoiceField(
        label=_("I join Valund as"),
        choices=[
            (User.Role.FREELANCER, _("A freelancer offering my skills")),
            (User.Role.CLIENT, _("A client hiring freelancers")),
        ],
        widget=forms.RadioSelect,
    )
    display_name = forms.CharField(label=_("Your name"), max_length=120)
    company_name = forms.CharField(label=_("Company (clients, optional)"), max_length=160, required=False)

    def clean_display_name(self):
        name = self.cleaned_data["display_name"].strip()
        if not name:
            raise forms.ValidationError(_("Enter your name."))
        return name

    def signup(self, request, user):
        services.member_complete_signup(
            user=user,
            role=self.cleaned_data["role"],
            display_name=self.cleaned_data["display_name"],
            company_name=self.cleaned_data.get("company_name", ""),
        )
        # The language the member signed up in is theirs until they choose another (issue 21):
        # what Valund sends them before they ever open the switcher is in it.
        language = (translation.get_language() or "").split("-")[0]
        if language in dict(settings.LANGUAGES):
            services.user_set_language(actor=user, user=user, language=language)
