"""Messages between a booking's parties and a member's notifications through the API: the
parties write and read, a third member finds nothing; each member reads and marks only their
own notifications."""

import pytest

from marketplace.bookings.models import Message
from marketplace.notifications import services as notifications
from marketplace.notifications.models import Notification

from .helpers import api_as

pytestmark = pytest.mark.django_db


def test_the_parties_write_and_read_messages_and_a_stranger_finds_none(in_progress, stranger):
    url = f"/api/v1/bookings/{in_progress.pk}/messages/"
    sent = api_as(in_progress.client).post(url, {"body": "Gate code is 1234"}, format="json")
    assert sent.status_code == 201, sent.content
    assert sent.json()["mine"] is True
    read = api_as(in_progress.freelancer).get(url).json()["results"]
    assert [(row["body"], row["mine"]) for row in read] == [("Gate code is 1234", False)]
    assert api_as(stranger).get(url).status_code == 404
    assert api_as(stranger).post(url, {"body": "Hello"}, format="json").status_code == 404
    assert api_as(in_progress.client).post(url, {"body": ""}, format="json").status_code == 400
    assert Message.objects.count() == 1
    # The other party was told, in the notifications the API lists too.
    listed = api_as(in_progress.freelancer).get("/api/v1/notifications/", {"unread": "true"}).json()["results"]
    assert any(row["kind"] == "message" for row in listed)


def test_a_member_marks_their_own_notifications_read_and_not_anyone_elses(client_user, stranger):
    mine = notifications.notify(recipient=client_user, kind="message", event_key="api:1", title="One", url="/b/")
    notifications.notify(recipient=client_user, kind="message", event_key="api:2", title="Two", url="/b/")
    theirs = notifications.notify(recipient=stranger, kind="message", event_key="api:3", title="Three", url="/b/")
    client = api_as(client_user)
    assert [row["title"] for row in client.get("/api/v1/notifications/").json()["results"]] == ["Two", "One"]
    assert client.post(f"/api/v1/notifications/{theirs.pk}/read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    read = client.post(f"/api/v1/notifications/{mine.pk}/read/")
    assert read.status_code == 200 and read.json()["read_at"]
    assert client.post("/api/v1/notifications/read-all/").json() == {"count": 1}
    assert not Notification.objects.filter(recipient=client_user, read_at__isnull=True).exists()
    assert client.get("/api/v1/notifications/", {"unread": "true"}).json()["results"] == []
