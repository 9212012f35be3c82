"""The two parties' messages about a booking: read through the bookings selectors (the booking's
404 for anyone else), written through services.message_send."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response

from marketplace.bookings import selectors, services
from marketplace.bookings.models import Message

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
