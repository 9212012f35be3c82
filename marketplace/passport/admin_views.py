"""The passport review queue and review screen in the Wagtail admin.

Only staff who may review (rules.can_review: the "Passport reviewers" group, or superusers)
reach any of these views; everyone else gets a 403. Every change goes through services.py; a
DomainError it raises is shown as an error message and nothing changes."""

import datetime

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.html import avoid_wrapping
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.defaults import permission_denied
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic.base import BaseListingView, WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from marketplace.core.admin import CountedMenuItem, StaffPowerRequiredMixin
from marketplace.core.errors import DomainError
from marketplace.core.http import client_ip
from marketplace.core.storage import private_file_response

from . import rules, selectors, services
from .admin_forms import DecisionForm, RevokeForm
from .models import CompetenceDocument, CompetenceFile, CompetenceReview, CompetenceTemplate

Status = CompetenceDocument.Status
Decision = CompetenceReview.Decision
Check = CompetenceReview.Check
ALL = "all"
# Content types a browser shows in an <img>; HEIC is offered as a link instead.
PREVIEWABLE_IMAGES = {"image/jpeg", "image/png", "image/webp"}


class ReviewerRequiredMixin(StaffPowerRequiredMixin):
    staff_power_test = staticmethod(rules.can_review)


class ReviewQueueFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"),
        empty_label=gettext_lazy("Waiting (uploaded or under review)"),
        choices=[*Status.choices, (ALL, gettext_lazy("All"))],
        method="filter_status",
        widget=forms.RadioSelect,
    )
    template = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Document type"), queryset=CompetenceTemplate.objects.all(),
    )
    waited = django_filters.ChoiceFilter(
        label=gettext_lazy("Waiting time"),
        empty_label=gettext_lazy("Any"),
        choices=[
            ("1", gettext_lazy("More than 1 day")),
            ("3", gettext_lazy("More than 3 days")),
            ("7", gettext_lazy("More than 7 days")),
        ],
        method="filter_waited",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = CompetenceDocument
        fields = []

    def filter_queryset(self, queryset):
        # An empty status is the queue's default view: the documents waiting for a reviewer.
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.waiting_for_review()
        return super().filter_queryset(queryset)

    def filter_status(self, queryset, name, value):
        return queryset if value == ALL else queryset.filter(status=value)

    def filter_waited(self, queryset, name, value):
        return queryset.filter(submitted_at__lte=timezone.now() - datetime.timedelta(days=int(value)))


def status_label(value: str) -> str:
    return Status(value).label if value in Status.values else value


def waiting_time(document) -> str:
    """How long since submission, in days once it is a day or more ("9 days", not "1 week")."""
    days = (timezone.now() - document.submitted_at).days
    if days >= 1:
        return avoid_wrapping(ngettext("%(days)s day", "%(days)s days", days) % {"days": days})
    return timesince(document.submitted_at, depth=1)


def document_name(document) -> str:
    """"Welding certificate" when the title is the type's name, else "Title (Type)"."""
    kind = document.template.local_name if document.template_id else ""
    if not kind or document.title.strip().casefold() == kind.casefold():
        return document.title or kind
    return f"{document.title} ({kind})"


class ReviewQueueView(ReviewerRequiredMixin, BaseListingView):
    """Documents to review, oldest submission first, 50 a page, in a constant number of queries."""

    page_title = gettext_lazy("Passport review queue")
    header_icon = "tasks"
    index_url_name = "passport_review:index"
    index_results_url_name = "passport_review:index_results"
    filterset_class = ReviewQueueFilterSet
    paginate_by = 50
    is_searchable = True
    search_backend_name = None
    search_fields = ["title", "issuer", "credential_number", "owner__profile__display_name", "owner__email"]
    verbose_name = gettext_lazy("document")
    verbose_name_plural = gettext_lazy("documents")

    @cached_property
    def columns(self):
        return [
            Column("freelancer", label=gettext_lazy("Freelancer"), accessor="owner.profile.display_name"),
            # The title links to the review; the type is named once, beside a title that differs from it.
            TitleColumn("title", label=gettext_lazy("Document"), accessor=document_name, get_url=self.review_url),
            Column("issuer", label=gettext_lazy("Issuer")),
            StatusTagColumn("status", label=gettext_lazy("Status"), accessor="get_status_display",
                            primary=lambda document: document.status == Status.UPLOADED),
            Column("waiting", label=gettext_lazy("Waiting"), accessor=waiting_time),
        ]

    @staticmethod
    def review_url(document) -> str:
        return reverse("passport_review:review", args=[document.pk])

    def get_base_queryset(self):
        return selectors.review_queue()

    def filter_queryset(self, queryset):
        # A filter form that does not validate (a hand-edited URL) shows the default queue, not everything.
        if not (self.filters and self.filters.is_valid()):
            return queryset.waiting_for_review()
        return super().filter_queryset(queryset)


class ReviewView(ReviewerRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    """One document beside its file, its owner, its history; and what the reviewer may do next."""

    template_name = "marketplace/passport/admin/review.html"
    header_icon = "doc-full"
    decision_form = None
    revoke_form = None

    @cached_property
    def document(self):
        try:
            return selectors.review_document(self.kwargs["pk"])
        except CompetenceDocument.DoesNotExist:
            raise Http404 from None

    def get_page_title(self):
        return self.document.title

    def get_page_subtitle(self):
        return self.document.owner.profile.display_name

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("passport_review:index"), "label": _("Passport review queue")},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        document = self.document
        version_field = {"version": document.current_version_id}
        profile = document.owner.profile
        versions = list(document.versions.all())
        context.update(
            document=document,
            current=document.current_version,
            versions=versions,
            earlier_versions=[v for v in versions if v.pk != document.current_version_id],
            file_url=document.current_version and reverse(
                "passport_review:file", args=[document.pk, document.current_version.number]
            ),
            audit_log=[(entry, status_label(entry.from_status), status_label(entry.to_status))
                       for entry in document.audit_log.all()],
            profile=profile,
            profile_skills=list(profile.skills.all()),
            public_profile_url=profile.get_absolute_url() if profile.is_public else None,
            own_document=document.owner_id == self.request.user.pk,
            issuer_known=self.issuer_known(document),
            waiting_time=waiting_time(document),
            same_type_approved=selectors.approved_of_same_type(document) if document.status != Status.APPROVED
            else [],
            decision_form=self.decision_form or DecisionForm(initial=version_field),
            revoke_form=self.revoke_form or RevokeForm(initial=version_field),
            can_start=document.status == Status.UPLOADED,
            can_decide=document.status == Status.UNDER_REVIEW,
            can_revoke=document.status == Status.APPROVED,
            previewable_image=document.current_version is not None
            and document.current_version.content_type in PREVIEWABLE_IMAGES,
            required_checks=[check.label for check in Check if check in services.CHECKS_REQUIRED_FOR_APPROVAL],
        )
        return context

    @staticmethod
    def issuer_known(document) -> bool | None:
        """Whether the issuer is one the document type lists; None when there is nothing to compare."""
        if document.template is None or not document.template.issuer_list:
            return None
        issuers = {issuer.casefold() for issuer in document.template.issuer_list}
        return document.issuer.strip().casefold() in issuers

    def refuse(self, error: DomainError, **forms):
        """Show the refusal on the screen as it now is, keeping what the reviewer typed."""
        messages.error(self.request, error.message)
        self.__dict__.pop("document", None)  # read again: someone else may have changed it
        for name, form in forms.items():
            setattr(self, name, form)
        return self.render_to_response(self.get_context_data())

    def success(self, message: str):
        messages.success(self.request, message)
        return redirect("passport_review:index")


class StartReviewView(ReviewView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            services.review_start(reviewer=request.user, document=self.document, ip=client_ip(request))
        except DomainError as error:
            return self.refuse(error)
        messages.success(request, _("You are reviewing “%(title)s”. Record your decision when you are done.")
                         % {"title": self.document.title})
        return redirect("passport_review:review", pk=self.document.pk)


class DecideView(ReviewView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = DecisionForm(request.POST)
        if not form.is_valid():
            return self.refuse(DomainError(_("The decision could not be recorded: correct the fields below.")),
                               decision_form=form)
        data = form.cleaned_data
        try:
            review = services.review_decide(
                reviewer=request.user, document=self.document, decision=data["decision"], checks=data["checks"],
                score=data["score"], comment=data["comment"], internal_note=data["internal_note"],
                ip=client_ip(request), seen_version_id=data.get("version"),
            )
        except DomainError as error:
            return self.refuse(error, decision_form=form)
        messages_by_decision = {
            Decision.APPROVED: _("“%(title)s” of %(name)s is approved. The freelancer gets an email."),
            Decision.REJECTED: _("“%(title)s” of %(name)s is rejected. The freelancer gets an email."),
            Decision.REQUIRES_REVISION: _(
                "%(name)s is asked for a new version of “%(title)s” and gets an email."
            ),
        }
        return self.success(messages_by_decision[review.decision] % {
            "title": self.document.title, "name": self.document.owner.profile.display_name,
        })


class RevokeView(ReviewView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = RevokeForm(request.POST)
        if not form.is_valid():
            return self.refuse(DomainError(_("The document could not be revoked: correct the fields below.")),
                               revoke_form=form)
        try:
            services.document_revoke(reviewer=request.user, document=self.document,
                                     reason=form.cleaned_data["reason"], ip=client_ip(request),
                                     seen_version_id=form.cleaned_data.get("version"))
        except DomainError as error:
            return self.refuse(error, revoke_form=form)
        return self.success(
            _("“%(title)s” of %(name)s is revoked. The freelancer gets an email.")
            % {"title": self.document.title, "name": self.document.owner.profile.display_name}
        )


@method_decorator(xframe_options_sameorigin, name="dispatch")
class FileView(ReviewerRequiredMixin, View):
    """Hands out one version of a document's file, for the preview on the review screen, after
    services log that this reviewer opened it (core.storage.private_file_response: sandboxed,
    inline only for images and PDFs; on S3 a URL that expires within a minute)."""

    def get(self, request, pk, number):
        document = get_object_or_404(CompetenceDocument, pk=pk)
        version = get_object_or_404(CompetenceFile, document=document, number=number)
        try:
            services.document_open_file(actor=request.user, document=document, version=version, ip=client_ip(request))
        except DomainError as error:
            return permission_denied(request, PermissionDenied(error.message))
        extension = version.file.name.rsplit(".", 1)[-1]
        return private_file_response(version.file, content_type=version.content_type,
                                     filename=f"document-{document.pk}-v{version.number}.{extension}")


class ReviewQueueMenuItem(CountedMenuItem):
    """Shown to reviewers only, with the number of documents waiting (one COUNT per admin page)."""

    allowed = staticmethod(rules.can_review)
    waiting = staticmethod(selectors.review_waiting_count)


class ReviewQueueViewSet(ViewSet):
    name = "passport_review"
    url_prefix = "passport/review"
    icon = "tasks"
    menu_label = gettext_lazy("Review queue")
    menu_name = "passport-review"
    menu_order = 190
    add_to_admin_menu = True
    menu_item_class = ReviewQueueMenuItem

    def get_urlpatterns(self):
        return [
            path("", ReviewQueueView.as_view(), name="index"),
            path("results/", ReviewQueueView.as_view(results_only=True), name="index_results"),
            path("<int:pk>/", ReviewView.as_view(), name="review"),
            path("<int:pk>/start/", StartReviewView.as_view(), name="start"),
            path("<int:pk>/decide/", DecideView.as_view(), name="decide"),
            path("<int:pk>/revoke/", RevokeView.as_view(), name="revoke"),
            path("<int:pk>/files/<int:number>/", FileView.as_view(), name="file"),
        ]
