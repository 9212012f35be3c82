"""Staff screens for the competence passport: editors maintain the document types; reviewers
work through the review queue (admin_views.py)."""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from marketplace.core.admin import add_waiting_panel
from marketplace.core.vocabulary import vocabulary_panel

from . import rules, selectors
from .admin_views import ReviewQueueViewSet
from .models import CompetenceTemplate


class CompetenceTemplateViewSet(SnippetViewSet):
    model = CompetenceTemplate
    icon = "doc-full"
    menu_label = _("Document types")
    menu_name = "passport-document-types"
    menu_order = 195
    add_to_admin_menu = True
    list_display = ["name", "name_sv", "slug", "expiry_required", "default_validity_months", "is_active"]
    list_filter = ["is_active", "expiry_required"]
    search_backend_name = None
    search_fields = ["name", "name_sv", "synonyms", "slug", "issuing_bodies"]
    panels = [
        vocabulary_panel(),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("description_sv"),
        FieldPanel("issuing_bodies"),
        MultiFieldPanel(
            [FieldPanel("expiry_required"), FieldPanel("default_validity_months")],
            heading=_("Validity"),
        ),
        FieldPanel("skills", widget=forms.CheckboxSelectMultiple),
        FieldPanel("is_active"),
    ]


register_snippet(CompetenceTemplateViewSet)


@hooks.register("register_admin_viewset")
def register_review_queue():
    return ReviewQueueViewSet()


@hooks.register("construct_homepage_panels")
def review_queue_panel(request, panels):
    add_waiting_panel(
        request, panels, allowed=rules.can_review, waiting=selectors.review_waiting_count, name="documents-waiting",
        order=100, heading=gettext("Review queue"), url=reverse("passport_review:index"),
        empty=gettext("No document is waiting for review."),
        describe=lambda count: ngettext("%(count)s document waiting for review",
                                        "%(count)s documents waiting for review", count) % {"count": count})
