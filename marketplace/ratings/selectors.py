"""Reads that the rating pages need. Each returns what one page shows in a fixed number of
queries, whatever the number of reviews: the public profile's summary and reviews take two."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone

from marketplace.accounts.models import Profile, UserSkill
from marketplace.bookings.models import Booking

from .models import DIMENSIONS, Rating, RatingFlag, RatingStatistics
from .rules import rating_refusal, window_closes

REVIEWS_PER_PAGE = 10
BAR_STEP = 5


@dataclass(frozen=True)
class Bar:
    stars: int
    count: int
    percent: int
    width: int  # the bar's width in steps of BAR_STEP percent (CSS classes .bar--w0 … .bar--w100)


@dataclass(frozen=True)
class Summary:
    """A member's rating figures as the profile explains them."""

    count: int
    score: Decimal | None
    averages: list[tuple[str, Decimal | None]]
    bars: list[Bar]
    sum_overall: int
    prior_mean: Decimal
    prior_weight: int

    @property
    def raw_average(self) -> Decimal | None:
        return self.averages[0][1]


def _bars(stats: RatingStatistics) -> list[Bar]:
    bars = []
    for stars, count in stats.distribution:
        percent = round(100 * count / stats.count) if stats.count else 0
        # Any review shows at least one step: a bar of zero width would read as none.
        width = max(BAR_STEP, BAR_STEP * round(percent / BAR_STEP)) if count else 0
        bars.append(Bar(stars=stars, count=count, percent=percent, width=width))
    return bars


def summary_for(stats: RatingStatistics | None) -> Summary | None:
    if stats is None or not stats.count:
        return None
    return Summary(
        count=stats.count, score=stats.bayesian_average,
        averages=[(dimension, stats.average(dimension)) for dimension in DIMENSIONS],
        bars=_bars(stats), sum_overall=stats.sum_overall,
        prior_mean=Decimal(str(settings.RATING_PRIOR_MEAN)), prior_weight=settings.RATING_PRIOR_WEIGHT,
    )


def member_summary(*, user_id) -> Summary | None:
    """One query: the member's running figures, or None before their first counted review."""
    return summary_for(RatingStatistics.objects.filter(user_id=user_id).first())


def _with_viewer(queryset, viewer):
    """Each review with whether the viewer has already reported it (no query per review)."""
    if viewer is not None and viewer.is_authenticated:
        return queryset.annotate(flagged_by_viewer=Exists(
            RatingFlag.objects.filter(rating=OuterRef("pk"), flagged_by=viewer.pk)))
    return queryset


def _display(queryset):
    return queryset.select_related("author__profile", "subject__profile", "booking", "response")


@dataclass(frozen=True)
class ReviewPage:
    reviews: list
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def next_number(self) -> int:
        return self.number + 1

    @property
    def previous_number(self) -> int:
        return self.number - 1


def page_number(value) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return number if 1 <= number <= 10_000 else 1


def public_reviews(*, subject_id, page: int = 1, viewer=None, per_page: int = REVIEWS_PER_PAGE) -> ReviewPage:
    """Public reviews of a member, newest first, one page in one query: the page is read with
    one more row than it shows, which says whether there is a next page without counting."""
    offset = (page - 1) * per_page
    queryset = _with_viewer(_display(Rating.objects.for_public().filter(subject_id=subject_id)), viewer)
    rows = list(queryset.order_by("-revealed_at", "-pk")[offset:offset + per_page + 1])
    return ReviewPage(reviews=rows[:per_page], number=page, has_next=len(rows) > per_page)


def featured_reviews(*, count: int, category=None) -> list[Rating]:
    """The newest reviews editors have featured, of freelancers whose profile is public, with
    their subject's profile; with a `category`, only reviews of work in that trade: the booking's
    skills, or the freelancer's when the booking names none."""
    queryset = (
        Rating.objects.for_public()
        .filter(featured=True, direction=Rating.Direction.OF_FREELANCER,
                subject__profile__in=Profile.objects.for_public_display())
        .exclude(text="")
        .select_related("subject__profile")
        .order_by("-revealed_at", "-pk")
    )
    if category is not None:
        booking_skills = Booking.skills.through.objects.filter(booking=OuterRef("booking"))
        queryset = queryset.filter(
            Exists(booking_skills.filter(skill__category=category))
            | (~Exists(booking_skills)
               & Exists(UserSkill.objects.filter(profile__user=OuterRef("subject"), skill__category=category)))
        )
    return list(queryset[:count])


