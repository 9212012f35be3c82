"""A member's bookings and their time: read through the bookings selectors (a booking is a 404
for anyone but its two parties and staff with the power to see bookings), written through the
bookings services, which decide who may do what (the freelancer logs and submits time, the
client approves or rejects it) and refuse with a problem the caller can act on."""

import datetime

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.accounts import selectors as account_selectors
from marketplace.accounts.models import Skill
from marketplace.bookings import selectors, services
from marketplace.bookings.models import Booking, Message, TimeLog
from marketplace.passport.models import CompetenceTemplate

from .errors import call_service
from .idempotency import idempotent
from .pagination import CursorPagination

# --- What is shown ---------------------------------------------------------------------------


class PartySerializer(serializers.Serializer):
    display_name = serializers.CharField(source="profile.display_name")


class BookingSerializer(serializers.ModelSerializer):
    client = PartySerializer()
    freelancer = PartySerializer()
    role = serializers.SerializerMethodField(help_text="The asking member's side: client, freelancer or staff.")
    estimate = serializers.IntegerField(
        help_text="In minor units of `currency`: the fixed price, or the expected hours at the rate."
    )
    hourly_rate = serializers.IntegerField(allow_null=True, help_text="In minor units of `currency`.")
    fixed_price = serializers.IntegerField(allow_null=True, help_text="In minor units of `currency`.")

    class Meta:
        model = Booking
        fields = [
            "id",
            "title",
            "description",
            "status",
            "role",
            "client",
            "freelancer",
            "start_date",
            "end_date",
            "location",
            "address",
            "expected_hours",
            "pricing",
            "hourly_rate",
            "fixed_price",
            "currency",
            "estimate",
            "priority",
            "expires_at",
            "answered_at",
            "started_at",
            "done_at",
            "completed_at",
            "closed_reason",
            "created_at",
        ]
        read_only_fields = fields

    def get_role(self, booking) -> str:
        user = self.context["request"].user
        if user.pk == booking.client_id:
            return "client"
        return "freelancer" if user.pk == booking.freelancer_id else "staff"


class TimeLogSerializer(serializers.ModelSerializer):
    class Meta:
        model = TimeLog
        fields = [
            "id",
            "date",
            "start_time",
            "end_time",
            "minutes",
            "description",
            "status",
            "submitted_at",
            "decided_at",
            "auto_approved",
            "rejection_reason",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class TimeLogInputSerializer(serializers.Serializer):
    """Either the start and end time, or a duration in minutes; the service checks the rest (no
    time in the future, within the booking's dates, no overlap, at most 24 hours a day)."""

    date = serializers.DateField()
    start_time = serializers.TimeField(required=False, allow_null=True, default=None)
    end_time = serializers.TimeField(required=False, allow_null=True, default=None)
    minutes = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1, max_value=24 * 60)
    description = serializers.CharField(max_length=500)


class BookingRequestSerializer(serializers.Serializer):
    """A client's request; the service checks the rest (dates, hours, price, the freelancer's own
    skills, active document types) as for the site's form."""

    freelancer = serializers.SlugField(help_text="The freelancer's public address (`slug`).")
    title = serializers.CharField(max_length=160)
    description = serializers.CharField(max_length=10000)
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    expected_hours = serializers.DecimalField(max_digits=6, decimal_places=2, min_value=0)
    location = serializers.ChoiceField(choices=Booking.Location.choices, default=Booking.Location.REMOTE)
    address = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    pricing = serializers.ChoiceField(choices=Booking.Pricing.choices, default=Booking.Pricing.HOURLY)
    hourly_rate = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        help_text="In minor units of the freelancer's currency; the freelancer's own rate when left out.",
    )
    fixed_price = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, help_text="In minor units."
    )
    priority = serializers.ChoiceField(choices=Booking.Priority.choices, default=Booking.Priority.NORMAL)
    skills = serializers.SlugRelatedField(
        many=True, slug_field="slug", queryset=Skill.objects.all(), required=False, default=list
    )
    required_documents = serializers.SlugRelatedField(
        many=True,
        slug_field="slug",
        queryset=CompetenceTemplate.objects.all(),
        required=False,
        default=list,
        help_text="Document types the freelancer must hold, approved and valid until the end date.",
    )

    def validate_freelancer(self, slug):
        try:
            return account_selectors.public_profile_get(slug=slug).user
        except Http404 as missing:
            raise serializers.ValidationError("No freelancer with a public profile has this address.") from missing


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class SubmitSerializer(serializers.Serializer):
    logs = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        required=False,
        allow_empty=False,
        help_text="The drafts to submit; all of them when left out.",
    )


