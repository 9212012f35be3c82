"""Notifications: once per event, email once and only when wanted, the cached unread count, and
the member's pages (list, open, read all, email settings) including the attacker cases."""

import pytest
from django.core import mail
from django.urls import reverse

from marketplace.accounts.models import User
from marketplace.core.http import request_origin
from marketplace.notifications import selectors, services
from marketplace.notifications.models import EmailPreference, Kind, Notification
from marketplace.notifications.selectors import PAGE_SIZE
from marketplace.notifications.tasks import send_notification_email

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(make_member):
    return make_member(User.Role.CLIENT, name="Nordbygg AB", email="nordbygg@example.com")


@pytest.fixture
def notify_now(django_capture_on_commit_callbacks):
    """notify() as a service calls it, with the after-commit work (email, cache) run."""

    def send(recipient, *, kind=Kind.BOOKING_ACCEPTED, event_key="booking:1:accepted", title="Accepted",
             url="/bookings/1/", **fields):
        with django_capture_on_commit_callbacks(execute=True):
            return services.notify(recipient=recipient, kind=kind, event_key=event_key, title=title, url=url,
                                   **fields)

    return send


# --- Once per event ----------------------------------------------------------------------------


def test_the_same_event_is_notified_once(member, notify_now):
    first = notify_now(member)
    second = notify_now(member)

    assert first is not None
    assert second is None
    assert Notification.objects.filter(recipient=member).count() == 1


def test_the_same_event_key_for_two_members_notifies_both(member, make_member, notify_now):
    other = make_member(User.Role.FREELANCER)

    assert notify_now(member) is not None
    assert notify_now(other) is not None


def test_the_email_goes_out_once_per_event(member, notify_now):
    notify_now(member, title="Astrid accepted your booking")
    notify_now(member, title="Astrid accepted your booking")

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nordbygg@example.com"]
    assert mail.outbox[0].subject == "[Valund] Astrid accepted your booking"
    assert "http://testserver/bookings/1/" in mail.outbox[0].body


def test_an_email_a_request_caused_links_to_the_address_of_that_request(member, notify_now, settings):
    settings.SITE_URL = "http://localhost:8000"
    token = request_origin.set("http://127.0.0.1:8001")
    try:
        notify_now(member)
    finally:
        request_origin.reset(token)

    assert "http://127.0.0.1:8001/bookings/1/" in mail.outbox[0].body
    assert "http://127.0.0.1:8001/notifications/settings/" in mail.outbox[0].body
    assert "localhost:8000" not in mail.outbox[0].body


def test_an_email_no_request_caused_links_to_site_url(member, notify_now, settings):
    settings.SITE_URL = "https://valund.example"

    notify_now(member)

    assert "https://valund.example/bookings/1/" in mail.outbox[0].body


def test_an_app_that_writes_its_own_email_has_it_sent_as_written(member, notify_now):
    notify_now(member, title="Approved: First aid", email_subject="Approved: First aid",
               email_body="Hello Nordbygg AB,\n\nValund has checked your document.\n")

    assert [(m.subject, m.body) for m in mail.outbox] == [
        ("Approved: First aid", "Hello Nordbygg AB,\n\nValund has checked your document.\n")
    ]


