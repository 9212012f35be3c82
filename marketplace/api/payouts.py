"""The freelancer's payout set-up through the API, as the site's payouts page handles it: the
state of the account released escrow is paid into (payments.selectors.payout_account), and the
link to Stripe Connect's onboarding that starts or continues it
(payments.services.payout_account_link, which makes the Express account the first time). With
no Stripe keys the gateway is simulated, as on the site: the link is the simulated onboarding
page, which a program completes with the simulated onboarding endpoint
(payments.services.simulated_onboarding_complete). Once the account is ready, releases that
waited for it go out. Clients have no payouts: a 404, as the page is for them."""

from django.http import Http404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import APIException
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.payments import selectors, services
from marketplace.payments.gateways import GatewayError, GatewayUnavailable, payments_simulated

from .errors import call_service
from .idempotency import idempotent


class GatewayDown(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "The payment service did not answer; try again in a moment."
    default_code = "gateway_unavailable"


class GatewayRefused(APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "gateway"


class PayoutAccountSerializer(serializers.Serializer):
    set_up = serializers.BooleanField(help_text="Onboarding was started: an account exists at the payment service.")
    ready = serializers.BooleanField(
        help_text="Payouts can reach the account (details submitted and payouts enabled): releases go out."
    )
    details_submitted = serializers.BooleanField(help_text="The freelancer finished the onboarding's forms.")
    charges_enabled = serializers.BooleanField()
    payouts_enabled = serializers.BooleanField(help_text="The payment service pays out to the freelancer's bank.")
    simulated = serializers.BooleanField(
        help_text="Payments on this site are simulated (no Stripe keys): onboarding is completed through "
        "the simulated onboarding endpoint."
    )


class OnboardingLinkSerializer(serializers.Serializer):
    url = serializers.URLField(
        help_text="Where the freelancer sets up payouts: Stripe Connect's onboarding (valid a few minutes, "
        "single use: ask again for a new one), or the simulated onboarding page."
    )
    simulated = serializers.BooleanField()
    account = PayoutAccountSerializer()


def _state(account) -> dict:
    return {
        "set_up": account is not None,
        "ready": bool(account and account.ready),
        "details_submitted": bool(account and account.details_submitted),
        "charges_enabled": bool(account and account.charges_enabled),
        "payouts_enabled": bool(account and account.payouts_enabled),
        "simulated": payments_simulated(),
    }


def _freelancer(request):
    if not request.user.is_freelancer:
        raise Http404
    return request.user


def _gateway(service, **kwargs):
    """Run a service that calls the payment gateway: its refusal a 422, no answer a 503."""
    try:
        return call_service(service, **kwargs)
    except GatewayUnavailable as exc:
        raise GatewayDown() from exc
    except GatewayError as exc:
        raise GatewayRefused(detail=exc.message or GatewayDown.default_detail) from exc


class Payouts(APIView):
    """The freelancer's payout account: whether onboarding started, and whether payouts can reach
    it. With `refresh=true` the state is asked of Stripe first, as the payouts page does when the
    freelancer comes back from onboarding (Stripe's webhook updates it too)."""

    @extend_schema(
        operation_id="me_payouts",
        tags=["payments"],
        parameters=[
            OpenApiParameter(
                "refresh", OpenApiTypes.BOOL, description="Ask the payment service for the account's state first."
            )
        ],
        responses={200: PayoutAccountSerializer},
    )
    def get(self, request):
        user = _freelancer(request)
        account = selectors.payout_account(user=user)
        if account is not None and not account.simulated and request.query_params.get("refresh") in ("true", "1"):
            account = _gateway(services.payout_account_refresh, user=user) or account
        return Response(PayoutAccountSerializer(_state(account)).data)


class PayoutOnboarding(APIView):
    """A link to start or continue setting up payouts: the freelancer opens it in a browser. The
    payment service sends them back to the site's payouts page. A freelancer whose address is
    not confirmed is refused (403), as on the site."""

    @extend_schema(
        operation_id="me_payouts_onboarding",
        tags=["payments"],
        request=None,
        responses={201: OnboardingLinkSerializer},
    )
    @idempotent
    def post(self, request):
        user = _freelancer(request)
        page = request.build_absolute_uri(reverse("payments:payouts"))
        url = _gateway(services.payout_account_link, user=user, refresh_url=page, return_url=page + "?returned=1")
        body = {
            "url": url,
            "simulated": payments_simulated(),
            "account": _state(selectors.payout_account(user=user)),
        }
        return Response(OnboardingLinkSerializer(body).data, status=status.HTTP_201_CREATED)


class SimulatedOnboarding(APIView):
    """Only while payments are simulated (no Stripe keys): finish the simulated onboarding, as the
    button of its stand-in page does; payouts are then ready and waiting releases go out. A 404
    when a real gateway is in use."""

    @extend_schema(
        operation_id="me_payouts_simulated_onboarding",
        tags=["payments"],
        request=None,
        responses={200: PayoutAccountSerializer},
    )
    @idempotent
    def post(self, request):
        user = _freelancer(request)
        if not payments_simulated():
            raise Http404
        account = call_service(services.simulated_onboarding_complete, user=user)
        return Response(PayoutAccountSerializer(_state(account)).data)
