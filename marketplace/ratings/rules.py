"""Who may rate a booking and until when, and who may moderate reviews: rules that services
(which enforce them), selectors and views (which show them) all import, so reads never reach
into services."""

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.bookings.models import Booking
from marketplace.core import dates
from marketplace.core.permissions import holds_permissions

MODERATE_PERMISSION = "ratings.change_rating"


def window_closes(booking: Booking) -> datetime.datetime | None:
    if booking.completed_at is None:
        return None
    return booking.completed_at + datetime.timedelta(days=settings.RATING_WINDOW_DAYS)


def can_moderate(user) -> bool:
    return holds_permissions(user, MODERATE_PERMISSION)


def rating_refusal(*, author, booking: Booking, now=None) -> str | None:
    """Why `author` may not rate this booking now, or None when they may."""
    now = now or timezone.now()
    if not booking.is_party(author):
        return _("Only the client and the freelancer of a booking can rate it.")
    if booking.status != Booking.Status.COMPLETED:
        return _("You can rate a booking once it is completed.")
    if now > window_closes(booking):
        return _("The time to rate this booking ended on %(date)s.") % {
            "date": dates.day(window_closes(booking))}
    return None


def feature_refusal(rating, *, open_flags: int) -> str:
    """Why a review cannot be featured, or "": the featured-reviews block shows only public,
    visible reviews of freelancers with text, so nothing else is offered (issue 24); a review
    with an open flag waits for the moderator's decision first."""
    if rating.direction != rating.Direction.OF_FREELANCER:
        return _("Only reviews of freelancers can be featured: the featured-reviews block shows no others.")
    if rating.revealed_at is None or rating.hidden or not rating.is_public or not rating.text:
        return _("Only a public, visible review with text can be featured.")
    if open_flags:
        return _("This review has an open flag: decide on the flag before featuring it.")
    return ""
