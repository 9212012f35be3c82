"""Money through the API, as the site's payment pages handle it: a booking's escrow (its page's
figures), paying into it (payments.services.funding_start: a checkout page to send the client
to, or at once with a saved card; with no Stripe keys the simulated gateway, whose checkout a
program completes with the simulated pay endpoint), the member's payment history with the
history page's filters and totals, its CSV export (payments.exports, the page's own columns)
and one payment's receipt, as JSON or as the site's PDF file (payments.receipts). Reads through
payments.selectors (another member's booking or payment is a 404)."""

from django.http import Http404, StreamingHttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.accounts.locale import addressed_to
from marketplace.accounts.selectors import language_for
from marketplace.bookings import selectors as booking_selectors
from marketplace.payments import exports, receipts, rules, selectors, services
from marketplace.payments.gateways import payments_simulated
from marketplace.payments.models import Payment

from .errors import call_service
from .files import AnyAccept
from .idempotency import idempotent
from .pagination import CursorPagination


class FiguresSerializer(serializers.Serializer):
    currency = serializers.CharField()
    funded = serializers.IntegerField(help_text="Paid in, in minor units: held + released + refunded.")
    held = serializers.IntegerField()
    released = serializers.IntegerField()
    refunded = serializers.IntegerField()
    fees = serializers.IntegerField()
    paid_out = serializers.IntegerField()
    required = serializers.IntegerField(help_text="What the work asked or done needs in the escrow.")
    earned = serializers.IntegerField(help_text="What the freelancer has earned: approved time, or the fixed price.")
    due = serializers.IntegerField(help_text="What the client still has to pay in.")


class EscrowSerializer(serializers.Serializer):
    figures = FiguresSerializer()
    frozen = serializers.BooleanField(help_text="Held while a dispute is open.")
    released = serializers.BooleanField()
    can_fund = serializers.BooleanField()
    can_release = serializers.BooleanField()
    release_blockers = serializers.ListField(child=serializers.CharField())
    payout_ready = serializers.BooleanField(help_text="The freelancer can receive payouts.")


