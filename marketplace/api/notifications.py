"""The member's notifications, newest first, and marking them read: through the notifications
selectors and services, as the site's list does. Another member's notification is a 404."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.core.errors import DomainError
from marketplace.notifications import selectors, services
from marketplace.notifications.models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The page on the site it is about.")

    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "url", "created_at", "read_at"]
        read_only_fields = fields

    def get_url(self, notification) -> str:
        return self.context["request"].build_absolute_uri(notification.url) if notification.url else ""


class NotificationList(generics.ListAPIView):
    serializer_class = NotificationSerializer

    @extend_schema(
        operation_id="notifications_list",
        tags=["notifications"],
        parameters=[OpenApiParameter("unread", bool, description="Only those not read yet.")],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        queryset = selectors.notifications_of(user=self.request.user)
        if self.request.query_params.get("unread") in ("true", "1"):
            queryset = queryset.filter(read_at__isnull=True)
        return queryset


class NotificationRead(APIView):
    @extend_schema(
        operation_id="notifications_read",
        tags=["notifications"],
        request=None,
        responses={200: NotificationSerializer},
    )
    def post(self, request, pk: int):
        try:
            notification = services.notification_mark_read(user=request.user, notification_id=pk)
        except DomainError as missing:
            raise NotFound from missing
        return Response(NotificationSerializer(notification, context={"request": request}).data)


class NotificationsReadAll(APIView):
    @extend_schema(
        operation_id="notifications_read_all",
        tags=["notifications"],
        request=None,
        responses={200: inline_serializer("NotificationCount", {"count": serializers.IntegerField()})},
    )
    def post(self, request):
        return Response({"count": services.notifications_mark_all_read(user=request.user)})
