"""The member's notifications, newest first, and marking them read: through the notifications
selectors and services, as the site's list does. Another member's notification is a 404."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.core.errors import DomainError
from marketplace.notifications import selectors, services
from marketplace.notifications.models import Kind, Notification

from . import listing
from .errors import call_service


class NotificationSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The page on the site it is about.")

    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "url", "created_at", "read_at"]
        read_only_fields = fields

    def get_url(self, notification) -> str:
        return self.context["request"].build_absolute_uri(notification.url) if notification.url else ""


ORDERING = listing.Ordering("created_at", "kind", default="-created_at")


class NotificationList(generics.ListAPIView):
    """The asking member's notifications, newest first, filtered and ordered as asked (a wrong
    value is a 400 naming the parameter)."""

    serializer_class = NotificationSerializer
    pagination_class = listing.OrderedCursorPagination

    @extend_schema(
        operation_id="notifications_list",
        tags=["notifications"],
        parameters=[
            OpenApiParameter("unread", bool, description="true: only those not read yet; false: only those read."),
            OpenApiParameter("kind", str, enum=list(Kind.values), description="Only notifications of this kind."),
            OpenApiParameter(
                "since",
                OpenApiTypes.DATETIME,
                description="Only those created at or after this moment (ISO 8601, with its offset).",
            ),
            ORDERING.parameter(),
        ],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        request = self.request
        self.ordering_chosen = ORDERING.chosen(request)
        return selectors.notifications_of(
            user=request.user,
            unread=listing.boolean(request, "unread"),
            kind=listing.choice(request, "kind", Kind.values),
            since=listing.moment(request, "since"),
        )


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


class PreferenceSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Kind.choices)
    label = serializers.CharField()
    email = serializers.BooleanField(help_text="Also sent by email; else in the app only.")


class PreferencesUpdateSerializer(serializers.Serializer):
    email = serializers.DictField(
        child=serializers.BooleanField(),
        help_text="Kinds to change, each to true (also by email) or false (in the app only); "
        "kinds left out keep their choice.",
    )

    def validate_email(self, changes):
        unknown = sorted(set(changes) - set(Kind.values))
        if unknown:
            raise serializers.ValidationError(f"Not a kind of notification: {', '.join(unknown)}.")
        return changes


def _preferences(user) -> list[dict]:
    return [
        {"kind": kind, "label": str(label), "email": email} for kind, label, email in selectors.email_choices(user=user)
    ]


class NotificationPreferences(APIView):
    """Which kinds of notification also come by email, as the notification settings page shows
    them (every kind, with its default until changed); changed through email_preferences_update,
    the page's service."""

    @extend_schema(
        operation_id="notifications_preferences",
        tags=["notifications"],
        responses={200: PreferenceSerializer(many=True)},
    )
    def get(self, request):
        return Response(_preferences(request.user))

    @extend_schema(
        operation_id="notifications_preferences_update",
        tags=["notifications"],
        request=PreferencesUpdateSerializer,
        responses={200: PreferenceSerializer(many=True)},
    )
    def patch(self, request):
        given = PreferencesUpdateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        changes = given.validated_data["email"]
        wanted = [row["kind"] for row in _preferences(request.user) if changes.get(row["kind"], row["email"])]
        call_service(services.email_preferences_update, fields=("email",), user=request.user, email_kinds=wanted)
        return Response(_preferences(request.user))
