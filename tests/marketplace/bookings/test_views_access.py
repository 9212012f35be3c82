"""Who may open the booking pages through the real views: visitors are sent to log in, a third member gets 404
on every booking URL and changes nothing, staff need the permission, files go to both parties only."""


import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from marketplace.accounts.models import User
from marketplace.bookings.models import Attachment, Booking, BookingApproval, Message, TimeLog
from tests.clients import as_user, messages_of
from tests.marketplace.passport.fixtures import pdf_bytes
from tests.second_factor import with_second_factor

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_log_in(freelancer):
    url = reverse("bookings:request", kwargs={"slug": freelancer.profile.slug})
    response = Client().get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert Client().get(reverse("bookings:index")).status_code == 302


def booking_urls(booking, log=None, attachment=None) -> list[tuple[str, str]]:
    urls = [
        ("get", reverse("bookings:detail", args=[booking.pk])),
        ("get", reverse("bookings:time", args=[booking.pk])),
        ("get", reverse("bookings:timesheet", args=[booking.pk])),
        ("get", reverse("bookings:messages", args=[booking.pk])),
        ("get", reverse("bookings:calendar", args=[booking.pk])),
        ("post", reverse("bookings:messages", args=[booking.pk])),
        ("post", reverse("bookings:attachment_add", args=[booking.pk])),
        ("post", reverse("bookings:act", args=[booking.pk, "cancel"])),
        ("post", reverse("bookings:time_submit", args=[booking.pk])),
        ("post", reverse("bookings:timesheet_approve", args=[booking.pk])),
    ]
    if log:
        urls += [("get", reverse("bookings:time_edit", args=[booking.pk, log.pk])),
                 ("post", reverse("bookings:time_delete", args=[booking.pk, log.pk])),
                 ("post", reverse("bookings:time_decide", args=[booking.pk, log.pk, "approve"]))]
    if attachment:
        urls.append(("get", reverse("bookings:attachment", args=[booking.pk, attachment.pk])))
    return urls


def test_a_third_member_gets_404_on_every_booking_url_and_changes_nothing(in_progress, stranger, today):
    booking = in_progress
    as_freelancer = as_user(booking.freelancer)
    as_freelancer.post(reverse("bookings:time", args=[booking.pk]),
                       {"date": (today - datetime.timedelta(days=1)).isoformat(), "minutes": "60",
                        "description": "Work"})
    as_freelancer.post(reverse("bookings:attachment_add", args=[booking.pk]),
                       {"file": SimpleUploadedFile("plan.pdf", pdf_bytes("Plan"), content_type="application/pdf")})
    log, attachment = TimeLog.objects.get(), Attachment.objects.get()
    before = (Booking.objects.get().status, TimeLog.objects.get().status, Message.objects.count(),
              Attachment.objects.count(), BookingApproval.objects.count())
    as_stranger = as_user(stranger)
    for method, url in booking_urls(booking, log, attachment):
        response = getattr(as_stranger, method)(url, {"body": "hi", "reason": "x", "week": "2026-W01"})
        assert response.status_code == 404, (method, url, response.status_code)
    after = (Booking.objects.get().status, TimeLog.objects.get().status, Message.objects.count(),
             Attachment.objects.count(), BookingApproval.objects.count())
    assert before == after
    # Guessing the attachment under another booking's id does not work either.
    other = Booking.objects.create(
        client=stranger, freelancer=booking.freelancer, title="x", description="x", start_date=today,
        end_date=today, expected_hours=1, hourly_rate=100, expires_at=booking.expires_at,
    )
    assert as_stranger.get(reverse("bookings:attachment", args=[other.pk, attachment.pk])).status_code == 404


def test_staff_with_permission_can_read_a_booking_and_others_cannot(in_progress):
    from django.contrib.auth.models import Permission

    support = User.objects.create_user(email="support@valund.example", password="x" * 12, role=User.Role.ADMIN)
    support.user_permissions.add(Permission.objects.get(codename="view_booking"))
    assert as_user(support).get(in_progress.get_absolute_url()).status_code == 404  # a password alone
    assert as_user(with_second_factor(support)).get(in_progress.get_absolute_url()).status_code == 200
    plain_admin = User.objects.create_user(email="editor@valund.example", password="x" * 12, role=User.Role.ADMIN)
    assert as_user(plain_admin).get(in_progress.get_absolute_url()).status_code == 404


def test_files_are_served_to_both_parties_only(in_progress):
    booking = in_progress
    as_client = as_user(booking.client)
    response = as_client.post(reverse("bookings:attachment_add", args=[booking.pk]),
                              {"file": SimpleUploadedFile("plan.pdf", pdf_bytes("Plan"),
                                                          content_type="application/pdf")})
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.uploaded_by == booking.client and attachment.content_type == "application/pdf"
    for user in (booking.client, booking.freelancer):
        response = as_user(user).get(reverse("bookings:attachment", args=[booking.pk, attachment.pk]))
        assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
    # A program renamed to .pdf is refused with the reason, and nothing is kept.
    response = as_client.post(reverse("bookings:attachment_add", args=[booking.pk]),
                              {"file": SimpleUploadedFile("plan.pdf", b"MZ\x90\x00" + b"\x00" * 200)}, follow=True)
    assert any("Windows program" in m for m in messages_of(response))
    assert Attachment.objects.count() == 1
