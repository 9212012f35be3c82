"""Staff screens in the Wagtail admin for members and the skill taxonomy.

Profiles are created with their accounts and never from here; staff moderate them: correct a
name or text, or hide a profile from the public by setting its visibility to hidden."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from marketplace.core.admin import date_column
from marketplace.core.vocabulary import SlugFromNameForm, slug_panel, vocabulary_panel

from .admin_choosers import FreelancerChooserViewSet
from .models import COUNTRY_CHOICES, Language, Profile, Skill, SkillCategory


class ProfilePermissionPolicy(ModelPermissionPolicy):
    """Nobody adds or deletes a profile in the admin: a profile belongs to an account, and
    deleting one would leave a member without a public face. Hiding is the staff action."""

    forbidden_actions = frozenset({"add", "delete"})

    def user_has_permission(self, user, action):
        return action not in self.forbidden_actions and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        allowed = [action for action in actions if action not in self.forbidden_actions]
        if not allowed:
            return self.auth_model._default_manager.none()
        return super().users_with_any_permission(allowed)


# Registered before the viewset so Wagtail never builds its default policy for Profile.
register_permission_policy(Profile, ProfilePermissionPolicy(Profile))


class ProfileViewSet(SnippetViewSet):
    model = Profile
    icon = "user"
    menu_label = _("Profiles")
    copy_view_enabled = False
    # The featured-freelancers block chooses through it: public freelancers, searched by name,
    # skill and city (admin_choosers.py).
    chooser_viewset_class = FreelancerChooserViewSet
    list_display = ["display_name", "user__role", "city", "visibility", date_column("created_at", _("Joined"))]
    list_filter = ["visibility", "user__role"]
    # Plain database lookups rather than the search index: staff search by email and city,
    # and visibility changes made with update() never reach the index.
    search_backend_name = None
    search_fields = ["display_name", "user__email", "city"]
    panels = [
        FieldPanel("user", read_only=True, heading=_("Account")),
        FieldPanel("visibility", help_text=_("Hidden profiles disappear from the directory and search.")),
        FieldPanel("display_name"),
        FieldPanel("headline"),
        FieldPanel("bio"),
        FieldPanel("bio_sv"),
        FieldPanel("city"),
        FieldPanel("country", widget=forms.Select(choices=COUNTRY_CHOICES)),
    ]

    def get_queryset(self, request):
        return Profile.objects.select_related("user")


class MembersGroup(SnippetViewSetGroup):
    menu_label = _("Members")
    menu_icon = "group"
    menu_order = 200
    items = (ProfileViewSet,)


class SkillCategoryViewSet(SnippetViewSet):
    model = SkillCategory
    icon = "folder-open-inverse"
    menu_label = _("Skill categories")
    list_display = ["name", "name_sv", "slug", "sort_order"]
    search_backend_name = None
    search_fields = ["name", "name_sv", "synonyms", "slug"]
    edit_handler = ObjectList(
        [vocabulary_panel(fills_slug=True), slug_panel(), FieldPanel("description"), FieldPanel("description_sv"),
         FieldPanel("sort_order")],
        base_form_class=SlugFromNameForm,
    )


class SkillViewSet(SnippetViewSet):
    model = Skill
    icon = "tag"
    menu_label = _("Skills")
    list_display = ["name", "name_sv", "category", "slug"]
    list_filter = ["category"]
    search_backend_name = None
    search_fields = ["name", "name_sv", "synonyms", "slug", "category__name", "category__name_sv"]
    edit_handler = ObjectList(
        [vocabulary_panel(fills_slug=True), slug_panel(), FieldPanel("category"), FieldPanel("description"),
         FieldPanel("description_sv")],
        base_form_class=SlugFromNameForm,
    )

    def get_queryset(self, request):
        return Skill.objects.select_related("category")


class LanguageViewSet(SnippetViewSet):
    model = Language
    icon = "globe"
    menu_label = _("Languages")
    list_display = ["name", "code"]
    search_backend_name = None
    search_fields = ["name", "code"]


class SkillsGroup(SnippetViewSetGroup):
    menu_label = _("Skills")
    menu_icon = "tag"
    menu_order = 210
    items = (SkillCategoryViewSet, SkillViewSet, LanguageViewSet)


register_snippet(MembersGroup)
register_snippet(SkillsGroup)
