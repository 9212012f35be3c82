"""The booking pages through the real views: the whole lifecycle as the two parties click
through it, the forms' answers to bad input, messages, time and the lists."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse

from marketplace.accounts.models import User, UserSkill
from marketplace.bookings.models import Booking, Message, TimeLog
from marketplace.notifications.models import Notification
from marketplace.passport.models import CompetenceTemplate
from tests.clients import as_user, messages_of

pytestmark = pytest.mark.django_db


def request_data(today, **overrides):
    data = {
        "title": "Weld the stair railing",
        "description": "Stainless railing, two floors.",
        "start_date": today.isoformat(),
        "end_date": (today + datetime.timedelta(days=4)).isoformat(),
        "expected_hours": "16",
        "location": "on_site",
        "address": "Hamngatan 1, Göteborg",
        "pricing": "hourly",
        "hourly_rate": "650",
        "priority": "high",
    }
    data.update(overrides)
    return data


def test_the_whole_lifecycle_through_the_pages(
    client_user, freelancer, skills, today, django_capture_on_commit_callbacks
):
    UserSkill.objects.create(profile=freelancer.profile, skill=skills["welding"])
    as_client, as_freelancer = as_user(client_user), as_user(freelancer)

    # The client requests from the public profile's button.
    form_url = reverse("bookings:request", kwargs={"slug": freelancer.profile.slug})
    page = as_client.get(form_url)
    assert page.status_code == 200
    assert "650" in page.content.decode()  # the freelancer's rate is the default
    with django_capture_on_commit_callbacks(execute=True):
        response = as_client.post(form_url, request_data(today, skills=[skills["welding"].pk]))
    booking = Booking.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("bookings:detail", args=[booking.pk])
    assert booking.status == Booking.Status.PENDING and booking.hourly_rate == 65000
    assert booking.priority == "high" and list(booking.skills.all()) == [skills["welding"]]
    assert [m.to for m in mail.outbox] == [[freelancer.email]]

    # The freelancer sees it and accepts.
    detail = as_freelancer.get(booking.get_absolute_url())
    assert b"Accept" in detail.content and b"Decline" in detail.content
    with django_capture_on_commit_callbacks(execute=True):
        as_freelancer.post(reverse("bookings:act", args=[booking.pk, "accept"]), {"reason": "Happy to."})
    booking.refresh_from_db()
    assert booking.status == Booking.Status.ACCEPTED

    # The calendar file is there for both.
    ics = as_client.get(reverse("bookings:calendar", args=[booking.pk]))
    assert ics.status_code == 200 and ics["Content-Type"].startswith("text/calendar")
    assert b"DTSTART;VALUE=DATE:" + today.strftime("%Y%m%d").encode() in ics.content

    # Work cannot start before the escrow holds the estimate: 16 h at 650 SEK.
    response = as_freelancer.post(reverse("bookings:act", args=[booking.pk, "start"]), follow=True)
    assert any("escrow holds 0 SEK of the 10,400 SEK" in m for m in messages_of(response))
    # The client pays into escrow (simulated checkout), the freelancer sets up payouts.
    checkout = as_client.post(reverse("payments:fund", args=[booking.pk]))
    assert "/payments/simulated/checkout/" in checkout["Location"]
    with django_capture_on_commit_callbacks(execute=True):
        as_client.post(checkout["Location"])
    onboarding = as_freelancer.post(reverse("payments:payouts"))
    as_freelancer.post(onboarding["Location"])

    # Start, log time on the first day, submit. The work began yesterday (set in the database, as no
    # form books the past), so 90 minutes fit whatever the hour; today's log is tested in test_timelogs.
    as_freelancer.post(reverse("bookings:act", args=[booking.pk, "start"]))
    booking.refresh_from_db()
    assert booking.status == Booking.Status.IN_PROGRESS
    yesterday = today - datetime.timedelta(days=1)
    Booking.objects.filter(pk=booking.pk).update(start_date=yesterday)
    response = as_freelancer.post(reverse("bookings:time", args=[booking.pk]),
                                  {"date": yesterday.isoformat(), "minutes": "90", "description": "Measured up"})
    assert response.status_code == 302
    log = TimeLog.objects.get()
    assert log.status == TimeLog.Status.DRAFT and log.minutes == 90
    with django_capture_on_commit_callbacks(execute=True):
        as_freelancer.post(reverse("bookings:time_submit", args=[booking.pk]))
    log.refresh_from_db()
    assert log.status == TimeLog.Status.SUBMITTED

    # The client approves the week on the timesheet.
    week = yesterday.strftime("%G-W%V")
    sheet = as_client.get(reverse("bookings:timesheet", args=[booking.pk]), {"week": week})
    assert b"Approve the whole week" in sheet.content
    as_client.post(reverse("bookings:timesheet_approve", args=[booking.pk]), {"week": week})
    log.refresh_from_db()
    assert log.status == TimeLog.Status.APPROVED
    detail = as_client.get(booking.get_absolute_url()).content.decode()
    assert "975 SEK" in detail  # 1.5 h at 650 SEK

    # Done, confirmed: completed, and the escrow is released with the fee, the rest refunded.
    as_freelancer.post(reverse("bookings:act", args=[booking.pk, "done"]))
    with django_capture_on_commit_callbacks(execute=True):
        as_client.post(reverse("bookings:act", args=[booking.pk, "confirm"]))
    booking.refresh_from_db()
    assert booking.status == Booking.Status.COMPLETED
    actions = list(booking.approvals.values_list("action", flat=True))
    assert actions == ["requested", "accepted", "started", "week_approved", "marked_done", "confirmed"]
    from marketplace.payments.models import Payment
    from marketplace.payments.selectors import figures

    money = figures(booking)
    assert (money.funded, money.released, money.refunded, money.held, money.fees) == (1040000, 97500, 942500, 0,
                                                                                      9750)
    transfer = Payment.objects.get(kind="transfer")
    assert (transfer.amount, transfer.fee, transfer.status) == (87750, 9750, "succeeded")
    page = as_freelancer.get(booking.get_absolute_url()).content.decode()
    assert "Released</dt><dd>975 SEK <span class=\"muted\">(incl. Valund's fee 97.50 SEK)" in page
    assert "Refunded</dt><dd>9,425 SEK" in page and "Due</dt>" not in page


def test_a_refused_action_says_why_and_changes_nothing(make_booking, client_user):
    booking = make_booking()
    as_client = as_user(client_user)
    response = as_client.post(reverse("bookings:act", args=[booking.pk, "accept"]), follow=True)
    assert "Only the freelancer of this booking can do this." in messages_of(response)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.PENDING
    assert as_client.post(reverse("bookings:act", args=[booking.pk, "explode"])).status_code == 404


def test_a_dispute_opens_only_on_the_payments_page_which_asks_for_the_reason(in_progress):
    as_client = as_user(in_progress.client)

    assert as_client.post(reverse("bookings:act", args=[in_progress.pk, "dispute"]),
                          {"reason": "The railing wobbles."}).status_code == 404
    in_progress.refresh_from_db()
    assert in_progress.status == Booking.Status.IN_PROGRESS
    page = as_client.get(in_progress.get_absolute_url()).content.decode()
    assert f'href="{reverse("payments:dispute", args=[in_progress.pk])}"' in page
    assert reverse("bookings:act", args=[in_progress.pk, "dispute"]) not in page


def test_decline_needs_a_reason(make_booking, freelancer):
    booking = make_booking()
    response = as_user(freelancer).post(reverse("bookings:act", args=[booking.pk, "decline"]), {"reason": " "},
                                        follow=True)
    assert "This field is required." in messages_of(response)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.PENDING


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"end_date": "2000-01-01"}, "end_date", "The end date is before the start date."),
        ({"start_date": "2001-01-01", "end_date": "2001-01-02"}, "start_date", "The start date is in the past."),
        ({"expected_hours": "500"}, "expected_hours", "do not fit in 5 days"),
        ({"expected_hours": "abc"}, "expected_hours", "Enter a number."),
        ({"address": ""}, "address", "Enter the address of the site."),
        ({"pricing": "fixed", "fixed_price": ""}, "fixed_price", "Enter the fixed price."),
        ({"start_date": "not a date"}, "start_date", "Enter the date as YYYY-MM-DD."),
        ({"title": ""}, "title", "Give the work a short title."),
    ],
)
def test_the_request_form_answers_bad_input_next_to_the_field(client_user, freelancer, today, overrides, field,
                                                              message):
    response = as_user(client_user).post(reverse("bookings:request", kwargs={"slug": freelancer.profile.slug}),
                                         request_data(today, **overrides))
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get(field, []))
    assert message in errors
    assert not Booking.objects.exists()


def test_booking_yourself_a_hidden_or_unverified_freelancer_is_refused(client_user, freelancer, make_member, today):
    # A freelancer opening their own booking page is sent back to the profile.
    response = as_user(freelancer).get(reverse("bookings:request", kwargs={"slug": freelancer.profile.slug}))
    assert response.status_code == 302
    # Hidden or unverified freelancers cannot be booked: as if they did not exist.
    hidden = make_member(User.Role.FREELANCER, visibility="hidden", hourly_rate=50000)
    unverified = make_member(User.Role.FREELANCER, verified=False, hourly_rate=50000)
    for other in (hidden, unverified):
        url = reverse("bookings:request", kwargs={"slug": other.profile.slug})
        assert as_user(client_user).get(url).status_code == 404
        assert as_user(client_user).post(url, request_data(today)).status_code == 404
    # An unverified client is told to confirm the email address.
    unverified_client = make_member(User.Role.CLIENT, verified=False)
    response = as_user(unverified_client).post(reverse("bookings:request", kwargs={"slug": freelancer.profile.slug}),
                                               request_data(today))
    assert "Confirm your email address" in response.content.decode()
    assert not Booking.objects.exists()


def test_messages_post_and_poll_with_htmx(in_progress, django_capture_on_commit_callbacks):
    booking = in_progress
    url = reverse("bookings:messages", args=[booking.pk])
    as_client = as_user(booking.client)
    with django_capture_on_commit_callbacks(execute=True):
        response = as_client.post(url, {"body": "<script>alert(1)</script> When do you start?"},
                                  HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="thread"' in html and "&lt;script&gt;" in html and "<script>alert" not in html
    # The freelancer's poll returns only the list, with the new message.
    poll = as_user(booking.freelancer).get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'id="message-list"' in poll and "When do you start?" in poll and "<form" not in poll
    assert Notification.objects.filter(recipient=booking.freelancer, kind="message").count() == 1
    # Empty message: 422 with the error in the form, nothing written.
    response = as_client.post(url, {"body": "   "}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422 and Message.objects.count() == 1
    # Without JavaScript, posting redirects back to the thread on the booking page.
    response = as_client.post(url, {"body": "Plain post"})
    assert response.status_code == 302 and response["Location"].endswith("#messages")


def test_the_client_rejects_one_log_with_a_reason_and_the_freelancer_fixes_it(in_progress, today):
    booking = in_progress
    yesterday = (today - datetime.timedelta(days=1)).isoformat()  # a whole day: whatever the hour now
    as_freelancer, as_client = as_user(booking.freelancer), as_user(booking.client)
    as_freelancer.post(reverse("bookings:time", args=[booking.pk]),
                       {"date": yesterday, "minutes": "600", "description": "Welding"})
    log = TimeLog.objects.get()
    as_freelancer.post(reverse("bookings:time_submit", args=[booking.pk]))
    # The freelancer cannot approve their own time.
    response = as_freelancer.post(reverse("bookings:time_decide", args=[booking.pk, log.pk, "approve"]), follow=True)
    assert "Only the client of this booking can do this." in messages_of(response)
    as_client.post(reverse("bookings:time_decide", args=[booking.pk, log.pk, "reject"]), {"reason": "Too many hours"})
    log.refresh_from_db()
    assert log.status == TimeLog.Status.REJECTED and log.rejection_reason == "Too many hours"
    page = as_freelancer.get(reverse("bookings:time_edit", args=[booking.pk, log.pk]))
    assert b"Too many hours" in page.content
    as_freelancer.post(reverse("bookings:time_edit", args=[booking.pk, log.pk]),
                       {"date": yesterday, "minutes": "480", "description": "Welding"})
    log.refresh_from_db()
    assert log.minutes == 480


def test_the_time_form_explains_overlaps(in_progress, today):
    booking = in_progress
    as_freelancer = as_user(booking.freelancer)
    day = (today - datetime.timedelta(days=1)).isoformat()
    as_freelancer.post(reverse("bookings:time", args=[booking.pk]),
                       {"date": day, "start_time": "08:00", "end_time": "12:00", "description": "Morning"})
    response = as_freelancer.post(reverse("bookings:time", args=[booking.pk]),
                                  {"date": day, "start_time": "11:00", "end_time": "13:00", "description": "Overlap"})
    assert response.status_code == 422
    assert "overlaps time you already logged" in " ".join(response.context["form"].errors["start_time"])
    assert TimeLog.objects.count() == 1


def test_the_requirement_suggestions_follow_the_skills(client_user, freelancer, skills):
    UserSkill.objects.create(profile=freelancer.profile, skill=skills["welding"])
    hot_work = CompetenceTemplate.objects.create(name="Hot work certificate", slug="hot-work")
    hot_work.skills.add(skills["welding"])
    CompetenceTemplate.objects.create(name="Driving licence", slug="driving")
    url = reverse("bookings:request", kwargs={"slug": freelancer.profile.slug})
    response = as_user(client_user).get(url, {"suggest": "1", "skills": [skills["welding"].pk]},
                                        HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="requirements"')
    checked = re.findall(r'<input[^>]*name="required_documents"[^>]*value="(\d+)"[^>]*checked', html)
    assert checked == [str(hot_work.pk)]


def test_the_booking_list_shows_both_sides_their_bookings(make_booking, stranger):
    booking = make_booking()
    for user in (booking.client, booking.freelancer):
        assert booking.title in as_user(user).get(reverse("bookings:index")).content.decode()
    assert booking.title not in as_user(stranger).get(reverse("bookings:index")).content.decode()


def _log_days(booking, count):
    """`count` approved logs of 4 minutes spread over the booking's past days (test data; 200 of
    them stay under the 16 hours paid into escrow, so the page's state is the same)."""
    logs = []
    for n in range(count):
        day = booking.start_date + datetime.timedelta(days=n % 3)
        logs.append(TimeLog(booking=booking, freelancer=booking.freelancer, date=day, minutes=4,
                            description=f"Log {n}", status=TimeLog.Status.APPROVED))
    TimeLog.objects.bulk_create(logs)


