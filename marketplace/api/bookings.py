"""A member's bookings: read through the bookings selectors (a booking is a 404 for anyone but
its two parties and staff with the power to see bookings), requested and moved through the
bookings services, which decide who may do what and refuse with a problem the caller can act
on. Their time is in timelogs.py, their messages in messages.py."""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.accounts import selectors as account_selectors
from marketplace.accounts.models import Skill
from marketplace.bookings import selectors, services
from marketplace.bookings.models import Booking
from marketplace.passport.models import CompetenceTemplate

from .errors import call_service
from .idempotency import idempotent

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


# --- The views -----------------------------------------------------------------------------


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
