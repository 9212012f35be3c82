"""Payment pages: paying into escrow, releasing it, disputes, setting up payouts, history and
receipts (Stripe's webhook is in webhooks.py, beside its handlers).
With no Stripe keys, checkout and onboarding happen on clearly marked simulated pages."""

import logging
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from marketplace.bookings import selectors as booking_selectors
from marketplace.core.errors import DomainError
from marketplace.core.ratelimit import rate_limited

from . import exports, receipts, rules, selectors, services
from .forms import DisputeForm, DisputeResponseForm
from .gateways import GatewayError, GatewayUnavailable, payments_simulated
from .models import ConnectedAccount, Payment

logger = logging.getLogger(__name__)

DISPUTE_TEMPLATE = "marketplace/payments/dispute.html"


@login_required
@require_POST
def fund(request, pk):
    booking = booking_selectors.booking_for_viewer(user=request.user, pk=pk)
    back = request.build_absolute_uri(reverse("bookings:detail", args=[booking.pk]))
    try:
        payment = services.funding_start(
            actor=request.user, booking=booking,
            success_url=request.build_absolute_uri(reverse("payments:funded", args=[booking.pk])),
            cancel_url=back, payment_method_id=request.POST.get("payment_method", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(booking.get_absolute_url())
    if payment.status == Payment.Status.SUCCEEDED:
        messages.success(request, _("Paid: the money is held in escrow until the work is done."))
        return redirect(booking.get_absolute_url())
    return _to_gateway(request, payment.checkout_url, back=booking.get_absolute_url())


def _to_gateway(request, url: str, *, back: str):
    """Send the member on to the gateway's page, unless the browser would refuse to follow: the
    CSP's form-action lets a form's redirect reach only this site, at the address in use, and the
    gateway origins it names. Then the member is told here instead of staying on a page that
    silently did nothing."""
    gateways = {source for source in settings.SECURE_CSP["form-action"] if source.startswith("https://")}
    if url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure()) \
            or any(url.startswith(origin + "/") for origin in gateways):
        return redirect(url)
    logger.warning("Not sending %s to the payment page %s, which this site's policy blocks", request.get_host(), url)
    messages.error(request, _("The payment service's page could not be opened from this address, so nothing "
                              "happened: open Valund at %(site)s and try again.") % {"site": settings.SITE_URL})
    return redirect(back)


@login_required
def funded(request, pk):
    """Where checkout returns to: confirm with the gateway in case the webhook is still on its way."""
    booking = booking_selectors.booking_for_viewer(user=request.user, pk=pk)
    for payment in Payment.objects.filter(escrow__booking=booking, kind=Payment.Kind.FUNDING,
                                          status=Payment.Status.REQUIRES_ACTION):
        try:
            services.funding_sync(payment=payment)
        except (GatewayError, GatewayUnavailable):
            logger.warning("Could not confirm payment %s on return", payment.pk)
    if selectors.figures(booking).due == 0:
        messages.success(request, _("Paid: the money is held in escrow until the work is done."))
    else:
        messages.info(request, _("Your payment is being confirmed; this page updates when it has arrived."))
    return redirect(booking.get_absolute_url())


@login_required
@require_POST
def release(request, pk):
    booking = booking_selectors.booking_for_viewer(user=request.user, pk=pk)
    try:
        services.escrow_release(booking=booking, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Released: the freelancer is being paid."))
    return redirect(booking.get_absolute_url())


@login_required
@rate_limited("attachment", methods=("POST",))
def dispute(request, pk):
    """A party disputes the booking, with evidence, and the escrow freezes until staff decide;
    once a dispute is open, the other party gives their side here. Once the escrow has paid out
    the page says why a dispute is no longer possible and whom to write to instead."""
    booking = booking_selectors.booking_for_viewer(user=request.user, pk=pk)
    if not booking.is_party(request.user):
        raise Http404
    context = {"booking": booking}
    if booking.status == booking.Status.DISPUTED:
        return _dispute_answer(request, booking, context)
    refusal = selectors.withheld_actions(booking).get("dispute")
    if refusal:
        return render(request, DISPUTE_TEMPLATE, {**context, "refusal": refusal},
                      status=409 if request.method == "POST" else 200)
    form = DisputeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.dispute_open(actor=request.user, booking=booking, reason=form.cleaned_data["reason"],
                                  description=form.cleaned_data["description"],
                                  evidence=form.cleaned_data["evidence"])
        except DomainError as exc:
            field = exc.code if exc.code in form.fields else None
            form.add_error(field, exc.message)
        else:
            if selectors.figures(booking).held:
                messages.success(request, _("Your dispute is open. The money stays in escrow until Valund staff "
                                            "have decided; both of you will hear from us."))
            else:
                messages.success(request, _("Your dispute is open. Nothing is held in escrow for this booking, so "
                                            "no money moves; Valund staff look into it and both of you will "
                                            "hear from us."))
            return redirect(booking.get_absolute_url())
    return render(request, DISPUTE_TEMPLATE, {**context, "form": form}, status=422 if form.errors else 200)


def _dispute_answer(request, booking, context):
    dispute = selectors.open_dispute(booking=booking)
    if dispute is None:  # decided, or a chargeback: the booking page says what happened
        return redirect(booking.get_absolute_url())
    context["dispute"] = dispute
    if dispute.opened_by_id == request.user.pk or dispute.responded_at:
        return render(request, DISPUTE_TEMPLATE, context)
    form = DisputeResponseForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.dispute_respond(actor=request.user, dispute=dispute, response=form.cleaned_data["response"],
                                     evidence=form.cleaned_data["evidence"])
        except DomainError as exc:
            form.add_error(exc.code if exc.code in form.fields else None, exc.message)
        else:
            messages.success(request, _("Your side is with Valund's staff, who decide the dispute."))
            return redirect(booking.get_absolute_url())
    return render(request, DISPUTE_TEMPLATE, {**context, "form": form}, status=422 if form.errors else 200)


@login_required
def payouts(request):
    """The freelancer's payout set-up: start or continue onboarding, or see that it is done."""
    if not request.user.is_freelancer:
        raise Http404
    if request.method == "POST":
        try:
            url = services.payout_account_link(
                user=request.user, refresh_url=request.build_absolute_uri(reverse("payments:payouts")),
                return_url=request.build_absolute_uri(reverse("payments:payouts") + "?returned=1"))
        except (DomainError, GatewayError, GatewayUnavailable) as exc:
            messages.error(request, getattr(exc, "message", "") or _("The payment service did not answer; try "
                                                                     "again in a moment."))
            return redirect("payments:payouts")
        return _to_gateway(request, url, back=reverse("payments:payouts"))
    account = ConnectedAccount.objects.filter(user=request.user).first()
    if account is not None and request.GET.get("returned") and not account.simulated:
        try:
            account = services.payout_account_refresh(user=request.user)
        except (GatewayError, GatewayUnavailable):
            messages.warning(request, _("We could not reach the payment service to check your account."))
    return render(request, "marketplace/payments/payouts.html",
                  {"account": account, "simulated": payments_simulated()})


# --- The simulated gateway's own pages -----------------------------------------------------------


def _simulated_only():
    if not payments_simulated():
        raise Http404


@login_required
def simulated_checkout(request, checkout_id):
    _simulated_only()
    payment = Payment.objects.select_related("escrow__booking").filter(checkout_session_id=checkout_id).first()
    if payment is None or payment.escrow.booking.client_id != request.user.pk:
        raise Http404
    booking = payment.escrow.booking
    if request.method == "POST":
        try:
            services.simulated_checkout_pay(actor=request.user, checkout_id=checkout_id)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Paid (simulated): the money is held in escrow until the work is done."))
        return redirect(booking.get_absolute_url())
    return render(request, "marketplace/payments/simulated_checkout.html", {"payment": payment, "booking": booking})


@login_required
def simulated_onboarding(request):
    _simulated_only()
    if not request.user.is_freelancer:
        raise Http404
    if request.method == "POST":
        try:
            services.simulated_onboarding_complete(user=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Payouts are set up (simulated)."))
        return redirect("payments:payouts")
    return render(request, "marketplace/payments/simulated_onboarding.html")


# --- Payment history, receipts and saved cards -----------------------------------------------------

HISTORY_PAGE_SIZE = 25


def _history(request) -> selectors.History:
    year = request.GET.get("year", "")
    return selectors.payment_history(user=request.user, kind=request.GET.get("kind", ""),
                                     year=int(year) if year.isdigit() and len(year) == 4 else None)


def _filter_query(history: selectors.History) -> str:
    return urlencode({name: value for name, value in (("kind", history.kind), ("year", history.year)) if value})


@login_required
@require_GET
@vary_on_headers("HX-Request")
def history(request):
    """A member's payments with filters in the URL, totals of what is shown, and (for a client)
    their saved cards."""
    found = _history(request)
    page = Paginator(found.payments, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"history": found, "page": page, "extra_query": _filter_query(found),
               "simulated": payments_simulated()}
    if request.htmx:
        return render(request, "marketplace/payments/history.html#results", context)
    if request.user.is_client:
        context.update(show_cards=True, saved_methods=selectors.saved_methods(user_id=request.user.pk))
    return render(request, "marketplace/payments/history.html", context)


@login_required
@require_GET
def history_export(request):
    """The same filtered list as CSV, streamed row by row (one query, however long); the columns
    are payments.exports', which the API's export shares."""
    response = StreamingHttpResponse(exports.history_csv_lines(_history(request)),
                                     content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{exports.history_csv_filename()}"'
    return response


@login_required
@require_GET
def receipt(request, pk):
    """A printable receipt for one payment, for the member it belongs to (or staff)."""
    payment = selectors.receipt_payment(user=request.user, pk=pk)
    booking = payment.escrow.booking
    source = payment.source
    return render(request, "marketplace/payments/receipt.html", {
        "payment": payment, "booking": booking, "client": booking.client.profile,
        "freelancer": booking.freelancer.profile, "reference": exports.reference(payment),
        "source": source, "source_reference": exports.reference(source) if source else "",
        "source_visible": bool(source) and rules.can_see_payment(request.user, kind=source.kind, booking=booking),
    })


@login_required
@require_GET
def receipt_pdf(request, pk):
    """The same receipt as a PDF file, for the same readers, in the page's language."""
    payment = selectors.receipt_payment(user=request.user, pk=pk)
    return receipts.receipt_response(payment, language=translation.get_language())


def _saved_cards_url() -> str:
    return reverse("payments:history") + "#saved-cards"


@login_required
@require_POST
def methods_refresh(request):
    """Read the client's saved cards from Stripe again."""
    if not request.user.is_client:
        raise Http404
    try:
        methods = services.payment_methods_sync(user=request.user)
    except (GatewayError, GatewayUnavailable):
        messages.error(request, _("The payment service did not answer; try again in a moment."))
    else:
        messages.success(request, _("Saved cards refreshed: %(count)s saved.") % {"count": len(methods)})
    return redirect(_saved_cards_url())


@login_required
@require_POST
def method_remove(request, pk):
    method = selectors.saved_method_for_owner(user=request.user, pk=pk)
    try:
        services.payment_method_remove(user=request.user, method=method)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(card)s is no longer saved.") % {"card": str(method)})
    return redirect(_saved_cards_url())
