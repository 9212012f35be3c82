"""Files either party adds to a booking (the booking page's "Files"): listed, added and handed
out to the two parties only (and staff with the power to see bookings), the booking being a 404
for anyone else. Added through bookings.services.attachment_add, which checks the content as
for passport documents and tells the other party; downloads go through the site's
private_file_response with its headers."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.bookings import selectors, services
from marketplace.bookings.models import Attachment
from marketplace.core.files import download_name
from marketplace.core.storage import private_file_response

from .bookings import PartySerializer
from .files import FILE_RESPONSES, AnyAccept, call_upload
from .idempotency import idempotent


class AttachmentSerializer(serializers.ModelSerializer):
    uploaded_by = PartySerializer()
    mine = serializers.SerializerMethodField(help_text="Added by the asking member.")

    class Meta:
        model = Attachment
        fields = ["id", "original_name", "content_type", "size", "sha256", "uploaded_by", "mine", "created_at"]
        read_only_fields = fields

    def get_mine(self, attachment) -> bool:
        return attachment.uploaded_by_id == self.context["request"].user.pk


class AttachmentInputSerializer(serializers.Serializer):
    file = serializers.FileField(allow_empty_file=True, help_text="A PDF, JPEG, PNG, WebP or HEIC, at most 10 MB.")


class AttachmentList(generics.GenericAPIView):
    """A booking's files, oldest first; either party adds one (`attachment` limit, 20 a booking)."""

    serializer_class = AttachmentSerializer
    parser_classes = [MultiPartParser]
    throttle_scope = {"POST": "attachment"}

    @extend_schema(
        operation_id="bookings_attachments_list", tags=["bookings"], responses={200: AttachmentSerializer(many=True)}
    )
    def get(self, request, pk: int):
        booking = selectors.booking_for_viewer(user=request.user, pk=pk)
        page = self.paginate_queryset(selectors.attachments_for(booking=booking))
        return self.get_paginated_response(AttachmentSerializer(page, many=True, context={"request": request}).data)

    @extend_schema(
        operation_id="bookings_attachments_create",
        tags=["bookings"],
        request={"multipart/form-data": AttachmentInputSerializer},
        responses={201: AttachmentSerializer},
    )
    @idempotent
    def post(self, request, pk: int):
        booking = selectors.booking_for_viewer(user=request.user, pk=pk)
        given = AttachmentInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        attachment = call_upload(
            services.attachment_add,
            fields=("file",),
            actor=request.user,
            booking=booking,
            upload=given.validated_data["file"],
        )
        return Response(
            AttachmentSerializer(attachment, context={"request": request}).data, status=status.HTTP_201_CREATED
        )


class AttachmentFile(APIView):
    """The file itself, to the booking's parties only."""

    content_negotiation_class = AnyAccept

    @extend_schema(operation_id="bookings_attachments_file", tags=["bookings"], responses=FILE_RESPONSES)
    def get(self, request, pk: int, attachment_pk: int):
        attachment = selectors.attachment_for_viewer(user=request.user, booking_pk=pk, pk=attachment_pk)
        return private_file_response(
            attachment.file,
            content_type=attachment.content_type,
            filename=download_name(attachment.original_name.rsplit(".", 1)[0], attachment.content_type),
        )