COUNT = inline_serializer("TimeLogCount", {"count": serializers.IntegerField()})


# --- The views -------------------------------------------------------------------------------


class BookingList(generics.ListAPIView):
    """The asking member's bookings, newest first; a client requests a new one."""

    serializer_class = BookingSerializer
    throttle_scope = {"POST": "booking_request"}

    @extend_schema(
        operation_id="bookings_list",
        tags=["bookings"],
        parameters=[
            OpenApiParameter(
                "group",
                str,
                enum=list(selectors.LIST_GROUPS),
                description="active (requested, accepted, in progress; the default) or closed.",
            ),
            OpenApiParameter("role", str, enum=["client", "freelancer"], description="Only bookings on this side."),
        ],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        operation_id="bookings_request",
        tags=["bookings"],
        request=BookingRequestSerializer,
        responses={201: BookingSerializer},
    )
    @idempotent
    def post(self, request):
        given = BookingRequestSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        booking = call_service(
            services.booking_request,
            fields=given.fields,
            client=request.user,
            freelancer=data.pop("freelancer"),
            **data,
        )
        booking = selectors.booking_for_viewer(user=request.user, pk=booking.pk)
        return Response(BookingSerializer(booking, context={"request": request}).data, status=status.HTTP_201_CREATED)

    def get_queryset(self):
        group = self.request.query_params.get("group", "active")
        queryset = selectors.member_bookings(user=self.request.user, group=group)
        role = self.request.query_params.get("role")
        if role == "client":
            queryset = queryset.filter(client=self.request.user)
        elif role == "freelancer":
            queryset = queryset.filter(freelancer=self.request.user)
        return queryset


class BookingDetail(APIView):
    @extend_schema(operation_id="bookings_retrieve", responses={200: BookingSerializer}, tags=["bookings"])
    def get(self, request, pk: int):
        booking = selectors.booking_for_viewer(user=request.user, pk=pk)
        return Response(BookingSerializer(booking, context={"request": request}).data)


class TimeLogPagination(CursorPagination):
    ordering = ("-date", "-pk")


class TimeLogList(generics.GenericAPIView):
    """A booking's time, newest day first; the freelancer logs more as drafts."""

    serializer_class = TimeLogSerializer
    pagination_class = TimeLogPagination

    @extend_schema(
        operation_id="bookings_time_logs_list", tags=["time logs"], responses={200: TimeLogSerializer(many=True)}
    )
    def get(self, request, pk: int):
        booking = selectors.booking_for_viewer(user=request.user, pk=pk)
        page = self.paginate_queryset(selectors.time_logs(booking=booking))
        return self.get_paginated_response(TimeLogSerializer(page, many=True).data)

    @extend_schema(
        operation_id="bookings_time_logs_create",
        tags=["time logs"],
        request=TimeLogInputSerializer,
        responses={201: TimeLogSerializer},
    )
    @idempotent
    def post(self, request, pk: int):
        booking = selectors.booking_for_viewer(user=request.user, pk=pk)
        given = TimeLogInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        log = call_service(
            services.timelog_create, fields=given.fields, actor=request.user, booking=booking, **given.validated_data
        )
        return Response(TimeLogSerializer(log).data, status=status.HTTP_201_CREATED)


