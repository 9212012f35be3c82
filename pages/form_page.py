"""Form pages: contact and partner enquiries whose fields editors define in the admin
(wagtail.contrib.forms). Submissions are kept as Wagtail's FormSubmission rows, listed under
Forms in the admin, and mailed to the page's address by the worker (tasks.py).

What a public form needs besides Wagtail's form builder:
- a honeypot: a text input that people and screen readers never meet (`hidden`) and that
  robots fill; a submission with it filled gets the same thank-you page and is neither kept
  nor mailed, so a robot learns nothing;
- a rate limit per client address on POST (VALUND_RATE_LIMITS["form_submission"]);
- no shared copy: the page carries a CSRF token in its form, so every answer is private and
  never kept by Django's page cache or the proxy (docs/operations.md, Caching public pages)."""

from functools import partial

from django.db import models, transaction
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField, FormMixin
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from marketplace.core.ratelimit import rate_limited

from .tasks import send_form_notification

# Not a name Wagtail can give an editor's field (its clean names are letters, digits and "_").
HONEYPOT_FIELD = "your-website"
TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class FormField(AbstractFormField):
    """One field of a form page, as the editor defined it."""

    page = ParentalKey("pages.FormPage", on_delete=models.CASCADE, related_name="form_fields")


class FormPage(AbstractEmailForm):
    """A page with a form editors build (contact, partner enquiries): its fields, the thank-you
    text and who is told of each submission."""

    intro = RichTextField(_("introduction"), blank=True, features=TEXT_FEATURES,
                          help_text=_("Shown above the form: what it is for and when people can expect an answer."))
    submit_label = models.CharField(_("button label"), max_length=40, blank=True,
                                    help_text=_("The text of the send button; “Send” when empty."))
    thank_you_text = RichTextField(
        _("thank-you text"), blank=True, features=TEXT_FEATURES,
        help_text=_("Shown after a successful submission instead of the form."),
    )

    content_panels = AbstractEmailForm.content_panels + [
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("Form fields")),
        FieldPanel("submit_label"),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading=_("Notification email"),
        ),
    ]
    search_fields = AbstractEmailForm.search_fields + [index.SearchField("intro")]

    parent_page_types = ["pages.HomePage", "pages.StandardPage"]
    subpage_types = []
    page_description = _("A form editors build field by field, such as contact or partner enquiries; submissions "
                         "are listed under Forms and emailed to the address you give.")

    class Meta:
        verbose_name = _("form page")

    @rate_limited("form_submission", methods=("POST",))
    def serve(self, request, *args, **kwargs):
        if request.method == "POST" and request.POST.get(HONEYPOT_FIELD):
            response = self.render_landing_page(request)
        else:
            response = super().serve(request, *args, **kwargs)
        return _private(response)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["honeypot_field"] = HONEYPOT_FIELD
        return context

    def process_form_submission(self, form):
        """Wagtail's, with the email sent by the worker once the submission is stored."""
        submission = FormMixin.process_form_submission(self, form)
        if self.to_address:
            transaction.on_commit(partial(send_form_notification, submission.pk))
        return submission


def _private(response):
    """Never shared: the form's CSRF token (and the visitor's answers) are this visitor's."""
    response.public_page = False
    patch_cache_control(response, private=True, no_cache=True)
    return response
