"""Members' data requests in the Wagtail admin: the record of every export and closure (who
asked, who carried it out, when, what was done), and the form where staff act on a request that
reached them another way (a letter, an email to support). Only staff with the
privacy.handle_datarequest permission, in a session that proved its second factor, get here."""

import json

from django import forms
from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic.base import BaseListingView, WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from marketplace.core.admin import StaffPowerRequiredMixin
from marketplace.core.errors import DomainError

from . import services
from .models import DataRequest

User = get_user_model()


def can_handle(user) -> bool:
    return user.is_authenticated and user.has_perm("privacy.handle_datarequest")


class HandlerRequiredMixin(StaffPowerRequiredMixin):
    staff_power_test = staticmethod(can_handle)


def request_url(request) -> str:
    return reverse("data_requests:detail", args=[request.pk])


class RequestListView(HandlerRequiredMixin, BaseListingView):
    page_title = gettext_lazy("Members' data requests")
    header_icon = "user"
    index_url_name = "data_requests:index"
    index_results_url_name = "data_requests:index_results"
    paginate_by = 50
    verbose_name = gettext_lazy("data request")
    verbose_name_plural = gettext_lazy("data requests")

    @cached_property
    def columns(self):
        return [
            TitleColumn("kind", label=gettext_lazy("Request"), accessor="get_kind_display", get_url=request_url),
            Column("member", label=gettext_lazy("Member"), accessor="member.email"),
            StatusTagColumn("status", label=gettext_lazy("Status"), accessor="get_status_display",
                            primary=lambda r: r.status in (DataRequest.Status.PENDING, DataRequest.Status.RUNNING)),
            Column("requested_by", label=gettext_lazy("Asked by"), accessor="requested_by.email"),
            Column("created_at", label=gettext_lazy("Asked")),
            Column("finished_at", label=gettext_lazy("Done")),
        ]

    def get_base_queryset(self):
        return DataRequest.objects.select_related("member", "requested_by").order_by("-created_at", "-pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["header_buttons"] = []
        return context


class ActForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("The member's email address"))
    kind = forms.ChoiceField(label=gettext_lazy("What they asked for"), choices=DataRequest.Kind.choices,
                             widget=forms.RadioSelect)
    note = forms.CharField(label=gettext_lazy("How the request reached us, and how you checked who sent it"),
                           widget=forms.Textarea(attrs={"rows": 3}))


class ActView(HandlerRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    """Carry out a member's request: an export is built and emailed to the member's own address;
    a closure runs at once, or is refused with what the member has to settle first."""

    template_name = "marketplace/privacy/admin/act.html"
    page_title = gettext_lazy("Act on a member's request")
    header_icon = "user"
    form = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = self.form or ActForm()
        return context

    def post(self, request, *args, **kwargs):
        form = ActForm(request.POST)
        if form.is_valid():
            member = User.objects.filter(email__iexact=form.cleaned_data["email"]).first()
            if member is None:
                form.add_error("email", _("No member has this email address."))
            else:
                return self._act(request, member, form)
        self.form = form
        return self.render_to_response(self.get_context_data())

    def _act(self, request, member, form):
        data = form.cleaned_data
        try:
            if data["kind"] == DataRequest.Kind.EXPORT:
                done = services.export_request(member=member, requested_by=request.user)
                if data["note"] and not done.note:
                    DataRequest.objects.filter(pk=done.pk).update(note=data["note"], handled_by=request.user)
                messages.success(request, _("The export is being built; the member gets the link by email."))
            else:
                done = services.account_close(member=member, actor=request.user, note=data["note"])
                messages.success(request, _("The account is closed and its personal data erased."))
        except services.ClosureBlocked as error:
            messages.error(request, error.message + " " + "; ".join(f"{b.title}: {b.reason}" for b in error.blockers))
            done = DataRequest.objects.filter(member=member, kind=DataRequest.Kind.ERASURE).first()
        except DomainError as error:
            messages.error(request, error.message)
            self.form = form
            return self.render_to_response(self.get_context_data())
        return redirect("data_requests:detail", done.pk)


class DetailView(HandlerRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "marketplace/privacy/admin/detail.html"
    header_icon = "user"

    @cached_property
    def data_request(self):
        return get_object_or_404(DataRequest.objects.select_related("member", "requested_by", "handled_by"),
                                 pk=self.kwargs["pk"])

    def get_page_title(self):
        return str(self.data_request)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["data_request"] = self.data_request
        context["record"] = json.dumps(self.data_request.record, indent=2, ensure_ascii=False)
        return context


class RequestsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_handle(request.user)


class DataRequestViewSet(ViewSet):
    name = "data_requests"
    url_prefix = "privacy/requests"
    icon = "user"
    menu_label = gettext_lazy("Data requests")
    menu_name = "data-requests"
    menu_order = 217
    add_to_admin_menu = True
    menu_item_class = RequestsMenuItem

    def get_urlpatterns(self):
        return [
            path("", RequestListView.as_view(), name="index"),
            path("results/", RequestListView.as_view(results_only=True), name="index_results"),
            path("act/", ActView.as_view(), name="act"),
            path("<int:pk>/", DetailView.as_view(), name="detail"),
        ]