@pytest.mark.parametrize("url_name", ["bookings:detail", "bookings:time", "bookings:timesheet"])
def test_booking_pages_queries_do_not_grow_with_time_logs(in_progress, url_name):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    booking = in_progress
    as_client = as_user(booking.client)
    url = reverse(url_name, args=[booking.pk])
    counts = []
    for logs in (1, 199):
        _log_days(booking, logs)
        as_client.get(url)  # warm the session and caches
        with CaptureQueriesContext(connection) as queries:
            response = as_client.get(url)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    # Measured: detail 15 (session, user, booking, documents required x2, timeline, totals, files,
    # messages, and the escrow card's 4), time 7, timesheet 7. A bound, so a new N+1 shows up.
    assert counts[0] <= {"bookings:detail": 15, "bookings:time": 7, "bookings:timesheet": 7}[url_name]
    assert TimeLog.objects.count() == 200


def test_dashboard_card_counts_what_needs_the_member(in_progress, make_booking, today):
    booking = in_progress
    TimeLog.objects.create(booking=booking, freelancer=booking.freelancer, date=booking.start_date, minutes=60,
                           description="x", status=TimeLog.Status.SUBMITTED)
    TimeLog.objects.create(booking=booking, freelancer=booking.freelancer, date=booking.start_date, minutes=60,
                           description="y", status=TimeLog.Status.SUBMITTED)
    make_booking(start_date=today + datetime.timedelta(days=3), end_date=today + datetime.timedelta(days=4))
    html = as_user(booking.client).get(reverse("dashboard:index")).content.decode()
    assert "2 time logs to approve" in html and "1 request waiting for an answer" in html
    assert "1 in progress, 0 coming up" in html
    html = as_user(booking.freelancer).get(reverse("dashboard:index")).content.decode()
    assert "1 booking request to answer" in html


def test_messages_and_requests_are_rate_limited_per_member(in_progress, settings, client_user, freelancer, today):
    settings.VALUND_RATE_LIMITS = {**settings.VALUND_RATE_LIMITS, "message": "2/m/user", "booking_request": "1/h/user"}
    booking = in_progress
    url = reverse("bookings:messages", args=[booking.pk])
    as_client = as_user(booking.client)
    assert [as_client.post(url, {"body": f"Message {n}"}).status_code for n in range(3)] == [302, 302, 429]
    assert Message.objects.count() == 2
    # The other party is counted on their own.
    assert as_user(booking.freelancer).post(url, {"body": "Hello"}).status_code == 302
    request_url = reverse("bookings:request", kwargs={"slug": freelancer.profile.slug})
    other = as_user(client_user)
    assert other.post(request_url, request_data(today, title="First")).status_code == 302
    response = other.post(request_url, request_data(today, title="Second"))
    assert response.status_code == 429 and "Retry-After" in response
    assert Booking.objects.filter(title="Second").count() == 0