def test_an_email_with_its_own_unsubscribe_link_offers_the_one_click_button(member, notify_now):
    notify_now(member, email_subject="1 new freelancer", email_body="Bertil\n",
               email_unsubscribe_url="http://testserver/stop/abc/")

    (email,) = mail.outbox
    assert email.extra_headers == {
        "List-Unsubscribe": "<http://testserver/stop/abc/>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def test_other_emails_carry_no_unsubscribe_header(member, notify_now):
    notify_now(member)

    assert mail.outbox[0].extra_headers == {}


def test_a_retried_email_task_does_not_send_twice(member, notify_now):
    notification = notify_now(member)

    assert send_notification_email.call_local(notification.pk) is False
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.email_sent_at is not None


def test_no_email_is_sent_when_the_transaction_rolls_back(member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        try:
            from django.db import transaction

            with transaction.atomic():
                services.notify(recipient=member, kind=Kind.BOOKING_ACCEPTED, event_key="booking:1:accepted",
                                title="Accepted")
                raise RuntimeError("the service failed after notifying")
        except RuntimeError:
            pass

    assert callbacks == []
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_unknown_kind_is_a_programming_error(member):
    with pytest.raises(ValueError):
        services.notify(recipient=member, kind="telepathy", event_key="x", title="x")


def test_inactive_recipient_is_skipped(member, notify_now):
    User.objects.filter(pk=member.pk).update(is_active=False)
    member.refresh_from_db()

    assert notify_now(member) is None
    assert not Notification.objects.exists()
    assert mail.outbox == []


# --- Email preferences -------------------------------------------------------------------------


def test_messages_are_not_emailed_by_default_but_listed(member, notify_now):
    notification = notify_now(member, kind=Kind.MESSAGE, event_key="message:1", title="New message")

    assert notification is not None
    assert mail.outbox == []
    assert services.wants_email(user=member, kind=Kind.MESSAGE) is False
    assert services.wants_email(user=member, kind=Kind.BOOKING_ACCEPTED) is True


def test_a_kind_turned_off_sends_no_email_but_keeps_the_in_app_notification(member, notify_now):
    services.email_preferences_update(user=member, email_kinds=[k for k in Kind.values if k != Kind.BOOKING_ACCEPTED])

    notification = notify_now(member, kind=Kind.BOOKING_ACCEPTED)

    assert notification is not None
    assert Notification.objects.filter(recipient=member, kind=Kind.BOOKING_ACCEPTED).count() == 1
    assert mail.outbox == []


def test_a_kind_off_by_default_can_be_turned_on(member, notify_now):
    services.email_preferences_update(user=member, email_kinds=[Kind.MESSAGE])

    notify_now(member, kind=Kind.MESSAGE, event_key="message:1", title="New message")

    assert len(mail.outbox) == 1


def test_preferences_refuse_unknown_kinds_and_change_nothing(member):
    from marketplace.core.errors import DomainError

    with pytest.raises(DomainError):
        services.email_preferences_update(user=member, email_kinds=[Kind.MESSAGE, "telepathy"])

    assert not EmailPreference.objects.filter(user=member).exists()


# --- The unread count --------------------------------------------------------------------------


def test_unread_count_is_cached(member, notify_now, django_assert_num_queries):
    notify_now(member)
    assert selectors.unread_count(user=member) == 1

    with django_assert_num_queries(0):
        assert selectors.unread_count(user=member) == 1


def test_unread_count_is_refreshed_by_a_new_notification(member, notify_now):
    notify_now(member, event_key="one")
    assert selectors.unread_count(user=member) == 1

    notify_now(member, event_key="two")

    assert selectors.unread_count(user=member) == 2


def test_unread_count_is_refreshed_when_one_is_read(member, notify_now, django_capture_on_commit_callbacks):
    notification = notify_now(member, event_key="one")
    notify_now(member, event_key="two")
    assert selectors.unread_count(user=member) == 2

    with django_capture_on_commit_callbacks(execute=True):
        services.notification_mark_read(user=member, notification_id=notification.pk)

    assert selectors.unread_count(user=member) == 1


def test_unread_count_is_refreshed_when_all_are_read(member, notify_now, django_capture_on_commit_callbacks):
    notify_now(member, event_key="one")
    notify_now(member, event_key="two")
    assert selectors.unread_count(user=member) == 2

    with django_capture_on_commit_callbacks(execute=True):
        assert services.notifications_mark_all_read(user=member) == 2

    assert selectors.unread_count(user=member) == 0


def test_reading_twice_keeps_the_first_read_time(member, notify_now):
    notification = notify_now(member)
    first = services.notification_mark_read(user=member, notification_id=notification.pk).read_at

    again = services.notification_mark_read(user=member, notification_id=notification.pk)

    assert again.read_at == first


def test_marking_someone_elses_notification_read_is_refused(member, make_member, notify_now):
    from marketplace.core.errors import DomainError

    notification = notify_now(member)
    intruder = make_member(User.Role.CLIENT)

    with pytest.raises(DomainError):
        services.notification_mark_read(user=intruder, notification_id=notification.pk)

    notification.refresh_from_db()
    assert notification.read_at is None


def test_read_all_touches_only_ones_own_notifications(member, make_member, notify_now):
    other = make_member(User.Role.FREELANCER)
    notify_now(member)
    theirs = notify_now(other)

    services.notifications_mark_all_read(user=member)

    theirs.refresh_from_db()
    assert theirs.read_at is None


# --- The pages ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "args", "method"),
    [("notifications:index", [], "get"), ("notifications:open", [1], "post"),
     ("notifications:read_all", [], "post"), ("notifications:settings", [], "get"),
     ("notifications:settings", [], "post")],
)
def test_visitors_are_sent_to_login(client, name, args, method):
    response = getattr(client, method)(reverse(name, args=args))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_the_list_shows_ones_own_notifications_newest_first(member, make_member, notify_now, logged_in):
    notify_now(member, event_key="old", title="Older news")
    notify_now(member, event_key="new", title="Newer news")
    notify_now(make_member(User.Role.CLIENT), event_key="x", title="Someone else's news")

    response = logged_in(member).get(reverse("notifications:index"))

    assert response.status_code == 200
    content = response.content.decode()
    assert content.index("Newer news") < content.index("Older news")
    assert "Someone else&#x27;s news" not in content and "Someone else's news" not in content


def test_the_list_is_paginated(member, logged_in):
    Notification.objects.bulk_create(
        Notification(recipient=member, kind=Kind.MESSAGE, event_key=f"message:{n}", title=f"Note {n:03}")
        for n in range(PAGE_SIZE + 5)
    )
    client = logged_in(member)

    first = client.get(reverse("notifications:index"))
    second = client.get(reverse("notifications:index"), {"page": 2})
    beyond = client.get(reverse("notifications:index"), {"page": 99})

    assert len(first.context["page"].object_list) == PAGE_SIZE
    assert len(second.context["page"].object_list) == 5
    assert beyond.status_code == 200
    assert beyond.context["page"].number == 2


def test_opening_marks_read_and_goes_to_the_local_url(member, notify_now, logged_in):
    notification = notify_now(member, url="/bookings/7/")

    response = logged_in(member).post(reverse("notifications:open", args=[notification.pk]))

    assert response.status_code == 302
    assert response.url == "/bookings/7/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_following_a_link_to_a_notification_changes_nothing(member, notify_now, logged_in):
    """Mail scanners and prefetching browsers follow links: only the list's button marks read."""
    notification = notify_now(member, url="/bookings/7/")
    client = logged_in(member)

    listed = client.get(reverse("notifications:index"))
    followed = client.get(reverse("notifications:open", args=[notification.pk]))

    assert followed.status_code == 405
    notification.refresh_from_db()
    assert notification.read_at is None
    action = f'action="{reverse("notifications:open", args=[notification.pk])}"'
    form = listed.content.decode().split(action, 1)[0].rsplit("<form", 1)[1]
    assert 'method="post"' in form


@pytest.mark.parametrize("url", ["https://evil.example/phish", "//evil.example/phish", "javascript:alert(1)",
                                 "/\\evil.example/"])
def test_opening_never_redirects_off_site(member, notify_now, logged_in, url):
    notification = notify_now(member, url=url)

    response = logged_in(member).post(reverse("notifications:open", args=[notification.pk]))

    assert response.status_code == 302
    assert response.url == reverse("notifications:index")


def test_another_member_cannot_open_ones_notification(member, make_member, notify_now, logged_in):
    notification = notify_now(member, url="/bookings/7/")
    intruder = make_member(User.Role.CLIENT)

    response = logged_in(intruder).post(reverse("notifications:open", args=[notification.pk]), follow=True)

    assert response.redirect_chain == [(reverse("notifications:index"), 302)]
    assert "That notification does not exist." in [str(m) for m in response.context["messages"]]
    notification.refresh_from_db()
    assert notification.read_at is None


def test_read_all_marks_everything_read(member, notify_now, logged_in):
    notify_now(member, event_key="one")
    notify_now(member, event_key="two")

    response = logged_in(member).post(reverse("notifications:read_all"))

    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=member, read_at__isnull=True).exists()


