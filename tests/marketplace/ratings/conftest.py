"""Fixtures the ratings' tests share: a completed booking, moderators and other staff, revealed reviews and
flags on them."""

import pytest
from django.contrib.auth.models import Permission

from marketplace.accounts.models import User
from marketplace.bookings import services as bookings
from marketplace.bookings.models import Booking
from marketplace.ratings import rules, services
from marketplace.ratings.models import RatingFlag
from tests.marketplace.ratings.helpers import scores


@pytest.fixture
def completed(in_progress):
    booking = bookings.booking_mark_done(actor=in_progress.freelancer, booking=in_progress)
    return bookings.booking_confirm(actor=booking.client, booking=booking)


@pytest.fixture
def moderator(make_staff):
    return make_staff(groups=("Moderators",), name="Mona Moderator")


@pytest.fixture
def as_moderator(moderator, logged_in):
    return logged_in(moderator)


@pytest.fixture
def plain_staff(make_staff):
    """Staff who may use the admin (given the permission alone, in no group) but not moderate reviews."""
    staff = make_staff(groups=())
    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    assert staff.has_perm("wagtailadmin.access_admin") and not rules.can_moderate(staff)
    return staff


@pytest.fixture
def make_review(make_booking, make_member, client_user, freelancer):
    """A revealed review of a freelancer by the client of a completed booking (the freelancer
    rates the client too, which reveals both)."""

    def make(
        *,
        client=None,
        freelancer_user=None,
        overall=4,
        text="Clean welds, finished on time.",
        is_public=True,
        title="Weld the stair railing",
    ):
        client = client or client_user
        freelancer_user = freelancer_user or freelancer
        booking = make_booking(Booking.Status.IN_PROGRESS, client=client, freelancer_user=freelancer_user, title=title)
        bookings.booking_mark_done(actor=freelancer_user, booking=booking)
        bookings.booking_confirm(actor=client, booking=booking)
        review = services.rating_submit(
            author=client, booking=booking, scores=scores(overall), text=text, is_public=is_public
        )
        services.rating_submit(author=freelancer_user, booking=booking, scores=scores(5), text="Clear brief.")
        review.refresh_from_db()
        assert review.revealed_at is not None
        return review

    return make


@pytest.fixture
def flag(make_member):
    def make(review, reason=RatingFlag.Reason.ABUSIVE, comment=""):
        return services.rating_flag(member=make_member(User.Role.CLIENT), rating=review, reason=reason, comment=comment)

    return make
