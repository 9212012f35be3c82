"""A booking's time: the freelancer logs, changes and submits it, the client approves or rejects
it, one log at a time or a week at once. Read through the bookings selectors (the booking's 404
for anyone but its parties), written through the bookings services, which decide who may do
what."""

import datetime

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.bookings import selectors, services
from marketplace.bookings.models import TimeLog
from marketplace.core.http import MAX_ID

from . import listing
from .errors import call_service
from .idempotency import idempotent


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


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class SubmitSerializer(serializers.Serializer):
    logs = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),  # past bigint SQLite raises
        required=False,
        allow_empty=False,
        help_text="The drafts to submit; all of them when left out.",
    )


COUNT = inline_serializer("TimeLogCount", {"count": serializers.IntegerField()})


class TimeLogPagination(listing.OrderedCursorPagination):
    ordering = ("-date", "-pk")


ORDERING = listing.Ordering("date", "created_at", "minutes", "status", default="-date")


class TimeLogList(generics.GenericAPIView):
    """A booking's time, newest day first (or as `ordering` asks), filtered by status and days; the
    freelancer logs more as drafts."""

    serializer_class = TimeLogSerializer
    pagination_class = TimeLogPagination

    @extend_schema(
        operation_id="bookings_time_logs_list",
        tags=["time logs"],
        responses={200: TimeLogSerializer(many=True)},
        parameters=[
            OpenApiParameter("status", str, enum=list(TimeLog.Status.values), description="Only logs in this state."),
            OpenApiParameter("date_from", OpenApiTypes.DATE, description="Only logs of this day or later."),
            OpenApiParameter("date_to", OpenApiTypes.DATE, description="Only logs of this day or earlier."),
            OpenApiParameter(
                "week", str, pattern=r"^\d{4}-W\d{2}$", description="Only logs of this ISO week, such as 2026-W48."
            ),
            ORDERING.parameter(),
        ],
    )
    def get(self, request, pk: int):
        booking = selectors.booking_for_viewer(user=request.user, pk=pk)
        self.ordering_chosen = ORDERING.chosen(request)
        status_, date_from, date_to = (
            listing.choice(request, "status", TimeLog.Status.values),
            listing.day(request, "date_from"),
            listing.day(request, "date_to"),
        )
        monday = listing.week(request)
        if monday is not None:
            sunday = monday + datetime.timedelta(days=6)
            date_from = max(date_from, monday) if date_from else monday
            date_to = min(date_to, sunday) if date_to else sunday
        logs = selectors.time_logs(booking=booking, status=status_, date_from=date_from, date_to=date_to)
        page = self.paginate_queryset(logs)
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