class PaymentSerializer(serializers.ModelSerializer):
    booking = serializers.IntegerField(source="escrow.booking_id")
    amount = serializers.IntegerField(help_text="In minor units of `currency`; for a transfer, what was paid out.")
    fee = serializers.IntegerField(help_text="Valund's fee taken with a transfer, in minor units.")
    checkout_url = serializers.SerializerMethodField(
        help_text="Where the client pays, while the payment waits for them (status requires_action)."
    )
    reference = serializers.SerializerMethodField(help_text="The gateway's reference, or “simulated”.")

    class Meta:
        model = Payment
        fields = [
            "id",
            "booking",
            "kind",
            "status",
            "amount",
            "fee",
            "currency",
            "simulated",
            "checkout_url",
            "checkout_session_id",
            "reference",
            "failure_message",
            "created_at",
            "succeeded_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_checkout_url(self, payment):
        return payment.checkout_url if payment.status == Payment.Status.REQUIRES_ACTION else None

    def get_reference(self, payment) -> str:
        return exports.reference(payment)


class ReceiptSerializer(PaymentSerializer):
    """What the receipt page shows."""

    booking_title = serializers.CharField(source="escrow.booking.title")
    client = serializers.SerializerMethodField()
    freelancer = serializers.CharField(source="escrow.booking.freelancer.profile.display_name")
    date = serializers.DateTimeField(help_text="When the money moved, or when it was asked for if it has not.")
    earned = serializers.SerializerMethodField(help_text="For a transfer: what was earned before the fee.")
    source = serializers.SerializerMethodField(
        help_text="The payment it draws on (a refund's or transfer's funding, a reversal's transfer) if visible."
    )
    pdf = serializers.SerializerMethodField(help_text="The receipt as a PDF file, in the member's language.")

    class Meta(PaymentSerializer.Meta):
        fields = [
            *PaymentSerializer.Meta.fields,
            "booking_title",
            "client",
            "freelancer",
            "date",
            "earned",
            "source",
            "pdf",
        ]
        read_only_fields = fields

    @extend_schema_field(
        {
            "type": "object",
            "properties": {
                "display_name": {"type": "string"},
                "company_name": {"type": "string"},
                "vat_number": {"type": "string"},
            },
        }
    )
    def get_client(self, payment):
        profile = payment.escrow.booking.client.profile
        return {
            "display_name": profile.display_name,
            "company_name": profile.company_name,
            "vat_number": profile.vat_number,
        }

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_earned(self, payment):
        return payment.amount + payment.fee if payment.kind == Payment.Kind.TRANSFER else None

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_source(self, payment):
        source = payment.source
        user = self.context["request"].user
        if source and rules.can_see_payment(user, kind=source.kind, booking=payment.escrow.booking):
            return source.pk
        return None

    def get_pdf(self, payment) -> str:
        return self.context["request"].build_absolute_uri(reverse("api:payment-receipt-pdf", args=[payment.pk]))


class FundingSerializer(serializers.Serializer):
    payment_method = serializers.CharField(
        max_length=64,
        required=False,
        allow_blank=True,
        default="",
        help_text="A saved card's id (pm_…) to pay at once; left out, a checkout page to send the client to.",
    )


class TotalsSerializer(serializers.Serializer):
    currency = serializers.CharField()
    paid_in = serializers.IntegerField()
    refunded = serializers.IntegerField()
    earned = serializers.IntegerField()
    fees = serializers.IntegerField()
    reversed = serializers.IntegerField()
    received = serializers.IntegerField()


HISTORY_PARAMETERS = [
    OpenApiParameter(
        "kind",
        str,
        enum=list(Payment.Kind.values),
        description="Only this kind (a client's: funding, refund; a freelancer's: transfer, reversal).",
    ),
    OpenApiParameter("year", int, description="Only payments of this year."),
]


def _history(request) -> selectors.History:
    year = request.query_params.get("year", "")
    return selectors.payment_history(
        user=request.user,
        kind=request.query_params.get("kind", ""),
        year=int(year) if year.isdigit() and len(year) == 4 else None,
    )


class Escrow(APIView):
    @extend_schema(operation_id="bookings_escrow", tags=["payments"], responses={200: EscrowSerializer})
    def get(self, request, pk: int):
        booking = booking_selectors.booking_for_viewer(user=request.user, pk=pk)
        summary = selectors.escrow_summary(booking=booking)
        return Response(EscrowSerializer(summary).data)


class Release(APIView):
    """The client releases the escrow early, as the booking page's button does
    (payments.services.escrow_release): the freelancer is paid what they earned, less the fee,
    and the rest goes back to the client. Refused (422, with why) while something blocks it: an
    open dispute, time waiting for approval, or the freelancer's payouts not yet set up. Once a
    booking is confirmed the release happens by itself."""

    @extend_schema(
        operation_id="bookings_escrow_release", tags=["payments"], request=None, responses={200: EscrowSerializer}
    )
    @idempotent
    def post(self, request, pk: int):
        booking = booking_selectors.booking_for_viewer(user=request.user, pk=pk)
        call_service(services.escrow_release, booking=booking, actor=request.user)
        return Response(EscrowSerializer(selectors.escrow_summary(booking=booking)).data)


class Funding(APIView):
    """The client pays what is due into the escrow: answered with the payment, whose
    `checkout_url` is the page to pay on (Stripe's Checkout, or the simulated gateway's), or
    already succeeded when paid with a saved card. Asked again for the same amount, the open
    checkout is given back rather than a second one started."""

    @extend_schema(
        operation_id="bookings_fund",
        tags=["payments"],
        request=FundingSerializer,
        responses={201: PaymentSerializer},
    )
    @idempotent
    def post(self, request, pk: int):
        booking = booking_selectors.booking_for_viewer(user=request.user, pk=pk)
        given = FundingSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        payment = call_service(
            services.funding_start,
            fields=("payment_method",),
            actor=request.user,
            booking=booking,
            success_url=request.build_absolute_uri(reverse("payments:funded", args=[booking.pk])),
            cancel_url=request.build_absolute_uri(booking.get_absolute_url()),
            payment_method_id=given.validated_data["payment_method"],
        )
        return Response(PaymentSerializer(payment).data, status=status.HTTP_201_CREATED)


class SimulatedPay(APIView):
    """Only while payments are simulated (no Stripe keys): the client pays a simulated checkout,
    as the “Pay” button of its stand-in page does. A 404 when a real gateway is in use."""

    @extend_schema(
        operation_id="payments_simulated_pay", tags=["payments"], request=None, responses={200: PaymentSerializer}
    )
    @idempotent
    def post(self, request, checkout_id: str):
        if not payments_simulated():
            raise Http404
        payment = call_service(services.simulated_checkout_pay, actor=request.user, checkout_id=checkout_id)
        return Response(PaymentSerializer(payment).data)


class HistoryPagination(CursorPagination):
    ordering = ("-date", "-pk")


class PaymentList(generics.GenericAPIView):
    """The asking member's payments, newest first, with the history page's filters: a client's
    payments into escrow and refunds, a freelancer's transfers and reversals."""

    serializer_class = PaymentSerializer
    pagination_class = HistoryPagination

    @extend_schema(
        operation_id="payments_list",
        tags=["payments"],
        parameters=HISTORY_PARAMETERS,
        responses={200: PaymentSerializer(many=True)},
    )
    def get(self, request):
        page = self.paginate_queryset(_history(request).payments)
        return self.get_paginated_response(PaymentSerializer(page, many=True).data)


class PaymentTotals(APIView):
    """What the filtered payments add up to, per currency (only money that moved)."""

    @extend_schema(
        operation_id="payments_totals",
        tags=["payments"],
        parameters=HISTORY_PARAMETERS,
        responses={200: TotalsSerializer(many=True)},
    )
    def get(self, request):
        return Response(TotalsSerializer(_history(request).totals, many=True).data)


class PaymentExport(APIView):
    """The same filtered list as CSV, with the columns of the history page's export."""

    content_negotiation_class = AnyAccept

    @extend_schema(
        operation_id="payments_export",
        tags=["payments"],
        parameters=HISTORY_PARAMETERS,
        responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="The CSV file.")},
    )
    def get(self, request):
        response = StreamingHttpResponse(
            exports.history_csv_lines(_history(request)), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{exports.history_csv_filename()}"'
        return response


class Receipt(APIView):
    """One payment's receipt, for the member it belongs to (or staff who see payments)."""

    @extend_schema(operation_id="payments_receipt", tags=["payments"], responses={200: ReceiptSerializer})
    def get(self, request, pk: int):
        payment = selectors.receipt_payment(user=request.user, pk=pk)
        return Response(ReceiptSerializer(payment, context={"request": request}).data)


class ReceiptFile(APIView):
    """One payment's receipt as the site's PDF file (payments.receipts), for the same readers, in
    the language and time zone of the member asking (their account's, as emails are)."""

    content_negotiation_class = AnyAccept

    @extend_schema(
        operation_id="payments_receipt_pdf",
        tags=["payments"],
        responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The PDF file.")},
    )
    def get(self, request, pk: int):
        payment = selectors.receipt_payment(user=request.user, pk=pk)
        with addressed_to(request.user):
            return receipts.receipt_response(payment, language=language_for(request.user))
