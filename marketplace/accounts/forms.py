import zoneinfo
from decimal import Decimal

from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.core import context
from django import forms
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import MinimumLengthValidator, get_default_password_validators
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from marketplace.core.forms import LocalDecimalField
from marketplace.core.languages import language_names_native
from marketplace.core.money import to_major, to_minor
from marketplace.core.places import place_lookup, place_names, places_close_to

from .models import Language, Profile, Skill, User, UserSkill

PLACE_MAX_LENGTH = 100  # the model's city: longer than any place's name


class PlaceField(forms.CharField):
    """A place named from the gazetteer; its template lists the places that can be chosen, for
    whoever has no JavaScript to suggest them."""

    @property
    def known_places(self) -> list[str]:
        return place_names()


class SignupForm(AllauthSignupForm):
    """The site's signup: the role, name and company come from signup.SignupDetails, which allauth
    puts under every signup form (ACCOUNT_SIGNUP_FORM_CLASS) and which makes the profile."""

    field_order = ["role", "display_name", "company_name", "email", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        honeypot = self.fields.get(settings.ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD)
        if honeypot is not None:
            # allauth hides its bot trap with a style attribute, which the site's CSP blocks.
            honeypot.widget.attrs.pop("style", None)
            # "nope" is not a valid autocomplete value in HTML; "off" is.
            honeypot.widget.attrs.update({"class": "visually-hidden", "aria-hidden": "true", "autocomplete": "off"})
        # One sentence instead of Django's list of four rules, the same rules in a member's words.
        self.fields["password1"].help_text = password_hint()
        # "Join as a freelancer" and "Join as a client" links arrive with ?role=; a bound form
        # keeps what was sent.
        request = context.request
        role = request.GET.get("role") if request is not None and not self.is_bound else None
        if role in dict(self.fields["role"].choices):
            self.fields["role"].initial = role

    def try_save(self, request):
        if self.account_already_exists:
            # allauth answers as for a new member and emails the owner; hash the password all
            # the same, or the missing hundreds of milliseconds would tell the two apart.
            make_password(self.cleaned_data.get("password1"))
        return super().try_save(request)


def password_hint() -> str:
    lengths = [validator.min_length for validator in get_default_password_validators()
               if isinstance(validator, MinimumLengthValidator)]
    return _("At least %(length)d characters, not only digits, not a common password and not like your name or "
             "email.") % {"length": max(lengths, default=8)}


class ProfileForm(forms.ModelForm):
    """Parses and validates; profile_update decides and saves."""

    hourly_rate = LocalDecimalField(
        label=_("Hourly rate"), required=False, max_digits=9, decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100000"))],
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={"invalid": _("Enter the rate as a number, such as 650 or 650.50.")},
    )
    avatar = forms.FileField(
        label=_("Photo"), required=False, help_text=_("JPEG, PNG or WebP, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    # One name from the gazetteer instead of a city, a country and raw coordinates: the service
    # sets all four from it. The combobox (static/js/combobox.js) suggests names as they are typed.
    place = PlaceField(
        label=_("Place"), required=False, max_length=PLACE_MAX_LENGTH,
        help_text=_("The city you work from, such as Uppsala or Göteborg. Clients searching near it find you."),
        template_name="marketplace/accounts/_place_field.html",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    languages = forms.ModelMultipleChoiceField(
        label=_("Languages"), queryset=Language.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choices"}),
    )
    # The account's language (User.language), not one the member works in (languages above).
    language = forms.ChoiceField(
        label=_("Language of the site and emails"), required=False,
        help_text=_("Valund shows its pages and writes its emails to you in this language."),
    )
    # The account's time zone (User.time_zone); choices are filled in per form from tzdata.
    time_zone = forms.ChoiceField(
        label=_("Time zone"), required=False,
        help_text=_("Times on the site and in emails are shown in this zone."),
    )

    class Meta:
        model = Profile
        fields = [
            "display_name", "headline", "bio", "bio_sv", "avatar", "languages", "years_experience", "hourly_rate",
            "currency", "availability", "available_from", "hours_per_week", "visibility", "company_name",
            "vat_number",
        ]
        # Fields whose model has no verbose_name would be labelled in English from their names.
        labels = {"availability": _("Availability"), "available_from": _("Available from")}
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 6}),
            "bio_sv": forms.Textarea(attrs={"rows": 6}),
            "available_from": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("place", self.instance.city)
        self.initial.setdefault("language", self.instance.user.language)
        # Each language named in itself, so a member who cannot read the page still finds theirs.
        self.fields["language"].choices = [("", _("As my browser asks")), *language_names_native().items()]
        self.initial.setdefault("time_zone", self.instance.user.time_zone)
        self.fields["time_zone"].choices = [
            ("", _("%(zone)s (Valund's time)") % {"zone": settings.TIME_ZONE}),
            *((zone, zone.replace("_", " ")) for zone in sorted(zoneinfo.available_timezones())),
        ]
        self.order_fields(["display_name", "headline", "bio", "bio_sv", "avatar", "place"])
        if self.instance.hourly_rate is not None:
            self.initial["hourly_rate"] = to_major(self.instance.hourly_rate, self.instance.currency)
        if self.instance.user.role == User.Role.CLIENT:
            for name in ("hourly_rate", "currency", "availability", "available_from", "hours_per_week",
                         "years_experience"):
                self.fields.pop(name)
        else:
            self.fields.pop("company_name")
            self.fields.pop("vat_number")
        self.fields["display_name"].required = True
        self.fields["display_name"].error_messages["required"] = _("Enter the name shown on your profile.")

    def clean_display_name(self):
        name = self.cleaned_data["display_name"].strip()
        if not name:
            raise forms.ValidationError(_("Enter the name shown on your profile."))
        return name

    def clean_place(self):
        """The place's own name, whichever spelling or alias was typed; an unknown name is
        refused with the places spelt most like it."""
        typed = " ".join(self.cleaned_data["place"].split())
        if not typed:
            return ""
        place = place_lookup(typed)
        if place is not None:
            return place.name
        close = [place.name for place in places_close_to(typed)]
        if close:
            raise forms.ValidationError(
                _("“%(typed)s” is not a place we know. Did you mean %(close)s?"),
                code="place", params={"typed": typed, "close": _(" or ").join(close)},
            )
        raise forms.ValidationError(
            _("“%(typed)s” is not a place we know. Choose the nearest city from the places listed here."),
            code="place", params={"typed": typed},
        )

    def clean_avatar(self):
        # The model's ImageField is bypassed on purpose: profile_update renders the file.
        return self.cleaned_data.get("avatar") or None

    def clean(self):
        data = super().clean()
        if data.get("availability") == Profile.Availability.AVAILABLE_FROM and not data.get("available_from"):
            self.add_error("available_from", _("Say from which date you are available."))
        rate = data.get("hourly_rate")
        if rate is not None and "currency" in data:
            data["hourly_rate_minor"] = to_minor(rate, data.get("currency") or "SEK")
        return data

    def _post_clean(self):
        # Deliberately empty: ModelForm's own would copy the cleaned data onto the profile (the
        # rate in major units into a field of minor units, the raw upload into the avatar) and
        # validate the model with it. profile_update assigns, renders the avatar and full_cleans.
        pass

    def profile_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items()
                if k not in {"avatar", "languages", "hourly_rate", "language", "time_zone"}}
        if "hourly_rate" in self.cleaned_data:
            data["hourly_rate"] = self.cleaned_data.get("hourly_rate_minor")
        return data


class SkillForm(forms.Form):
    skill = forms.ModelChoiceField(
        label=_("Skill"), queryset=Skill.objects.select_related("category").order_by("category__name", "name"),
        empty_label=_("Choose a skill"),
    )
    level = forms.TypedChoiceField(
        label=_("Level"), choices=UserSkill.Level.choices, coerce=int, initial=UserSkill.Level.INTERMEDIATE
    )
    years = forms.IntegerField(label=_("Years"), min_value=0, max_value=70, initial=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skill"].label_from_instance = lambda s: f"{s.category.name} – {s.name}"


