"""The chooser editors pick featured freelancers with (the featured-freelancers block's profile
chooser): public freelancers only, found by name, skill (English, Swedish or a synonym) or city
with plain database lookups, since Wagtail's search index of profiles is never filled; each row
shows the photo or initials, the headline, the city and how many skills are verified."""

from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
)

from .badges import with_verified_skill_count
from .models import Profile, UserSkill


def public_freelancers():
    return with_verified_skill_count(Profile.objects.for_public_display()).order_by("display_name", "pk")


class FreelancerFilterForm(BaseFilterForm):
    q = forms.CharField(
        label=_("Name, skill or city"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Search by name, skill or city")}),
    )

    def filter(self, objects):
        query = " ".join(self.cleaned_data.get("q", "").split())
        # Every word must name something of the freelancer's: "welder Göteborg" narrows.
        for word in query.split():
            skill = UserSkill.objects.filter(profile=OuterRef("pk")).filter(
                Q(skill__name__icontains=word) | Q(skill__name_sv__icontains=word) | Q(skill__synonyms__icontains=word)
            )
            objects = objects.filter(Q(display_name__icontains=word) | Q(city__icontains=word) | Exists(skill))
        self.is_searching, self.search_query = bool(query), query or None
        return objects


# The admin's policy allows style attributes, and Wagtail has no class for a face beside a name.
ROUND = "width: 2.5rem; height: 2.5rem; border-radius: 50%; vertical-align: middle; margin-inline-end: 0.75rem; "
FACE_STYLE = ROUND + "object-fit: cover"
INITIALS_STYLE = ROUND + (
    "display: inline-grid; place-items: center; font-weight: 600; "
    "background: var(--w-color-surface-menus); color: var(--w-color-text-button)"
)


def face(profile):
    if profile.avatar_small or profile.avatar:
        image = profile.avatar_small or profile.avatar
        picture = format_html('<img src="{}" alt="" width="40" height="40" style="{}">', image.url, FACE_STYLE)
    else:
        picture = format_html('<span style="{}" aria-hidden="true">{}</span>', INITIALS_STYLE, profile.initials)
    return format_html("{} {}", picture, profile.display_name)


def verified(profile):
    count = profile.verified_skill_count
    if not count:
        return "—"
    text = ngettext("%(count)d verified skill", "%(count)d verified skills", count) % {"count": count}
    return format_html('<span class="w-status w-status--primary">{}</span>', text)


class FreelancerChooseMixin:
    filter_form_class = FreelancerFilterForm
    page_title = _("Choose a freelancer")

    def get_object_list(self):
        return public_freelancers()

    def apply_object_list_ordering(self, objects):
        return objects

    @property
    def title_column(self):
        column = super().title_column
        column.accessor, column.label = face, _("Freelancer")
        return column

    @property
    def columns(self):
        return [
            self.title_column,
            Column("headline", label=_("Headline")),
            Column("city", label=_("City")),
            Column("verified", label=_("Verified"), accessor=verified),
        ]


class FreelancerChooseView(FreelancerChooseMixin, ChooseView):
    pass


class FreelancerChooseResultsView(FreelancerChooseMixin, ChooseResultsView):
    pass


class PublicFreelancerMixin:
    """A hidden profile or a client's cannot be chosen by typing its id into the address."""

    def get_object(self, pk):
        return public_freelancers().get(pk=pk)

    def get_objects(self, pks):
        return public_freelancers().filter(pk__in=pks)


class FreelancerChosenView(PublicFreelancerMixin, SnippetChosenView):
    pass


class FreelancerChosenMultipleView(PublicFreelancerMixin, SnippetChosenMultipleView):
    pass


class FreelancerChooserViewSet(SnippetChooserViewSet):
    choose_one_text = _("Choose a freelancer")
    choose_another_text = _("Choose another freelancer")
    choose_view_class = FreelancerChooseView
    choose_results_view_class = FreelancerChooseResultsView
    chosen_view_class = FreelancerChosenView
    chosen_multiple_view_class = FreelancerChosenMultipleView
    # Profiles come with accounts, never from a chooser.
    creation_form_class = None
    form_fields = None
