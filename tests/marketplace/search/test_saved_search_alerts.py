"""Saved-search alerts: the daily and weekly runs report each freelancer once, only the new
ones and only to members who still want them (by email or, with that kind of email off, on
the site)."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from marketplace.accounts.models import Profile, User
from marketplace.notifications import services as notification_services
from marketplace.notifications.models import Kind, Notification
from marketplace.search import services, tasks
from marketplace.search.models import SavedSearch, SavedSearchSeen

from .helpers import Frequency, run_daily, save

pytestmark = pytest.mark.django_db


def as_if_alerted_days_ago(saved: SavedSearch, days: int) -> None:
    SavedSearch.objects.filter(pk=saved.pk).update(last_alerted_at=timezone.now() - datetime.timedelta(days=days))


# Alerts


def test_alerts_report_only_new_freelancers_and_each_only_once(
    client_user, astrid, make_welder, django_capture_on_commit_callbacks
):
    saved = save(client_user)

    assert run_daily(django_capture_on_commit_callbacks) == []  # Astrid was there when it was saved

    bertil = make_welder("Bertil Svensson")
    sent = run_daily(django_capture_on_commit_callbacks)
    assert len(sent) == 1
    assert sent[0].to == [client_user.email]
    assert "Bertil Svensson" in sent[0].body and "Astrid" not in sent[0].body
    assert "1 new freelancer" in sent[0].subject
    saved.refresh_from_db()
    assert saved.last_alerted_at is not None

    assert run_daily(django_capture_on_commit_callbacks) == []  # the same day again

    as_if_alerted_days_ago(saved, 1)
    assert run_daily(django_capture_on_commit_callbacks) == []  # the next day: nothing new

    make_welder("Cecilia Berg")
    as_if_alerted_days_ago(saved, 1)
    sent = run_daily(django_capture_on_commit_callbacks)
    assert len(sent) == 1
    assert "Cecilia Berg" in sent[0].body and "Bertil" not in sent[0].body and "Astrid" not in sent[0].body
    assert set(SavedSearchSeen.objects.values_list("profile__display_name", flat=True)) == {
        "Astrid Lindqvist", "Bertil Svensson", "Cecilia Berg",
    }
    assert bertil.profile.pk in saved.seen.values_list("profile_id", flat=True)


def test_a_freelancer_who_comes_to_match_later_is_reported(client_user, make_member,
                                                           django_capture_on_commit_callbacks):
    save(client_user)
    plumber = make_member(User.Role.FREELANCER, name="Dag Plumber", headline="Plumber")
    services.index_profile(plumber.profile.pk)
    assert run_daily(django_capture_on_commit_callbacks) == []

    Profile.objects.filter(pk=plumber.profile.pk).update(headline="Plumber and certified welder")
    services.index_profile(plumber.profile.pk)
    sent = run_daily(django_capture_on_commit_callbacks)

    assert len(sent) == 1 and "Dag Plumber" in sent[0].body


def test_a_decision_taken_twice_sends_once(client_user, make_welder, django_capture_on_commit_callbacks):
    saved = save(client_user)
    make_welder("Bertil Svensson")
    now = timezone.now()

    with django_capture_on_commit_callbacks(execute=True):
        first = services.saved_search_check(saved_search_id=saved.pk, now=now)
        second = services.saved_search_check(saved_search_id=saved.pk, now=now)
    as_if_alerted_days_ago(saved, 3)
    with django_capture_on_commit_callbacks(execute=True):
        third = services.saved_search_check(saved_search_id=saved.pk)

    assert len(first) == 1 and second == [] and third == []
    assert len(mail.outbox) == 1


def test_nothing_is_sent_for_searches_switched_off_or_weekly_on_a_daily_run(
    client_user, make_welder, django_capture_on_commit_callbacks
):
    save(client_user, "q=welder", frequency=Frequency.OFF)
    save(client_user, "q=welder&verified=on", frequency=Frequency.WEEKLY)
    make_welder("Bertil Svensson")

    assert run_daily(django_capture_on_commit_callbacks) == []


def test_weekly_alerts_run_once_a_week(client_user, make_welder, django_capture_on_commit_callbacks):
    saved = save(client_user, frequency=Frequency.WEEKLY)
    make_welder("Bertil Svensson")

    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_weekly_alerts.call_local()
    assert len(mail.outbox) == 1

    make_welder("Cecilia Berg")
    monday = timezone.localdate() - datetime.timedelta(days=timezone.localdate().weekday())
    later_this_week = timezone.make_aware(datetime.datetime.combine(monday, datetime.time(23)))
    SavedSearch.objects.filter(pk=saved.pk).update(last_alerted_at=later_this_week - datetime.timedelta(hours=1))
    assert services.saved_search_check(saved_search_id=saved.pk, now=later_this_week) == []


def test_switching_alerts_back_on_starts_from_what_matches_then(
    client_user, logged_in, make_welder, django_capture_on_commit_callbacks
):
    saved = save(client_user, frequency=Frequency.OFF)
    make_welder("Bertil Svensson")  # joined while the emails were off

    logged_in(client_user).post(reverse("search:saved_frequency", args=[saved.pk]), {"frequency": "daily"})
    make_welder("Cecilia Berg")
    sent = run_daily(django_capture_on_commit_callbacks)

    assert len(sent) == 1 and "Cecilia Berg" in sent[0].body and "Bertil" not in sent[0].body


def test_a_freelancer_hidden_before_the_email_goes_out_is_left_out(client_user, make_welder):
    saved = save(client_user)
    bertil = make_welder("Bertil Svensson")
    Profile.objects.filter(pk=bertil.profile.pk).update(visibility=Profile.Visibility.HIDDEN)

    assert tasks.send_saved_search_alert.call_local(saved.pk, [bertil.profile.pk]) is False
    assert mail.outbox == []


def test_members_who_left_get_no_alerts(client_user, make_welder, django_capture_on_commit_callbacks):
    save(client_user)
    make_welder("Bertil Svensson")
    User.objects.filter(pk=client_user.pk).update(is_active=False)

    assert run_daily(django_capture_on_commit_callbacks) == []


def test_a_member_who_turned_alert_emails_off_is_told_on_the_site_only(
    client_user, logged_in, make_welder, django_capture_on_commit_callbacks
):
    """The alert is a notification like any other: with its kind's email off it is listed on
    the site, linking to the search newest first, and the freelancer still counts as reported."""
    saved = save(client_user)
    bertil = make_welder("Bertil Svensson")
    other_kinds = [kind for kind in Kind.values if kind != Kind.SAVED_SEARCH_ALERT]
    notification_services.email_preferences_update(user=client_user, email_kinds=other_kinds)

    assert run_daily(django_capture_on_commit_callbacks) == []

    (notification,) = Notification.objects.filter(recipient=client_user, kind=Kind.SAVED_SEARCH_ALERT)
    assert notification.title == "1 new freelancer for “Welders”" and notification.body == "Bertil Svensson"
    assert notification.url.endswith("?q=welder&sort=newest")
    listed = logged_in(client_user).get(reverse("notifications:index")).content.decode()
    assert "1 new freelancer for “Welders”" in listed and "Bertil Svensson" in listed
    assert saved.seen.filter(profile=bertil.profile).exists()
    assert run_daily(django_capture_on_commit_callbacks) == []
    assert Notification.objects.filter(recipient=client_user, kind=Kind.SAVED_SEARCH_ALERT).count() == 1
