"""The booking request (services/requests.py): every bad input to the request, its attachments and expiry time."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from marketplace.accounts.models import User, UserSkill
from marketplace.bookings import services
from marketplace.bookings.models import Attachment, Booking
from marketplace.bookings.signals import booking_changed
from marketplace.core.errors import DomainError, PermissionDenied
from marketplace.notifications.models import Kind, Notification
from marketplace.passport.models import CompetenceTemplate
from tests.marketplace.bookings.fixtures import other_freelancer
from tests.marketplace.passport.fixtures import upload_file

pytestmark = pytest.mark.django_db

Status = Booking.Status
DAY = datetime.timedelta(days=1)


def private_files() -> set[str]:
    root = Path(settings.STORAGES["private"]["OPTIONS"]["location"]) / "bookings"
    return {str(path) for path in root.rglob("*") if path.is_file()} if root.exists() else set()


def fake_pdf(name="plan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\nthis is not really a PDF at all", content_type="application/pdf")


# --- The request: who may ask whom ------------------------------------------------------------


def test_a_verified_client_requests_a_public_freelancer(request_booking, client_user, freelancer, today):
    booking = request_booking(priority=Booking.Priority.URGENT)

    assert booking.status == Status.PENDING
    assert (booking.client, booking.freelancer) == (client_user, freelancer)
    assert booking.hourly_rate == 65000 and booking.fixed_price is None and booking.currency == "SEK"
    assert booking.priority == Booking.Priority.URGENT
    assert booking.estimate == 16 * 65000
    notification = Notification.objects.get(recipient=freelancer)
    assert notification.kind == Kind.BOOKING_REQUESTED
    assert notification.url == booking.get_absolute_url()


def test_booking_oneself_is_refused(request_booking, freelancer):
    with pytest.raises(DomainError) as refused:
        request_booking(client=freelancer, freelancer_user=freelancer)

    assert refused.value.code == "self"
    assert not Booking.objects.exists()


def test_a_freelancer_account_cannot_request(request_booking, make_member):
    with pytest.raises(PermissionDenied) as refused:
        request_booking(client=other_freelancer(make_member))

    assert refused.value.code == "role"
    assert not Booking.objects.exists()


def test_an_admin_account_cannot_request(request_booking):
    admin = User.objects.create_user(email="ops@valund.example", password="x" * 16, role=User.Role.ADMIN,
                                     is_staff=True)

    with pytest.raises(PermissionDenied):
        request_booking(client=admin)

    assert not Booking.objects.exists()


def test_an_unverified_client_cannot_request(request_booking, make_member):
    with pytest.raises(PermissionDenied) as refused:
        request_booking(client=make_member(User.Role.CLIENT, verified=False))

    assert refused.value.code == "unverified"
    assert not Booking.objects.exists()


@pytest.mark.parametrize("how", ["hidden", "unverified", "inactive", "a client"])
def test_a_freelancer_who_is_not_public_cannot_be_booked(request_booking, make_member, how):
    if how == "hidden":
        target = other_freelancer(make_member, visibility="hidden")
    elif how == "unverified":
        target = other_freelancer(make_member, verified=False)
    elif how == "inactive":
        target = other_freelancer(make_member)
        User.objects.filter(pk=target.pk).update(is_active=False)
        target.refresh_from_db()
    else:
        target = make_member(User.Role.CLIENT)

    with pytest.raises(DomainError) as refused:
        request_booking(freelancer_user=target)

    assert refused.value.code == "freelancer"
    assert not Booking.objects.exists()
    assert not Notification.objects.exists()


# --- The request: dates and hours --------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "code"),
    [
        (0, -1, "end_date"),  # ends before it starts
        (-1, 3, "start_date"),  # starts yesterday
        (-10, -5, "start_date"),  # entirely in the past
        (0, 366, "end_date"),  # 367 days
        (800, 801, "start_date"),  # more than two years ahead
    ],
)
def test_impossible_dates_are_refused(request_booking, today, start, end, code):
    with pytest.raises(DomainError) as refused:
        request_booking(start_date=today + start * DAY, end_date=today + end * DAY)

    assert refused.value.code == code
    assert not Booking.objects.exists()


def test_a_booking_of_exactly_a_year_is_allowed(request_booking, today):
    booking = request_booking(start_date=today, end_date=today + 365 * DAY, expected_hours="1600")

    assert booking.days == 366


@pytest.mark.parametrize("hours", ["0", "-8", "0.1", "abc", "", None, "NaN", "Infinity", "sNaN", "1e400"])
def test_absurd_expected_hours_are_refused(request_booking, hours):
    with pytest.raises(DomainError) as refused:
        request_booking(expected_hours=hours)

    assert refused.value.code == "expected_hours"
    assert not Booking.objects.exists()


def test_more_hours_than_fit_in_the_days_are_refused(request_booking, today):
    with pytest.raises(DomainError) as refused:
        request_booking(start_date=today, end_date=today + DAY, expected_hours="48.01")

    assert "do not fit in 2 days" in refused.value.message


def test_every_hour_of_the_days_is_the_limit(request_booking, today):
    booking = request_booking(start_date=today, end_date=today + DAY, expected_hours="48")

    assert booking.expected_hours == 48


def test_more_than_2000_hours_are_refused_even_when_the_days_would_fit(request_booking, today):
    with pytest.raises(DomainError) as refused:
        request_booking(start_date=today, end_date=today + 200 * DAY, expected_hours="2000.01")

    assert refused.value.code == "expected_hours"


# --- The request: place, price, skills, documents ----------------------------------------------


@pytest.mark.parametrize("address", ["", "   "])
def test_on_site_work_needs_an_address(request_booking, address):
    with pytest.raises(DomainError) as refused:
        request_booking(location=Booking.Location.ON_SITE, address=address)

    assert refused.value.code == "address"
    assert not Booking.objects.exists()


def test_remote_work_keeps_no_address(request_booking):
    booking = request_booking(location=Booking.Location.REMOTE, address="Storgatan 1")

    assert booking.address == ""


def test_hourly_pricing_without_any_rate_is_refused(request_booking, make_member):
    no_rate = make_member(User.Role.FREELANCER)

    with pytest.raises(DomainError) as refused:
        request_booking(freelancer_user=no_rate)

    assert refused.value.code == "hourly_rate"
    assert not Booking.objects.exists()


def test_the_client_may_propose_a_rate_to_a_freelancer_without_one(request_booking, make_member):
    booking = request_booking(freelancer_user=make_member(User.Role.FREELANCER), hourly_rate=40000)

    assert booking.hourly_rate == 40000


@pytest.mark.parametrize("rate", [-100, services.MAX_FIXED_PRICE + 1])
def test_an_implausible_hourly_rate_is_refused(request_booking, rate):
    with pytest.raises(DomainError) as refused:
        request_booking(hourly_rate=rate)

    assert refused.value.code == "hourly_rate"


@pytest.mark.parametrize("price", [None, 0, -5000, services.MAX_FIXED_PRICE + 1])
def test_an_absent_zero_or_huge_fixed_price_is_refused(request_booking, price):
    with pytest.raises(DomainError) as refused:
        request_booking(pricing=Booking.Pricing.FIXED, fixed_price=price)

    assert refused.value.code == "fixed_price"
    assert not Booking.objects.exists()


def test_a_fixed_price_booking_drops_the_rate(request_booking):
    booking = request_booking(pricing=Booking.Pricing.FIXED, fixed_price=1_200_000, hourly_rate=65000)

    assert (booking.fixed_price, booking.hourly_rate, booking.estimate) == (1_200_000, None, 1_200_000)


@pytest.mark.parametrize(("field", "value"), [("pricing", "barter"), ("location", "moon"), ("priority", "asap")])
def test_unknown_choices_are_refused(request_booking, field, value):
    with pytest.raises(DomainError) as refused:
        request_booking(**{field: value})

    assert refused.value.code == field


@pytest.mark.parametrize("field", ["title", "description"])
def test_title_and_description_are_required(request_booking, field):
    with pytest.raises(DomainError) as refused:
        request_booking(**{field: "   "})

    assert refused.value.code == field


def test_only_skills_the_freelancer_offers_can_be_chosen(request_booking, freelancer, skills):
    UserSkill.objects.create(profile=freelancer.profile, skill=skills["welding"])

    booking = request_booking(skills=[skills["welding"]])
    with pytest.raises(DomainError) as refused:
        request_booking(skills=[skills["welding"], skills["python"]])

    assert list(booking.skills.all()) == [skills["welding"]]
    assert refused.value.code == "skills"
    assert Booking.objects.count() == 1


def test_an_inactive_document_type_cannot_be_required(request_booking, hot_work):
    CompetenceTemplate.objects.filter(pk=hot_work.pk).update(is_active=False)
    hot_work.refresh_from_db()

    with pytest.raises(DomainError) as refused:
        request_booking(required_documents=[hot_work])

    assert refused.value.code == "required_documents"
    assert not Booking.objects.exists()


# --- The request: attachments ------------------------------------------------------------------


def test_attachments_are_stored_privately_with_the_request(request_booking, client_user):
    before = private_files()

    booking = request_booking(attachments=[upload_file("pdf", "drawing.pdf"), upload_file("png", "site.png")])

    attachments = list(booking.attachments.order_by("original_name"))
    assert [(a.original_name, a.content_type) for a in attachments] == [
        ("drawing.pdf", "application/pdf"), ("site.png", "image/png")]
    assert all(a.uploaded_by == client_user for a in attachments)
    assert len(private_files() - before) == 2
    assert all("drawing" not in name for name in private_files())


def test_too_many_attachments_are_refused(request_booking):
    uploads = [upload_file("png", f"photo{n}.png") for n in range(services.MAX_ATTACHMENTS + 1)]

    with pytest.raises(DomainError) as refused:
        request_booking(attachments=uploads)

    assert refused.value.code == "attachments"
    assert not Booking.objects.exists()


def test_a_fake_pdf_refuses_the_whole_request_and_stores_nothing(request_booking):
    before = private_files()

    with pytest.raises(DomainError) as refused:
        request_booking(attachments=[upload_file("pdf", "good.pdf"), fake_pdf()])

    assert refused.value.code.startswith("file")
    assert not Booking.objects.exists()
    assert not Attachment.objects.exists()
    assert private_files() == before
    assert not Notification.objects.exists()


def test_files_stored_before_a_failure_in_the_transaction_are_removed(request_booking):
    """The database rolls back on a failure after the files were written; the files must go too."""
    before = private_files()

    def refuse(sender, **kwargs):
        raise RuntimeError("a receiver failed")

    booking_changed.connect(refuse, weak=False)
    try:
        with pytest.raises(RuntimeError):
            request_booking(attachments=[upload_file("pdf")])
    finally:
        booking_changed.disconnect(refuse)

    assert not Booking.objects.exists()
    assert private_files() == before


# --- Expiry time -------------------------------------------------------------------------------


def test_a_request_starting_today_expires_at_the_end_of_today(request_booking, today):
    booking = request_booking(start_date=today)

    expected = timezone.make_aware(datetime.datetime.combine(today, datetime.time(23, 59, 59)))
    assert booking.expires_at == expected


def test_a_request_far_ahead_expires_after_the_configured_days(request_booking, today, settings):
    settings.BOOKING_REQUEST_EXPIRY_DAYS = 2
    before = timezone.now()

    booking = request_booking(start_date=today + 30 * DAY, end_date=today + 31 * DAY)

    assert before + 2 * DAY <= booking.expires_at <= timezone.now() + 2 * DAY


def test_a_request_starting_soon_expires_when_its_start_day_ends(request_booking, today, settings):
    settings.BOOKING_REQUEST_EXPIRY_DAYS = 5
    start = today + 2 * DAY

    booking = request_booking(start_date=start, end_date=start + DAY)

    assert booking.expires_at == timezone.make_aware(datetime.datetime.combine(start, datetime.time(23, 59, 59)))