def reviewed_profile_get(*, slug: str) -> Profile:
    """A profile whose reviews a visitor may read: the public profiles, or 404."""
    profile = Profile.objects.for_public_display().select_related("user").filter(slug=slug).first()
    if profile is None:
        raise Http404
    return profile


def public_review_get(*, pk: int, viewer=None) -> Rating:
    """A review that visitors can see (the only kind that can be answered or reported), or 404."""
    rating = _with_viewer(_display(Rating.objects.for_public()), viewer).filter(pk=pk).first()
    if rating is None:
        raise Http404
    return rating


def received_review_get(*, pk: int, user) -> Rating:
    """A review the member received and may see, or 404 (for anyone else, and before the reveal)."""
    rating = _with_viewer(_display(Rating.objects.counted()), user).filter(pk=pk, subject_id=user.pk).first()
    if rating is None:
        raise Http404
    return rating


# --- A booking's ratings, for its two parties -------------------------------------------------


@dataclass(frozen=True)
class BookingRatings:
    """What one party of a booking sees of its ratings."""

    booking: Booking
    other: object  # the other party (User, with profile)
    mine: Rating | None
    theirs: Rating | None  # only once revealed: before that the viewer learns only that it exists
    theirs_pending: bool  # written, not yet revealed
    closes: datetime.datetime | None
    refusal: str | None

    @property
    def can_write(self) -> bool:
        return self.refusal is None and (self.mine is None or self.mine.revealed_at is None)


def booking_for_rating(*, user, pk: int) -> Booking:
    """The booking for one of its two parties, or 404: staff see reviews in the admin."""
    booking = Booking.objects.select_related("client__profile", "freelancer__profile").filter(pk=pk).first()
    if booking is None or not booking.is_party(user):
        raise Http404
    return booking


def booking_ratings(*, booking: Booking, user) -> BookingRatings:
    ratings = {rating.author_id: rating for rating in
               _with_viewer(Rating.objects.filter(booking=booking).select_related("response"), user)}
    mine = ratings.get(user.pk)
    other = booking.freelancer if user.pk == booking.client_id else booking.client
    theirs = ratings.get(other.pk)
    for rating, author, subject in ((theirs, other, user), (mine, user, other)):
        if rating is not None:
            rating.booking, rating.author, rating.subject = booking, author, subject
    return BookingRatings(
        booking=booking, other=other, mine=mine,
        theirs=theirs if theirs is not None and theirs.revealed_at is not None and not theirs.hidden else None,
        theirs_pending=theirs is not None and theirs.revealed_at is None, closes=window_closes(booking),
        refusal=rating_refusal(author=user, booking=booking),
    )


# --- The member's own reviews -----------------------------------------------------------------


def to_rate(*, user, now=None) -> list[Booking]:
    """Completed bookings the member may still rate, the window closing soonest first."""
    now = now or timezone.now()
    window = datetime.timedelta(days=settings.RATING_WINDOW_DAYS)
    bookings = list(
        Booking.objects.filter(Q(client=user) | Q(freelancer=user), status=Booking.Status.COMPLETED,
                               completed_at__gte=now - window)
        .exclude(Exists(Rating.objects.filter(booking=OuterRef("pk"), author=user.pk)))
        .select_related("client__profile", "freelancer__profile")
        .order_by("completed_at", "pk")
    )
    for booking in bookings:
        booking.rating_closes = window_closes(booking)
        booking.other_party = booking.freelancer if user.pk == booking.client_id else booking.client
    return bookings


def dashboard(*, user, now=None) -> dict:
    """The dashboard card: bookings to rate, and how many reviews written and received (revealed)."""
    return {
        "to_rate": to_rate(user=user, now=now),
        "written": Rating.objects.filter(author=user).count(),
        "received": Rating.objects.counted().filter(subject=user).count(),
    }


def received_reviews(*, user):
    """Reviews of the member that are revealed and not hidden, public and private, newest first."""
    return _with_viewer(_display(Rating.objects.counted().filter(subject=user)), user).order_by("-revealed_at", "-pk")


def written_reviews(*, user):
    """Everything the member wrote, revealed or not, newest first."""
    return _display(Rating.objects.filter(author=user)).order_by("-created_at", "-pk")
