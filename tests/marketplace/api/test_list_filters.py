"""Filters and ordering of the long lists: a member's notifications, a booking's messages and its
time logs. Each filter, `ordering` both ways, a wrong value answered with a 400 problem naming
the parameter, a third member refused (404) on someone else's booking's lists, and the query
count the same for one row or many."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from marketplace.bookings.models import Message, TimeLog
from marketplace.notifications.models import Notification

from .helpers import api_as

pytestmark = pytest.mark.django_db

NOTIFICATIONS = "/api/v1/notifications/"
MOMENT = datetime.datetime(2026, 11, 20, 12, 0, tzinfo=datetime.UTC)


def _at(model, row, when):
    model.objects.filter(pk=row.pk).update(created_at=when)


def _notification(user, kind, title, days, *, read=False):
    row = Notification.objects.create(
        recipient=user, kind=kind, event_key=f"lists:{title}", title=title, url="/b/",
        read_at=MOMENT if read else None,
    )
    _at(Notification, row, MOMENT + datetime.timedelta(days=days))
    return row


def titles(response):
    assert response.status_code == 200, response.content
    return [row.get("title") or row.get("body") or row.get("description") for row in response.json()["results"]]


def assert_refused(response, parameter):
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert parameter in str(response.json()["errors"])


@pytest.fixture
def notified(client_user, stranger):
    _notification(client_user, "message", "Old message", 0, read=True)
    _notification(client_user, "booking_accepted", "Accepted", 1)
    _notification(client_user, "message", "New message", 2)
    _notification(stranger, "message", "Someone else's", 3)
    return api_as(client_user)


def test_notifications_filter_by_unread_read_kind_and_since(notified):
    assert titles(notified.get(NOTIFICATIONS)) == ["New message", "Accepted", "Old message"]
    assert titles(notified.get(NOTIFICATIONS, {"unread": "true"})) == ["New message", "Accepted"]
    assert titles(notified.get(NOTIFICATIONS, {"unread": "false"})) == ["Old message"]
    assert titles(notified.get(NOTIFICATIONS, {"kind": "message"})) == ["New message", "Old message"]
    since = (MOMENT + datetime.timedelta(days=1)).isoformat()
    assert titles(notified.get(NOTIFICATIONS, {"since": since})) == ["New message", "Accepted"]
    # Without an offset, a moment in the site's time zone; a date alone is its midnight.
    assert titles(notified.get(NOTIFICATIONS, {"since": "2026-11-22"})) == ["New message"]
    assert titles(notified.get(NOTIFICATIONS, {"kind": "message", "unread": "1"})) == ["New message"]


def test_notifications_ordering_both_ways_and_wrong_values(notified):
    assert titles(notified.get(NOTIFICATIONS, {"ordering": "created_at"})) == ["Old message", "Accepted", "New message"]
    newest_first = ["New message", "Accepted", "Old message"]
    assert titles(notified.get(NOTIFICATIONS, {"ordering": "-created_at"})) == newest_first
    assert titles(notified.get(NOTIFICATIONS, {"ordering": "kind"}))[0] == "Accepted"
    assert titles(notified.get(NOTIFICATIONS, {"ordering": "-kind"}))[-1] == "Accepted"
    # Pages follow the chosen order: page 1 then page 2 by the cursor link.
    first = notified.get(NOTIFICATIONS, {"ordering": "created_at", "page_size": 2}).json()
    assert [row["title"] for row in first["results"]] == ["Old message", "Accepted"]
    assert titles(notified.get(first["next"])) == ["New message"]
    for parameter, value in (
        ("ordering", "title"),
        ("ordering", "recipient__password"),
        ("unread", "maybe"),
        ("kind", "nonsense"),
        ("since", "yesterday"),
        ("since", "0001-01-01T00:00:00+14:00"),
    ):
        assert_refused(notified.get(NOTIFICATIONS, {parameter: value}), parameter)


@pytest.fixture
def thread(in_progress):
    for days, body, sender in ((0, "First", in_progress.client), (1, "Second", in_progress.freelancer),
                               (2, "Third", in_progress.client)):
        message = Message.objects.create(booking=in_progress, sender=sender, body=body)
        _at(Message, message, MOMENT + datetime.timedelta(days=days))
    return in_progress


def test_messages_filter_by_since_and_before_and_order_both_ways(thread):
    url = f"/api/v1/bookings/{thread.pk}/messages/"
    client = api_as(thread.freelancer)
    assert titles(client.get(url)) == ["Third", "Second", "First"]
    assert titles(client.get(url, {"ordering": "created_at"})) == ["First", "Second", "Third"]
    assert titles(client.get(url, {"ordering": "-created_at"})) == ["Third", "Second", "First"]
    one_day = (MOMENT + datetime.timedelta(days=1)).isoformat()
    assert titles(client.get(url, {"since": one_day})) == ["Third", "Second"]
    assert titles(client.get(url, {"before": one_day})) == ["First"]
    two_days = (MOMENT + datetime.timedelta(days=2)).isoformat()
    assert titles(client.get(url, {"since": one_day, "before": two_days})) == ["Second"]
    assert_refused(client.get(url, {"ordering": "body"}), "ordering")
    assert_refused(client.get(url, {"before": "2026-13-45"}), "before")


@pytest.fixture
def logged(in_progress):
    monday = datetime.date(2026, 11, 23)  # 2026-W48
    rows = (
        (monday, 60, TimeLog.Status.APPROVED, "Monday"),
        (monday + datetime.timedelta(days=2), 240, TimeLog.Status.SUBMITTED, "Wednesday"),
        (monday + datetime.timedelta(days=6), 30, TimeLog.Status.DRAFT, "Sunday"),
        (monday + datetime.timedelta(days=7), 120, TimeLog.Status.DRAFT, "Next Monday"),
    )
    for date, minutes, status, description in rows:
        TimeLog.objects.create(booking=in_progress, freelancer=in_progress.freelancer, date=date, minutes=minutes,
                               status=status, description=description)
    return in_progress


def test_time_logs_filter_by_status_days_and_week(logged):
    url = f"/api/v1/bookings/{logged.pk}/time-logs/"
    client = api_as(logged.client)
    assert titles(client.get(url)) == ["Next Monday", "Sunday", "Wednesday", "Monday"]
    assert titles(client.get(url, {"status": "draft"})) == ["Next Monday", "Sunday"]
    assert titles(client.get(url, {"date_from": "2026-11-25"})) == ["Next Monday", "Sunday", "Wednesday"]
    assert titles(client.get(url, {"date_to": "2026-11-25"})) == ["Wednesday", "Monday"]
    assert titles(client.get(url, {"date_from": "2026-11-25", "date_to": "2026-11-29"})) == ["Sunday", "Wednesday"]
    assert titles(client.get(url, {"week": "2026-W48"})) == ["Sunday", "Wednesday", "Monday"]
    assert titles(client.get(url, {"week": "2026-W49"})) == ["Next Monday"]
    assert titles(client.get(url, {"week": "2026-W48", "date_from": "2026-11-24"})) == ["Sunday", "Wednesday"]
    assert titles(client.get(url, {"week": "2026-W48", "status": "draft"})) == ["Sunday"]


def test_time_logs_ordering_both_ways_and_wrong_values(logged):
    url = f"/api/v1/bookings/{logged.pk}/time-logs/"
    client = api_as(logged.freelancer)
    assert titles(client.get(url, {"ordering": "date"})) == ["Monday", "Wednesday", "Sunday", "Next Monday"]
    assert titles(client.get(url, {"ordering": "-date"})) == ["Next Monday", "Sunday", "Wednesday", "Monday"]
    assert titles(client.get(url, {"ordering": "minutes"})) == ["Sunday", "Monday", "Next Monday", "Wednesday"]
    assert titles(client.get(url, {"ordering": "-minutes"})) == ["Wednesday", "Next Monday", "Monday", "Sunday"]
    assert titles(client.get(url, {"ordering": "status"}))[-1] == "Wednesday"
    assert titles(client.get(url, {"ordering": "-status"}))[0] == "Wednesday"
    assert len(titles(client.get(url, {"ordering": "created_at"}))) == 4
    for parameter, value in (
        ("ordering", "description"),
        ("status", "lost"),
        ("date_from", "2026-02-30"),
        ("date_to", "soon"),
        ("week", "2026-W99"),
        ("week", "W48"),
    ):
        assert_refused(client.get(url, {parameter: value}), parameter)


def test_a_third_member_is_refused_on_someone_elses_booking_lists(logged, stranger):
    client = api_as(stranger)
    for path in ("messages", "time-logs"):
        url = f"/api/v1/bookings/{logged.pk}/{path}/"
        assert client.get(url).status_code == 404
        # Filters and a wrong ordering do not tell a stranger more than that it is not theirs.
        assert client.get(url, {"ordering": "created_at", "since": "2026-01-01"}).status_code == 404
        assert client.get(url, {"ordering": "nonsense"}).status_code == 404


def test_the_lists_cost_the_same_queries_for_one_row_or_many(in_progress, client_user):
    client = api_as(client_user)
    lists = {
        "notifications": NOTIFICATIONS,
        "messages": f"/api/v1/bookings/{in_progress.pk}/messages/",
        "time logs": f"/api/v1/bookings/{in_progress.pk}/time-logs/",
    }
    query = {"ordering": "created_at", "since": "2000-01-01"}

    def add(number):
        for n in range(number):
            Notification.objects.create(recipient=client_user, kind="message", event_key=f"count:{timezone.now()}:{n}",
                                        title="N")
            sender = in_progress.client if n % 2 else in_progress.freelancer
            Message.objects.create(booking=in_progress, sender=sender, body="M")
            TimeLog.objects.create(booking=in_progress, freelancer=in_progress.freelancer, minutes=30,
                                   date=datetime.date(2026, 1, 1) + datetime.timedelta(days=len(counted) * 10 + n),
                                   description="T")
        counted.append(number)

    counted = []
    add(1)
    few = {}
    for name, url in lists.items():
        with CaptureQueriesContext(connection) as seen:
            assert client.get(url, query).status_code == 200
        few[name] = len(seen)
    add(6)
    for name, url in lists.items():
        with CaptureQueriesContext(connection) as seen:
            response = client.get(url, query)
        assert len(response.json()["results"]) >= 7, name
        assert len(seen) == few[name], name
