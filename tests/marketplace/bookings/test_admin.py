"""The bookings screen in the Wagtail admin: Support staff read bookings; nobody edits them."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_support_staff_list_and_inspect_bookings_but_cannot_change_them(make_booking, make_staff, logged_in):
    booking = make_booking()
    client = logged_in(make_staff(groups=("Support",)))
    listing = client.get(reverse("booking_admin:index"))
    assert listing.status_code == 200 and booking.title in listing.content.decode()
    filtered = client.get(reverse("booking_admin:index"), {"status": "completed"})
    assert booking.title not in filtered.content.decode()
    inspect = client.get(reverse("booking_admin:inspect", args=[booking.pk]))
    assert inspect.status_code == 200 and booking.description in inspect.content.decode()
    assert client.get(reverse("booking_admin:add")).status_code in (302, 403)
    assert client.get(reverse("booking_admin:edit", args=[booking.pk])).status_code in (302, 403)
    assert client.post(reverse("booking_admin:delete", args=[booking.pk])).status_code in (302, 403)
    booking.refresh_from_db()
    assert booking.title == "Weld the stair railing"
    # Support may also open the member-facing booking page (read only: no actions offered).
    page = client.get(booking.get_absolute_url())
    assert page.status_code == 200 and b"/do/accept/" not in page.content


def test_staff_without_the_support_group_do_not_see_bookings(make_booking, make_staff, logged_in):
    booking = make_booking()
    client = logged_in(make_staff(groups=("Editors",)))
    assert client.get(reverse("booking_admin:index")).status_code in (302, 403)
    assert client.get(booking.get_absolute_url()).status_code == 404
