"""Staff screens for the competence passport: editors maintain the document types; reviewers
work through the review queue (admin_views.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from marketplace.core.vocabulary import vocabulary_panel

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
