"""A booking's dispute through the API, as its dispute page handles it: a party opens one (in
progress, or completed within the dispute window and before the escrow paid out; the rules are
payments.services.dispute_open's and bookings' own), with evidence checked like passport
documents, which freezes the escrow until staff decide; the other party gives their side once
(dispute_respond); both read it. Anyone but the two parties gets the booking's 404, as on the
site (staff decide disputes in the admin)."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.bookings import selectors as booking_selectors
from marketplace.payments import selectors, services
from marketplace.payments.models import DisputeEvidence, PaymentDispute

from .errors import RuleRefused
from .files import call_upload
from .idempotency import idempotent

EVIDENCE_HELP = "Photos, documents or screenshots: PDF, JPEG, PNG, WebP or HEIC, up to 10 files of 10 MB."


class EvidenceSerializer(serializers.ModelSerializer):
    mine = serializers.SerializerMethodField(help_text="Sent by the asking member.")

    class Meta:
        model = DisputeEvidence
        fields = ["id", "original_name", "content_type", "size", "mine", "created_at"]
        read_only_fields = fields

    def get_mine(self, evidence) -> bool:
        return evidence.uploaded_by_id == self.context["request"].user.pk


class DisputeSerializer(serializers.ModelSerializer):
    opened_by = serializers.SerializerMethodField(help_text="client or freelancer.")
    mine = serializers.SerializerMethodField(help_text="Opened by the asking member.")
    can_respond = serializers.SerializerMethodField(help_text="The asking member may still give their side.")
    evidence = EvidenceSerializer(many=True)

    class Meta:
        model = PaymentDispute
        fields = [
            "id",
            "status",
            "reason",
            "description",
            "opened_by",
            "mine",
            "response",
            "responded_at",
            "can_respond",
            "evidence",
            "created_at",
        ]
        read_only_fields = fields

    def get_opened_by(self, dispute) -> str:
        return "client" if dispute.opened_by_id == dispute.escrow.booking.client_id else "freelancer"

    def get_mine(self, dispute) -> bool:
        return dispute.opened_by_id == self.context["request"].user.pk

    def get_can_respond(self, dispute) -> bool:
        return not dispute.responded_at and dispute.opened_by_id != self.context["request"].user.pk


class DisputeOpenSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=PaymentDispute.Reason.choices)
    description = serializers.CharField(max_length=5000, help_text="What was agreed, what happened, what is fair.")
    evidence = serializers.ListField(
        child=serializers.FileField(), required=False, default=list, help_text=EVIDENCE_HELP
    )


class DisputeStatementSerializer(serializers.Serializer):
    response = serializers.CharField(max_length=5000, help_text="Your side of what happened.")
    evidence = serializers.ListField(
        child=serializers.FileField(), required=False, default=list, help_text=EVIDENCE_HELP
    )


def _party_booking(request, pk: int):
    booking = booking_selectors.booking_for_viewer(user=request.user, pk=pk)
    if not booking.is_party(request.user):
        raise Http404
    return booking


def _open_dispute(request, booking) -> PaymentDispute:
    dispute = selectors.open_dispute(booking=booking)
    if dispute is None:
        raise Http404
    return dispute


def _answer(request, dispute, *, status_code=status.HTTP_200_OK) -> Response:
    dispute = selectors.open_dispute(booking=dispute.escrow.booking) or dispute
    return Response(DisputeSerializer(dispute, context={"request": request}).data, status=status_code)


class Dispute(APIView):
    """The booking's open dispute (a 404 when there is none); a party opens one."""

    parser_classes = [MultiPartParser]
    throttle_scope = {"POST": "attachment"}

    @extend_schema(operation_id="bookings_dispute", tags=["disputes"], responses={200: DisputeSerializer})
    def get(self, request, pk: int):
        booking = _party_booking(request, pk)
        return _answer(request, _open_dispute(request, booking))

    @extend_schema(
        operation_id="bookings_dispute_open",
        tags=["disputes"],
        request={"multipart/form-data": DisputeOpenSerializer},
        responses={201: DisputeSerializer},
    )
    @idempotent
    def post(self, request, pk: int):
        booking = _party_booking(request, pk)
        given = DisputeOpenSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            dispute = call_upload(
                services.dispute_open,
                fields=("reason", "description", "evidence"),
                file_field="evidence",
                actor=request.user,
                booking=booking,
                **given.validated_data,
            )
        except RuleRefused as refused:
            if refused.error.code == "released":  # the escrow paid out: the state forbids it, as on the page
                refused.status_code = status.HTTP_409_CONFLICT
            raise
        return _answer(request, dispute, status_code=status.HTTP_201_CREATED)


class DisputeStatement(APIView):
    """The other party gives their side of the open dispute, once, before staff decide."""

    parser_classes = [MultiPartParser]
    throttle_scope = {"POST": "attachment"}

    @extend_schema(
        operation_id="bookings_dispute_statement",
        tags=["disputes"],
        request={"multipart/form-data": DisputeStatementSerializer},
        responses={200: DisputeSerializer},
    )
    @idempotent
    def post(self, request, pk: int):
        dispute = _open_dispute(request, _party_booking(request, pk))
        given = DisputeStatementSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        dispute = call_upload(
            services.dispute_respond,
            fields=("response", "evidence"),
            file_field="evidence",
            actor=request.user,
            dispute=dispute,
            **given.validated_data,
        )
        return _answer(request, dispute)