def test_read_all_refuses_get(member, notify_now, logged_in):
    notify_now(member)

    response = logged_in(member).get(reverse("notifications:read_all"))

    assert response.status_code == 405
    assert Notification.objects.filter(recipient=member, read_at__isnull=True).count() == 1


def test_the_settings_page_shows_the_defaults(member, logged_in):
    response = logged_in(member).get(reverse("notifications:settings"))

    assert response.status_code == 200
    choices = {kind: checked for kind, _label, checked in response.context["choices"]}
    assert choices[Kind.BOOKING_REQUESTED] is True
    assert choices[Kind.MESSAGE] is False


def test_the_settings_page_saves_choices(member, logged_in):
    client = logged_in(member)

    response = client.post(reverse("notifications:settings"),
                           {"email": [Kind.MESSAGE, Kind.BOOKING_REQUESTED, "telepathy"]})

    assert response.status_code == 302
    assert services.wants_email(user=member, kind=Kind.MESSAGE) is True
    assert services.wants_email(user=member, kind=Kind.BOOKING_REQUESTED) is True
    assert services.wants_email(user=member, kind=Kind.BOOKING_ACCEPTED) is False
    choices = {kind: checked for kind, _label, checked in client.get(reverse("notifications:settings"))
               .context["choices"]}
    assert choices[Kind.MESSAGE] is True and choices[Kind.BOOKING_ACCEPTED] is False