class TimeLogDetail(APIView):
    """One log; the freelancer who logged it changes or deletes it while it is a draft or rejected."""

    @extend_schema(operation_id="bookings_time_logs_retrieve", tags=["time logs"], responses={200: TimeLogSerializer})
    def get(self, request, pk: int, log_pk: int):
        log = selectors.log_for_viewer(user=request.user, booking_pk=pk, pk=log_pk)
        return Response(TimeLogSerializer(log).data)

    @extend_schema(
        operation_id="bookings_time_logs_update",
        tags=["time logs"],
        request=TimeLogInputSerializer,
        responses={200: TimeLogSerializer},
    )
    def put(self, request, pk: int, log_pk: int):
        log = selectors.log_for_viewer(user=request.user, booking_pk=pk, pk=log_pk)
        given = TimeLogInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        log = call_service(
            services.timelog_update, fields=given.fields, actor=request.user, log=log, **given.validated_data
        )
        return Response(TimeLogSerializer(log).data)

    @extend_schema(operation_id="bookings_time_logs_destroy", tags=["time logs"], responses={204: None})
    def delete(self, request, pk: int, log_pk: int):
        log = selectors.log_for_viewer(user=request.user, booking_pk=pk, pk=log_pk)
        call_service(services.timelog_delete, actor=request.user, log=log)
        return Response(status=status.HTTP_204_NO_CONTENT)


class WeekSerializer(serializers.Serializer):
    week = serializers.RegexField(r"^\d{4}-W\d{2}$", help_text="An ISO week, such as 2026-W48.")

    def validate_week(self, value):
        try:
            return datetime.datetime.strptime(f"{value}-1", "%G-W%V-%u").date()
        except ValueError as bad:
            raise serializers.ValidationError("Give an ISO week, such as 2026-W48.") from bad


class TimeLogApproveWeek(APIView):
    """The client approves every submitted log of one week at once."""

    @extend_schema(
        operation_id="bookings_time_logs_approve_week",
        tags=["time logs"],
        request=WeekSerializer,
        responses={200: COUNT},
    )
    @idempotent
    def post(self, request, pk: int):
        booking = selectors.booking_for_viewer(user=request.user, pk=pk)
        given = WeekSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        count = call_service(
            services.timesheet_approve_week,
            fields=("week",),
            actor=request.user,
            booking=booking,
            week_start=given.validated_data["week"],
        )
        return Response({"count": count})


class TimeLogSubmit(APIView):
    """The freelancer sends drafts (and corrected rejected time) to the client for approval."""

    @extend_schema(
        operation_id="bookings_time_logs_submit", tags=["time logs"], request=SubmitSerializer, responses={200: COUNT}
    )
    @idempotent
    def post(self, request, pk: int):
        booking = selectors.booking_for_viewer(user=request.user, pk=pk)
        given = SubmitSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        count = call_service(
            services.timelogs_submit,
            fields=("logs",),
            actor=request.user,
            booking=booking,
            log_ids=given.validated_data.get("logs"),
        )
        return Response({"count": count})


class TimeLogApprove(APIView):
    """The client approves one submitted log."""

    @extend_schema(
        operation_id="bookings_time_logs_approve", tags=["time logs"], request=None, responses={200: TimeLogSerializer}
    )
    @idempotent
    def post(self, request, pk: int, log_pk: int):
        log = selectors.log_for_viewer(user=request.user, booking_pk=pk, pk=log_pk)
        log = call_service(services.timelog_approve, actor=request.user, log=log)
        return Response(TimeLogSerializer(log).data)


