"""The escrow of a booking, as its page shows it to the two parties: the money from the ledger
(in minor units of the booking's currency) and what can be done next. Read through
payments.selectors.escrow_summary; a third member gets the booking's 404."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.bookings import selectors as booking_selectors
from marketplace.payments import selectors


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


class Escrow(APIView):
    @extend_schema(operation_id="bookings_escrow", tags=["payments"], responses={200: EscrowSerializer})
    def get(self, request, pk: int):
        booking = booking_selectors.booking_for_viewer(user=request.user, pk=pk)
        summary = selectors.escrow_summary(booking=booking)
        return Response(EscrowSerializer(summary).data)
