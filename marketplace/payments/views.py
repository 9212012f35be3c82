"""Payment pages: paying into escrow, releasing it, setting up payouts, and Stripe's webhook.
With no Stripe keys, checkout and onboarding happen on clearly marked simulated pages."""

import json
import logging

import stripe
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from marketplace.bookings import selectors as booking_selectors
from marketplace.core.errors import DomainError

from . import services, webhooks
from .forms import DisputeForm
from .gateways import GatewayError, GatewayUnavailable, payments_simulated
from .models import Payment, StripeWebhookEvent

logger = logging.getLogger(__name__)


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
    return redirect(payment.checkout_url)


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
    if services.figures(booking).due == 0:
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
def dispute(request, pk):
    """A party disputes the booking, with evidence; the escrow freezes until staff decide."""
    booking = booking_selectors.booking_for_viewer(user=request.user, pk=pk)
    if not booking.is_party(request.user):
        raise Http404
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
            messages.success(request, _("Your dispute is open. The money stays in escrow until Valund staff have "
                                        "decided; both of you will hear from us."))
            return redirect(booking.get_absolute_url())
    return render(request, "marketplace/payments/dispute.html", {"booking": booking, "form": form},
                  status=422 if form.errors else 200)


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
        return redirect(url)
    account = getattr(request.user, "payout_account", None) if hasattr(request.user, "payout_account") else None
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


# --- Stripe's webhook ------------------------------------------------------------------------------


@csrf_exempt
@require_POST
def stripe_webhook(request):
    """Verified by its signature (and not rate limited: the signature is the protection)."""
    secret = settings.STRIPE_WEBHOOK_SECRET
    if not secret:
        raise Http404
    payload = request.body
    try:
        stripe.WebhookSignature.verify_header(payload.decode("utf-8"), request.headers.get("Stripe-Signature", ""),
                                              secret, tolerance=300)
    except (stripe.SignatureVerificationError, UnicodeDecodeError):
        logger.warning("Stripe webhook with a bad signature refused")
        return HttpResponseBadRequest("Bad signature")
    try:
        event = json.loads(payload)
        if not isinstance(event, dict) or not event.get("id") or "data" not in event:
            raise ValueError("not an event")
    except ValueError:
        logger.warning("Malformed Stripe webhook payload refused")
        return HttpResponseBadRequest("Malformed event")
    stored, pending = webhooks.record(event)
    if not pending:
        return HttpResponse("Already handled")
    status = webhooks.handle(stored)
    if status == StripeWebhookEvent.Status.FAILED:
        return HttpResponse("Failed; Stripe will retry", status=500)
    return HttpResponse("OK")
