"""Wagtail's user admin, extended with the member role: the only place admins are made."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm
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


class StaffUserEditForm(RoleFormMixin, UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | {"role"}


class UserViewSet(WagtailUserViewSet):
    def get_form_class(self, for_update=False):
        return StaffUserEditForm if for_update else StaffUserCreationForm
