"""Payments in the Wagtail admin: the dispute queue, the screen where staff decide a dispute,
and the payments overview. Only staff who may resolve disputes (the "Support" group, or
superusers) reach them; every decision goes through services.dispute_resolve."""

import datetime

from django import forms
from django.db.models import Count, Q, Sum
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic.base import BaseListingView, WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from marketplace.core.admin import CountedMenuItem, StaffPowerRequiredMixin, date_column
from marketplace.core.errors import DomainError
from marketplace.core.files import EXTENSIONS
from marketplace.core.forms import LocalDecimalField
from marketplace.core.money import format_money, to_minor
from marketplace.core.storage import private_file_response

from . import rules, selectors, services
from .models import DisputeEvidence, LedgerEntry, LedgerTransaction, Payment, PaymentDispute


class ResolverRequiredMixin(StaffPowerRequiredMixin):
    staff_power_test = staticmethod(rules.can_resolve)


class ResolveForm(forms.Form):
    outcome = forms.ChoiceField(
        label=gettext_lazy("Decision"), widget=forms.RadioSelect,
        choices=[(PaymentDispute.Outcome.RELEASE, gettext_lazy("Release everything held to the freelancer")),
                 (PaymentDispute.Outcome.REFUND, gettext_lazy("Refund everything held to the client")),
                 (PaymentDispute.Outcome.SPLIT, gettext_lazy("Split"))])
    to_freelancer = LocalDecimalField(label=gettext_lazy("For a split: amount to the freelancer"), required=False,
                                      min_value=0, decimal_places=2,
                                      help_text=gettext_lazy("Before Valund's fee; the rest goes back to the "
                                                             "client."))
    note = forms.CharField(label=gettext_lazy("Note to both parties"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, held: int, **kwargs):
        super().__init__(*args, **kwargs)
        if not held:  # nothing to move: closing with a note is the one honest decision
            self.fields["outcome"].choices = [
                (PaymentDispute.Outcome.CLOSED, gettext_lazy("Close the dispute: the escrow holds nothing, so no "
                                                             "money moves"))]
            self.fields["outcome"].initial = PaymentDispute.Outcome.CLOSED
            del self.fields["to_freelancer"]


def dispute_url(dispute) -> str:
    return reverse("payment_disputes:resolve", args=[dispute.pk])


class DisputeQueueView(ResolverRequiredMixin, BaseListingView):
    page_title = gettext_lazy("Disputes")
    header_icon = "warning"
    index_url_name = "payment_disputes:index"
    index_results_url_name = "payment_disputes:index_results"
    paginate_by = 50
    verbose_name = gettext_lazy("dispute")
    verbose_name_plural = gettext_lazy("disputes")

    @cached_property
    def columns(self):
        return [
            TitleColumn("booking", label=gettext_lazy("Booking"), accessor="escrow.booking.title",
                        get_url=dispute_url),
            Column("client", label=gettext_lazy("Client"), accessor="escrow.booking.client.profile.display_name"),
            Column("freelancer", label=gettext_lazy("Freelancer"),
                   accessor="escrow.booking.freelancer.profile.display_name"),
            Column("source", label=gettext_lazy("Opened by"), accessor="get_source_display"),
            Column("reason", label=pgettext_lazy("what it concerns", "About"), accessor="get_reason_display"),
            StatusTagColumn("status", label=gettext_lazy("Status"), accessor="get_status_display",
                            primary=lambda dispute: dispute.status == PaymentDispute.Status.OPEN),
            date_column("created_at", gettext_lazy("Opened"), with_time=True),
        ]

    def get_base_queryset(self):
        show = self.request.GET.get("status", "open")
        queryset = PaymentDispute.objects.select_related(
            "escrow__booking__client__profile", "escrow__booking__freelancer__profile")
        if show != "all":
            queryset = queryset.filter(status=PaymentDispute.Status.OPEN)
        return queryset.order_by("created_at", "pk")


class ResolveView(ResolverRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "marketplace/payments/admin/resolve.html"
    header_icon = "warning"
    form = None

    @cached_property
    def dispute(self):
        return get_object_or_404(
            PaymentDispute.objects.select_related("escrow__booking__client__profile",
                                                  "escrow__booking__freelancer__profile", "opened_by__profile"),
            pk=self.kwargs["pk"])

    def get_page_title(self):
        return _("Dispute about “%(title)s”") % {"title": self.dispute.escrow.booking.title}

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": reverse("payment_disputes:index"), "label": _("Disputes")},
                {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        dispute = self.dispute
        booking = dispute.escrow.booking
        figures = selectors.figures(booking, dispute.escrow)
        opener = dispute.opened_by_id
        context.update(
            dispute=dispute, booking=booking, figures=figures,
            other_party=booking.freelancer if opener == booking.client_id else booking.client if opener else None,
            evidence=list(dispute.evidence.select_related("uploaded_by__profile")),
            timeline=list(booking.approvals.select_related("actor__profile")),
            payments=list(dispute.escrow.payments.all()),
            form=self.form or ResolveForm(held=figures.held),
            can_resolve=dispute.status == PaymentDispute.Status.OPEN
            and dispute.source == PaymentDispute.Source.MEMBER,
        )
        return context

    def post(self, request, *args, **kwargs):
        form = ResolveForm(request.POST, held=selectors.figures(self.dispute.escrow.booking, self.dispute.escrow).held)
        if form.is_valid():
            data = form.cleaned_data
            amount = data.get("to_freelancer")
            try:
                services.dispute_resolve(
                    staff=request.user, dispute=self.dispute, outcome=data["outcome"], note=data["note"],
                    to_freelancer=to_minor(amount, self.dispute.escrow.currency) if amount is not None else None)
            except DomainError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("The dispute is decided; both parties have been told."))
                return redirect("payment_disputes:index")
        else:
            messages.error(request, _("The decision could not be recorded: correct the fields below."))
        self.form = form
        self.__dict__.pop("dispute", None)
        return self.render_to_response(self.get_context_data())


class EvidenceView(ResolverRequiredMixin, View):
    def get(self, request, pk, evidence_pk):
        evidence = get_object_or_404(DisputeEvidence, dispute_id=pk, pk=evidence_pk)
        return private_file_response(
            evidence.file, content_type=evidence.content_type,
            filename=f"dispute-{pk}-evidence-{evidence.pk}.{EXTENSIONS.get(evidence.content_type, 'bin')}")


class OverviewView(ResolverRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    """Money at a glance, from the ledger: held in escrow, released and fees this month, open
    disputes, and payments that wait or failed."""

    template_name = "marketplace/payments/admin/overview.html"
    page_title = gettext_lazy("Payments overview")
    header_icon = "doc-full"

    def get_breadcrumbs_items(self):  # the header names the screen, not only "Home"
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        Account, Kind = LedgerEntry.Account, LedgerTransaction.Kind
        month_start = timezone.localtime().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        rows = (LedgerEntry.objects.values("currency").order_by("currency").annotate(
            held=-Sum("amount", filter=Q(account=Account.ESCROW), default=0),
            released=Sum("amount", filter=Q(account=Account.ESCROW, transaction__kind__in=[
                Kind.RELEASE, Kind.RELEASE_REVERSED], transaction__created_at__gte=month_start), default=0),
            fees=-Sum("amount", filter=Q(account=Account.PLATFORM_FEES,
                                         transaction__created_at__gte=month_start), default=0),
            losses=Sum("amount", filter=Q(account=Account.DISPUTE_LOSSES), default=0),
        ))
        context["currencies"] = [
            {key: (format_money(value, row["currency"]) if key != "currency" else value) for key, value in row.items()}
            for row in rows]
        context["disputes"] = PaymentDispute.objects.aggregate(
            open=Count("pk", filter=Q(status=PaymentDispute.Status.OPEN)),
            chargebacks=Count("pk", filter=Q(status=PaymentDispute.Status.OPEN,
                                             source=PaymentDispute.Source.CHARGEBACK)))
        stale = timezone.now() - datetime.timedelta(hours=1)
        context["stuck"] = Payment.objects.filter(status=Payment.Status.PENDING, created_at__lt=stale).count()
        context["failed"] = Payment.objects.filter(status=Payment.Status.FAILED,
                                                   updated_at__gte=month_start).count()
        context["month"] = month_start
        return context


def open_disputes() -> int:
    return PaymentDispute.objects.filter(status=PaymentDispute.Status.OPEN).count()


class DisputesMenuItem(CountedMenuItem):
    allowed = staticmethod(rules.can_resolve)
    waiting = staticmethod(open_disputes)


class OverviewMenuItem(MenuItem):
    def is_shown(self, request):
        return rules.can_resolve(request.user)


class DisputeViewSet(ViewSet):
    name = "payment_disputes"
    url_prefix = "payments/disputes"
    icon = "warning"
    menu_label = gettext_lazy("Disputes")
    menu_name = "payment-disputes"
    menu_order = 215
    add_to_admin_menu = True
    menu_item_class = DisputesMenuItem

    def get_urlpatterns(self):
        return [
            path("", DisputeQueueView.as_view(), name="index"),
            path("results/", DisputeQueueView.as_view(results_only=True), name="index_results"),
            path("<int:pk>/", ResolveView.as_view(), name="resolve"),
            path("<int:pk>/evidence/<int:evidence_pk>/", EvidenceView.as_view(), name="evidence"),
        ]


class OverviewViewSet(ViewSet):
    name = "payments_overview"
    url_prefix = "payments/overview"
    icon = "doc-full"
    menu_label = gettext_lazy("Payments")
    menu_name = "payments-overview"
    menu_order = 216
    add_to_admin_menu = True
    menu_item_class = OverviewMenuItem

    def get_urlpatterns(self):
        return [path("", OverviewView.as_view(), name="index")]