class TimeLogReject(APIView):
    """The client rejects one submitted log, saying why; the freelancer may correct and resubmit it."""

    @extend_schema(
        operation_id="bookings_time_logs_reject",
        tags=["time logs"],
        request=ReasonSerializer,
        responses={200: TimeLogSerializer},
    )
    @idempotent
    def post(self, request, pk: int, log_pk: int):
        log = selectors.log_for_viewer(user=request.user, booking_pk=pk, pk=log_pk)
        given = ReasonSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        log = call_service(
            services.timelog_reject,
            fields=("reason",),
            actor=request.user,
            log=log,
            reason=given.validated_data["reason"],
        )
        return Response(TimeLogSerializer(log).data)


# What each move of a booking calls; who may make it, and from which state, the services decide.
ACTIONS = {
    "accept": lambda actor, booking, reason: services.booking_accept(actor=actor, booking=booking, comment=reason),
    "decline": lambda actor, booking, reason: services.booking_decline(actor=actor, booking=booking, reason=reason),
    "cancel": lambda actor, booking, reason: services.booking_cancel(actor=actor, booking=booking, reason=reason),
    "start": lambda actor, booking, reason: services.booking_start(actor=actor, booking=booking),
    "done": lambda actor, booking, reason: services.booking_mark_done(actor=actor, booking=booking),
    "confirm": lambda actor, booking, reason: services.booking_confirm(actor=actor, booking=booking),
}


class ActionSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        default="",
        help_text="Why (declining, cancelling); a note to the client when accepting.",
    )


class BookingAction(APIView):
    """A move of the booking: the freelancer accepts, declines, starts or marks the work done; the
    client cancels or confirms the completion. Answers the booking as it is afterwards."""

    @extend_schema(
        operation_id="bookings_act",
        tags=["bookings"],
        request=ActionSerializer,
        responses={200: BookingSerializer},
        parameters=[OpenApiParameter("action", str, OpenApiParameter.PATH, enum=list(ACTIONS))],
    )
    @idempotent
    def post(self, request, pk: int, action: str):
        booking = selectors.booking_for_viewer(user=request.user, pk=pk)
        if action not in ACTIONS:
            raise NotFound
        given = ActionSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        call_service(
            ACTIONS[action],
            fields=("reason",),
            actor=request.user,
            booking=booking,
            reason=given.validated_data["reason"],
        )
        booking = selectors.booking_for_viewer(user=request.user, pk=pk)
        return Response(BookingSerializer(booking, context={"request": request}).data)


class MessageSerializer(serializers.ModelSerializer):
    sender = PartySerializer()
    mine = serializers.SerializerMethodField(help_text="Sent by the asking member.")

    class Meta:
        model = Message
        fields = ["id", "sender", "mine", "body", "created_at"]
        read_only_fields = fields

    def get_mine(self, message) -> bool:
        return message.sender_id == self.context["request"].user.pk


class MessageInputSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=services.MAX_MESSAGE_LENGTH)


class MessageList(generics.GenericAPIView):
    """The two parties' messages about a booking, newest first; either party writes one."""

    serializer_class = MessageSerializer
    throttle_scope = {"POST": "message"}

    @extend_schema(
        operation_id="bookings_messages_list", tags=["messages"], responses={200: MessageSerializer(many=True)}
    )
    def get(self, request, pk: int):
        booking = selectors.booking_for_viewer(user=request.user, pk=pk)
        page = self.paginate_queryset(selectors.messages_for(booking=booking))
        return self.get_paginated_response(MessageSerializer(page, many=True, context={"request": request}).data)

    @extend_schema(
        operation_id="bookings_messages_create",
        tags=["messages"],
        request=MessageInputSerializer,
        responses={201: MessageSerializer},
    )
    @idempotent
    def post(self, request, pk: int):
        booking = selectors.booking_for_viewer(user=request.user, pk=pk)
        given = MessageInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        message = call_service(
            services.message_send,
            fields=("body",),
            actor=request.user,
            booking=booking,
            body=given.validated_data["body"],
        )
        return Response(MessageSerializer(message, context={"request": request}).data, status=status.HTTP_201_CREATED)
