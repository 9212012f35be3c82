"""The two parties' messages about a booking: read through the bookings selectors (the booking's
404 for anyone else), written through services.message_send."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response

from marketplace.bookings import selectors, services
from marketplace.bookings.models import Message

from . import listing
from .bookings import PartySerializer
from .errors import call_service
from .idempotency import idempotent


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


ORDERING = listing.Ordering("created_at", default="-created_at")


class MessageList(generics.GenericAPIView):
    """The two parties' messages about a booking, newest first (or as `ordering` asks), those of a
    span of time with `since` and `before`; either party writes one."""

    serializer_class = MessageSerializer
    pagination_class = listing.OrderedCursorPagination
    throttle_scope = {"POST": "message"}

    @extend_schema(
        operation_id="bookings_messages_list",
        tags=["messages"],
        responses={200: MessageSerializer(many=True)},
        parameters=[
            OpenApiParameter(
                "since",
                OpenApiTypes.DATETIME,
                description="Only messages sent at or after this moment (ISO 8601, with its offset).",
            ),
            OpenApiParameter(
                "before",
                OpenApiTypes.DATETIME,
                description="Only messages sent before this moment (ISO 8601, with its offset).",
            ),
            ORDERING.parameter(),
        ],
    )
    def get(self, request, pk: int):
        booking = selectors.booking_for_viewer(user=request.user, pk=pk)
        self.ordering_chosen = ORDERING.chosen(request)
        messages = selectors.messages_for(
            booking=booking, since=listing.moment(request, "since"), before=listing.moment(request, "before")
        )
        page = self.paginate_queryset(messages)
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
