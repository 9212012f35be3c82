"""The booking page's next step once a booking is completed (bookings.steps): rate the other
party while the window is open and you have not."""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from marketplace.bookings.models import Booking
from marketplace.bookings.steps import Step

from .models import Rating
from .rules import rating_refusal, window_closes


def booking_step(booking: Booking, user) -> Step | None:
    if booking.status != Booking.Status.COMPLETED or rating_refusal(author=user, booking=booking) is not None:
        return None
    if Rating.objects.filter(booking=booking, author=user).exists():
        return None
    other = booking.freelancer if user.pk == booking.client_id else booking.client
    closes = date_format(timezone.localtime(window_closes(booking)), "j F")
    return Step(_("Rate %(name)s") % {"name": other.profile.display_name},
                url=reverse("ratings:booking", args=[booking.pk]),
                detail=_("How did it go? You can rate until %(date)s; both reviews are shown once you have both "
                         "rated, or when the time ends.") % {"date": closes})
