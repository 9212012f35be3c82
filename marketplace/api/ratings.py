"""Ratings through the API, double-blind as on the site: a booking's two parties read what they
may of its ratings (their own always, the other's only once revealed) and give theirs, or change
it while it is hidden, through rating_submit and rating_edit; the member reviewed answers a
review and any member reports a public one, through rating_respond and rating_flag (with the
site's `flag` limit). Who may rate and until when is ratings.rules', read by the selectors."""

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.core.errors import InvalidTransition
from marketplace.ratings import selectors, services
from marketplace.ratings.models import DIMENSIONS, RatingFlag, RatingResponse

from .errors import RuleRefused, call_service
from .freelancers import ResponseSerializer
from .idempotency import idempotent

# --- What is shown ---------------------------------------------------------------------------


class RatingSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    author = serializers.CharField(source="author.profile.display_name")
    subject = serializers.CharField(source="subject.profile.display_name")
    scores = serializers.DictField(child=serializers.IntegerField(), help_text="1 to 5 for each dimension.")
    text = serializers.CharField()
    is_public = serializers.BooleanField(help_text="Shown on the profile once revealed (else only to the two).")
    created_at = serializers.DateTimeField()
    revealed_at = serializers.DateTimeField(allow_null=True, help_text="Null while it is hidden (double-blind).")
    response = serializers.SerializerMethodField()

    @extend_schema_field(ResponseSerializer(allow_null=True))
    def get_response(self, rating) -> dict | None:
        response = getattr(rating, "response", None)
        return ResponseSerializer(response).data if response is not None else None


class OwnRatingSerializer(RatingSerializer):
    private_note = serializers.CharField(help_text="To Valund only; never shown to the other party.")


class BookingRatingsSerializer(serializers.Serializer):
    mine = OwnRatingSerializer(allow_null=True, help_text="The asking party's rating, if given.")
    theirs = RatingSerializer(
        allow_null=True, help_text="The other party's, only once revealed and not hidden by a moderator."
    )
    theirs_pending = serializers.BooleanField(help_text="The other party has rated; it shows once revealed.")
    closes = serializers.DateTimeField(allow_null=True, help_text="When the time to rate ends.")
    can_write = serializers.BooleanField(help_text="A rating may be given now, or the own one still changed.")
    refusal = serializers.CharField(allow_null=True, help_text="Why a rating cannot be given now.")


class FlagSerializer(serializers.ModelSerializer):
    class Meta:
        model = RatingFlag
        fields = ["id", "reason", "comment", "created_at"]
        read_only_fields = fields


# --- What is sent ----------------------------------------------------------------------------


class RatingInputSerializer(serializers.Serializer):
    """The scores are the service's to check (whole numbers from 1 to 5), as are the lengths."""

    scores = serializers.DictField(
        child=serializers.IntegerField(), help_text=f"1 to 5 for each of: {', '.join(DIMENSIONS)}."
    )
    text = serializers.CharField(required=False, allow_blank=True, default="", help_text="The public review.")
    private_note = serializers.CharField(required=False, allow_blank=True, default="")
    is_public = serializers.BooleanField(required=False, default=True)


class ResponseInputSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True)


class FlagInputSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=RatingFlag.Reason.choices)
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


def _state(request, pk: int) -> dict:
    booking = selectors.booking_for_rating(user=request.user, pk=pk)
    return BookingRatingsSerializer(selectors.booking_ratings(booking=booking, user=request.user)).data


def _rate(service, *, fields, **kwargs):
    """Run rating_submit or rating_edit; a refused score (its code the dimension) is answered next
    to `scores.<dimension>`."""
    try:
        return call_service(service, fields=fields, **kwargs)
    except RuleRefused as refused:
        if refused.error.code in DIMENSIONS:
            refused.field, refused.status_code = f"scores.{refused.error.code}", status.HTTP_400_BAD_REQUEST
        raise


# --- The views -------------------------------------------------------------------------------


class BookingRatings(APIView):
    """A completed booking's ratings for one of its two parties (a 404 for anyone else): each gives
    one, within the time to rate, and may change it until it is revealed."""

    @extend_schema(
        operation_id="bookings_ratings_retrieve", tags=["ratings"], responses={200: BookingRatingsSerializer}
    )
    def get(self, request, pk: int):
        return Response(_state(request, pk))

    @extend_schema(
        operation_id="bookings_ratings_give",
        tags=["ratings"],
        request=RatingInputSerializer,
        responses={201: BookingRatingsSerializer},
    )
    @idempotent
    def post(self, request, pk: int):
        booking = selectors.booking_for_rating(user=request.user, pk=pk)
        given = RatingInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        _rate(
            services.rating_submit,
            fields=given.fields,
            author=request.user,
            booking=booking,
            **given.validated_data,
        )
        return Response(_state(request, pk), status=status.HTTP_201_CREATED)

    @extend_schema(
        operation_id="bookings_ratings_change",
        tags=["ratings"],
        request=RatingInputSerializer,
        responses={200: BookingRatingsSerializer},
    )
    def put(self, request, pk: int):
        booking = selectors.booking_for_rating(user=request.user, pk=pk)
        state = selectors.booking_ratings(booking=booking, user=request.user)
        if state.mine is None:
            raise RuleRefused(
                InvalidTransition("You have not rated this booking yet: give your rating first.", code="not_rated")
            )
        given = RatingInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        _rate(
            services.rating_edit,
            fields=given.fields,
            author=request.user,
            rating=state.mine,
            **given.validated_data,
        )
        return Response(_state(request, pk))


class ReviewResponse(APIView):
    """The member reviewed answers a public review of them, once (a 404 for anyone else)."""

    @extend_schema(
        operation_id="reviews_respond",
        tags=["ratings"],
        request=ResponseInputSerializer,
        responses={201: ResponseSerializer},
    )
    @idempotent
    def post(self, request, pk: int):
        rating = selectors.received_review_get(pk=pk, user=request.user)
        given = ResponseInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        answer: RatingResponse = call_service(
            services.rating_respond, fields=given.fields, author=request.user, rating=rating, **given.validated_data
        )
        return Response(ResponseSerializer(answer).data, status=status.HTTP_201_CREATED)


class ReviewReport(APIView):
    """Any member but its author reports a public review for a moderator to look at, once."""

    throttle_scope = {"POST": "flag"}

    @extend_schema(
        operation_id="reviews_report", tags=["ratings"], request=FlagInputSerializer, responses={201: FlagSerializer}
    )
    @idempotent
    def post(self, request, pk: int):
        rating = selectors.public_review_get(pk=pk, viewer=request.user)
        given = FlagInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        flag = call_service(
            services.rating_flag, fields=given.fields, member=request.user, rating=rating, **given.validated_data
        )
        return Response(FlagSerializer(flag).data, status=status.HTTP_201_CREATED)
