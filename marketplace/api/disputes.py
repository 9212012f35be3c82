"""A booking's dispute through the API, as its dispute page handles it: a party opens one (in
progress, or completed within the dispute window and before the escrow paid out; the rules are
payments.services.dispute_open's and bookings' own), with evidence checked like passport
documents, which freezes the escrow until staff decide; the other party gives their side once
(dispute_respond); both read it. Anyone but the two parties gets the booking's 404, as on the
site (staff decide disputes in the admin).

Every dispute of the booking, open or decided, is listed with its outcome once staff have
decided it (what was released to the freelancer and refunded to the client, when, and the note
written to both parties; payments.selectors.booking_disputes), and each file of evidence (the
opener's and the other party's answer) is handed out by the site's private_file_response to the
two parties and to staff who decide disputes, signed in with their second factor
(payments.selectors.dispute_booking_for_viewer); anyone else gets a 404."""

from django.http import Http404
from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.bookings import selectors as booking_selectors
from marketplace.core.files import download_name
from marketplace.core.storage import private_file_response
from marketplace.payments import selectors, services
from marketplace.payments.models import DisputeEvidence, PaymentDispute

from .errors import RuleRefused
from .files import FILE_RESPONSES, AnyAccept, call_upload
from .idempotency import idempotent

EVIDENCE_HELP = "Photos, documents or screenshots: PDF, JPEG, PNG, WebP or HEIC, up to 10 files of 10 MB."


class EvidenceSerializer(serializers.ModelSerializer):
    mine = serializers.SerializerMethodField(help_text="Sent by the asking member.")
    file = serializers.SerializerMethodField(help_text="Where the file is downloaded (the parties, resolving staff).")

    class Meta:
        model = DisputeEvidence
        fields = ["id", "original_name", "content_type", "size", "mine", "file", "created_at"]
        read_only_fields = fields

    def get_mine(self, evidence) -> bool:
        return evidence.uploaded_by_id == self.context["request"].user.pk

    def get_file(self, evidence) -> str:
        booking_pk = self.context["booking_pk"]
        return self.context["request"].build_absolute_uri(
            reverse("api:dispute-evidence", args=[booking_pk, evidence.dispute_id, evidence.pk])
        )


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


class OutcomeSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(
        choices=PaymentDispute.Outcome.choices,
        help_text="release: all held to the freelancer; refund: all back to the client; split: part each; "
        "closed: nothing was held, so no money moved.",
    )
    to_freelancer = serializers.IntegerField(help_text="Released to the freelancer, before the fee (minor units).")
    to_client = serializers.IntegerField(help_text="Refunded to the client (minor units).")
    currency = serializers.CharField(source="escrow.currency")
    decided_at = serializers.DateTimeField(source="resolved_at")
    note = serializers.CharField(source="resolution_note", help_text="Staff's note to both parties on the decision.")


class BookingDisputeSerializer(DisputeSerializer):
    """A dispute of the booking, open or decided."""

    decision = serializers.SerializerMethodField(help_text="Staff's decision; null while the dispute is open.")

    class Meta(DisputeSerializer.Meta):
        fields = [*DisputeSerializer.Meta.fields, "decision"]
        read_only_fields = fields

    def get_can_respond(self, dispute) -> bool:
        return dispute.status == PaymentDispute.Status.OPEN and super().get_can_respond(dispute)

    @extend_schema_field(OutcomeSerializer(allow_null=True))
    def get_decision(self, dispute):
        if dispute.status != PaymentDispute.Status.RESOLVED:
            return None
        return OutcomeSerializer(dispute).data


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
    context = {"request": request, "booking_pk": dispute.escrow.booking_id}
    return Response(DisputeSerializer(dispute, context=context).data, status=status_code)


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


class BookingDisputes(APIView):
    """Every dispute a party opened about the booking, newest first: the open one and the decided
    ones with staff's decision (amounts released and refunded, when, the note to both parties)."""

    @extend_schema(
        operation_id="bookings_disputes_list", tags=["disputes"], responses={200: BookingDisputeSerializer(many=True)}
    )
    def get(self, request, pk: int):
        booking = selectors.dispute_booking_for_viewer(user=request.user, pk=pk)
        disputes = selectors.booking_disputes(booking=booking)
        context = {"request": request, "booking_pk": booking.pk}
        return Response(BookingDisputeSerializer(disputes, many=True, context=context).data)


class DisputeEvidenceFile(APIView):
    """One file of a dispute's evidence (the opener's, or sent with the other party's answer), as
    staff open it in the admin: to the booking's two parties and to staff who decide disputes,
    signed in with their second factor; a 404 for anyone else."""

    content_negotiation_class = AnyAccept

    @extend_schema(operation_id="bookings_dispute_evidence_file", tags=["disputes"], responses=FILE_RESPONSES)
    def get(self, request, pk: int, dispute_pk: int, evidence_pk: int):
        booking = selectors.dispute_booking_for_viewer(user=request.user, pk=pk)
        evidence = selectors.dispute_evidence_get(booking=booking, dispute_pk=dispute_pk, pk=evidence_pk)
        return private_file_response(
            evidence.file,
            content_type=evidence.content_type,
            filename=download_name(
                evidence.original_name.rsplit(".", 1)[0], evidence.content_type, fallback="evidence"
            ),
        )
