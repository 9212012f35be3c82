"""Wagtail's user admin, extended with the member role: the only place admins are made.

Adding a staff member (Users → Add user, superusers only: no group holds the users
permissions): the superuser gives the name, email address, role and groups (docs/staff.md);
there is no password field (WAGTAILUSERS_PASSWORD_ENABLED is off). The new account gets no
password and a verified address (services.staff_account_open), and an email with a link to
choose a password (allauth's password reset link, valid for PASSWORD_RESET_TIMEOUT and only
until a password is set) that also says what happens next: at the first sign-in the admin
sends a staff account to set up TOTP before anything opens (accounts.middleware)."""

from functools import partial

from allauth.account.adapter import get_adapter
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from allauth.core.context import request_context
from allauth.utils import build_absolute_uri
from django import forms
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import CreateView as WagtailCreateView
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from . import services
from .models import User


class RoleFormMixin(forms.ModelForm):
    role = forms.ChoiceField(label=_("Role"), choices=User.Role.choices, initial=User.Role.ADMIN)

    def save(self, commit=True):
        services.user_apply_role(user=self.instance, role=self.cleaned_data["role"])
        return super().save(commit=commit)


class StaffUserCreationForm(RoleFormMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | {"role"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].help_text = _(
            "We email this address a link to choose a password. Staff then set up two-factor authentication "
            "(an authenticator app, TOTP) at their first sign-in; the admin opens only after that."
        )


class StaffUserEditForm(RoleFormMixin, UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | {"role"}


def send_set_password_email(request, user: User) -> None:
    """The new account's welcome: a link to choose a password, and the TOTP rule."""
    path = reverse("account_reset_password_from_key", kwargs={
        "uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user),
    })
    # Sent when the account's transaction commits, possibly after allauth's middleware has let
    # go of the request its letters are addressed from.
    with request_context(request):
        get_adapter(request).send_mail("account/email/staff_welcome", user.email, {
            "user": user,
            "set_password_url": build_absolute_uri(request, path),
            "admin_url": build_absolute_uri(request, reverse("wagtailadmin_home")),
            "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        })


class CreateView(WagtailCreateView):
    def save_instance(self):
        user = services.staff_account_open(user=super().save_instance())
        transaction.on_commit(partial(send_set_password_email, self.request, user))
        return user


class UserViewSet(WagtailUserViewSet):
    add_view_class = CreateView

    def get_form_class(self, for_update=False):
        return StaffUserEditForm if for_update else StaffUserCreationForm
