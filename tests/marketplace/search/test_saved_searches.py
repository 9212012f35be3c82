"""Saved searches: saving from the results page, the owner's list, changes and deletion (and
another member's attempts), the daily and weekly alerts that report each freelancer once,
and unsubscribing from an email without logging in."""

import base64
import datetime
import re
import time
import zlib

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail, signing
from django.template import RequestContext, Template
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from marketplace.accounts.models import Profile, User
from marketplace.core.errors import DomainError
from marketplace.notifications import services as notification_services
from marketplace.notifications.models import Kind, Notification
from marketplace.search import services, tasks
from marketplace.search.models import SavedSearch, SavedSearchSeen
from marketplace.search.query import SearchParams

pytestmark = pytest.mark.django_db
Frequency = SavedSearch.Frequency
CREATE = reverse("search:saved_create")
LIST = reverse("search:saved_list")


@pytest.fixture
def make_welder(make_member):
    """A public freelancer the search finds for "welder", indexed as the receivers would after commit."""

    def make(name, **fields):
        user = make_member(User.Role.FREELANCER, name=name, headline="Certified welder", city="Göteborg", **fields)
        services.index_profile(user.profile.pk)
        return user

    return make


@pytest.fixture
def astrid(make_welder):
    return make_welder("Astrid Lindqvist")


def save(owner, querystring="q=welder", *, name="Welders", frequency=Frequency.DAILY) -> SavedSearch:
    return services.saved_search_create(owner=owner, name=name, querystring=querystring, frequency=frequency)


def run_daily(capture) -> list:
    """Run the daily alert task as Huey would, with the emails it enqueues after commit."""
    mail.outbox.clear()
    with capture(execute=True):
        tasks.send_daily_alerts.call_local()
    return list(mail.outbox)


def as_if_alerted_days_ago(saved: SavedSearch, days: int) -> None:
    SavedSearch.objects.filter(pk=saved.pk).update(last_alerted_at=timezone.now() - datetime.timedelta(days=days))


# Saving


def test_a_member_saves_the_current_search_from_the_results_page(client_user, logged_in, astrid):
    response = logged_in(client_user).post(
        CREATE, {"name": "Welders in Göteborg", "frequency": "daily", "querystring": "page=3&q=welder"}
    )

    saved = SavedSearch.objects.get()
    assert (saved.owner, saved.name, saved.frequency) == (client_user, "Welders in Göteborg", Frequency.DAILY)
    assert saved.querystring == "q=welder"  # canonical, back to the first page
    assert response.status_code == 302 and response["Location"] == "/freelancers/?q=welder"


def test_freelancers_found_when_saving_count_as_seen(client_user, astrid):
    saved = save(client_user)

    assert list(saved.seen.values_list("profile_id", flat=True)) == [astrid.profile.pk]


def test_an_unnamed_search_is_named_after_what_it_looks_for(client_user, skills):
    saved = save(client_user, "q=welder&skills=welding", name="  ")

    assert saved.name == "welder · welding"


def test_saving_the_same_search_again_updates_it(client_user):
    first = save(client_user, "q=welder", name="Welders", frequency=Frequency.WEEKLY)
    again = save(client_user, "?q=welder&page=2", name="Welders, daily", frequency=Frequency.DAILY)

    assert again.pk == first.pk
    assert SavedSearch.objects.get().name == "Welders, daily"
    assert SavedSearch.objects.get().frequency == Frequency.DAILY


def test_visitors_are_asked_to_log_in_and_come_back_to_the_results(client):
    response = client.post(CREATE, {"frequency": "daily", "querystring": "q=welder"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "next=/freelancers/%3Fq%3Dwelder" in response["Location"]
    assert not SavedSearch.objects.exists()


def test_saving_needs_a_csrf_token(client_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(client_user, backend="django.contrib.auth.backends.ModelBackend")

    response = client.post(CREATE, {"frequency": "daily", "querystring": "q=welder"})

    assert response.status_code == 403
    assert not SavedSearch.objects.exists()


def test_members_with_an_unconfirmed_email_cannot_save_searches(make_member, logged_in):
    member = make_member(User.Role.CLIENT, verified=False)

    response = logged_in(member).post(CREATE, {"frequency": "daily", "querystring": "q=welder"}, follow=True)

    assert not SavedSearch.objects.exists()
    assert "Confirm your email address" in response.content.decode()


def test_a_member_keeps_at_most_the_limit_of_saved_searches(client_user, monkeypatch):
    monkeypatch.setattr(services.saved, "MAX_PER_MEMBER", 2)
    save(client_user, "q=welder")
    save(client_user, "q=carpenter")

    with pytest.raises(DomainError):
        save(client_user, "q=electrician")
    assert SavedSearch.objects.count() == 2


# The owner's list, changes and deletion


def test_the_list_and_the_dashboard_show_only_the_members_own_searches(client_user, make_member, logged_in):
    save(client_user, name="Mine")
    save(make_member(User.Role.CLIENT), name="Someone else's")
    client = logged_in(client_user)

    listing = client.get(LIST).content.decode()
    dashboard = client.get(reverse("accounts:dashboard")).content.decode()

    assert "Mine" in listing and "Someone else" not in listing
    assert "Mine" in dashboard and "Someone else" not in dashboard
    assert 'href="/freelancers/?q=welder"' in listing


def test_freelancers_see_their_saved_searches_on_their_dashboard(freelancer, logged_in):
    save(freelancer, name="Other welders")

    assert "Other welders" in logged_in(freelancer).get(reverse("accounts:dashboard")).content.decode()


def test_the_owner_changes_the_frequency_and_deletes(client_user, logged_in):
    saved = save(client_user)
    client = logged_in(client_user)

    client.post(reverse("search:saved_frequency", args=[saved.pk]), {"frequency": "weekly"})
    saved.refresh_from_db()
    assert saved.frequency == Frequency.WEEKLY

    response = client.post(reverse("search:saved_delete", args=[saved.pk]))
    assert response.status_code == 302
    assert not SavedSearch.objects.exists()


def test_another_member_cannot_change_or_delete_a_saved_search(client_user, make_member, logged_in):
    saved = save(client_user, frequency=Frequency.DAILY)
    intruder = logged_in(make_member(User.Role.CLIENT))

    assert intruder.post(reverse("search:saved_delete", args=[saved.pk])).status_code == 404
    assert intruder.post(reverse("search:saved_frequency", args=[saved.pk]), {"frequency": "off"}).status_code == 404
    saved.refresh_from_db()
    assert saved.frequency == Frequency.DAILY
    assert "Welders" not in intruder.get(LIST).content.decode()


def test_changes_are_post_only(client_user, logged_in):
    saved = save(client_user)

    assert logged_in(client_user).get(reverse("search:saved_delete", args=[saved.pk])).status_code == 405
    assert SavedSearch.objects.filter(pk=saved.pk).exists()


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


# Unsubscribing


def alert_for(owner, make_welder, capture):
    saved = save(owner)
    make_welder("Bertil Svensson")
    (email,) = run_daily(capture)
    return saved, email


def test_the_email_has_a_one_click_unsubscribe_link(client_user, make_welder, django_capture_on_commit_callbacks):
    saved, email = alert_for(client_user, make_welder, django_capture_on_commit_callbacks)
    token = services.unsubscribe_token(saved)
    url = "http://testserver" + reverse("search:unsubscribe", args=[token])

    assert email.extra_headers["List-Unsubscribe"] == f"<{url}>"
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in email.body


def test_unsubscribing_works_without_logging_in_and_asks_first(
    client_user, make_welder, django_capture_on_commit_callbacks
):
    saved, _email = alert_for(client_user, make_welder, django_capture_on_commit_callbacks)
    url = reverse("search:unsubscribe", args=[services.unsubscribe_token(saved)])
    visitor = Client(enforce_csrf_checks=True)

    page = visitor.get(url)
    saved.refresh_from_db()
    assert page.status_code == 200 and "Stop these emails?" in page.content.decode()
    assert saved.frequency == Frequency.DAILY  # a link scanner's GET changes nothing

    response = visitor.post(url)
    saved.refresh_from_db()
    assert response.status_code == 200 and "Emails stopped" in response.content.decode()
    assert saved.frequency == Frequency.OFF


def test_mail_programs_unsubscribe_with_a_one_click_post(client_user):
    saved = save(client_user)
    url = reverse("search:unsubscribe", args=[services.unsubscribe_token(saved)])

    response = Client(enforce_csrf_checks=True).post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )

    saved.refresh_from_db()
    assert response.status_code == 200 and saved.frequency == Frequency.OFF


def signed_days_ago(token: str, days: int) -> str:
    """The same token as if it had been signed `days` ago: Django's TimestampSigner signs
    "value:timestamp" (base 62 seconds) with the salt, as a plain Signer would."""
    value = token.split(":", 1)[0]
    then = signing.b62_encode(int(time.time()) - days * 86400)
    return signing.Signer(salt=services.UNSUBSCRIBE_SALT).sign(f"{value}:{then}")


def decoded_parts(token: str) -> list[str]:
    parts = []
    for part in re.split(r"[:.]", token):
        parts.append(part)
        try:
            raw = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
        except ValueError:
            continue
        for data in (raw, *([zlib.decompress(raw)] if raw[:1] == b"x" else [])):
            parts.append(data.decode("latin-1"))
    return parts


def test_the_token_says_nothing_about_the_member_or_the_search(client_user, make_member):
    saved, other = save(client_user), save(make_member(User.Role.CLIENT))
    token = services.unsubscribe_token(saved)

    readable = " ".join(decoded_parts(token))
    for secret in (str(client_user.pk), client_user.pk.hex, client_user.email):
        assert secret not in readable
    assert f"[{saved.pk}," not in readable and f"{saved.pk}" != token.split(":", 1)[0]
    # Unrelated from one search to the next: nothing counts up.
    assert token.split(":", 1)[0] != services.unsubscribe_token(other).split(":", 1)[0]


def test_a_link_works_for_a_year(client, client_user):
    saved = save(client_user)
    url = reverse("search:unsubscribe", args=[signed_days_ago(services.unsubscribe_token(saved), 364)])

    assert client.post(url).status_code == 200
    saved.refresh_from_db()
    assert saved.frequency == Frequency.OFF


def test_an_expired_link_says_so_and_how_to_stop_the_emails_instead(client, client_user):
    saved = save(client_user)
    url = reverse("search:unsubscribe", args=[signed_days_ago(services.unsubscribe_token(saved), 366)])

    for response in (client.get(url), client.post(url)):
        assert response.status_code == 410
        html = response.content.decode()
        assert "This link has expired" in html
        assert reverse("search:saved_list") in html
    saved.refresh_from_db()
    assert saved.frequency == Frequency.DAILY


def test_links_of_the_old_readable_kind_are_answered_as_expired(client, client_user):
    """Emails sent before the tokens became opaque named the search and its owner; those links
    no longer do anything, and say so."""
    saved = save(client_user)
    old = signing.dumps([saved.pk, str(saved.owner_id)], salt="marketplace.search.saved-search.unsubscribe")

    response = client.post(reverse("search:unsubscribe", args=[old]))

    assert response.status_code == 410
    saved.refresh_from_db()
    assert saved.frequency == Frequency.DAILY


@pytest.mark.parametrize("forge", [
    lambda saved, token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
    lambda saved, token: signing.TimestampSigner(salt="another.salt").sign(token.split(":", 1)[0]),
    lambda saved, token: signing.TimestampSigner(salt=services.UNSUBSCRIBE_SALT).sign("made-up-key"),
    lambda saved, token: token.split(":", 1)[0],
    lambda saved, token: "not-a-token",
])
def test_a_tampered_or_foreign_token_changes_nothing(client, client_user, forge):
    saved = save(client_user)
    url = reverse("search:unsubscribe", args=[forge(saved, services.unsubscribe_token(saved))])

    assert client.get(url).status_code == 400
    assert client.post(url).status_code == 400
    saved.refresh_from_db()
    assert saved.frequency == Frequency.DAILY


def test_a_token_for_one_search_unsubscribes_that_search_only(client, client_user, make_member):
    mine = save(client_user)
    other = save(make_member(User.Role.CLIENT))
    also_mine = save(client_user, "q=plumber", name="Plumbers")

    assert client.post(reverse("search:unsubscribe", args=[services.unsubscribe_token(mine)])).status_code == 200

    for saved in (mine, other, also_mine):
        saved.refresh_from_db()
    assert (mine.frequency, other.frequency, also_mine.frequency) == (Frequency.OFF, Frequency.DAILY, Frequency.DAILY)


# The results page's "Save this search" card


def render_save_form(user, params):
    request = RequestFactory().get("/freelancers/", {"q": "welder", "page": "2"})
    request.user = user or AnonymousUser()
    template = Template("{% load saved_searches %}{% save_search_form params %}{% save_search_form_element %}")
    return template.render(RequestContext(request, {"params": params}))


def test_the_save_card_posts_the_canonical_search_for_members(client_user):
    html = render_save_form(client_user, SearchParams(q="welder", page=2))

    assert f'<form id="save-search-form" method="post" action="{CREATE}">' in html
    # The card sits inside the search form; its fields belong to that form, not to the search.
    assert 'name="csrfmiddlewaretoken"' in html and html.count('form="save-search-form"') == 5
    assert re.search(r'name="querystring" value="q=welder"[^>]*form="save-search-form"|'
                     r'form="save-search-form"[^>]*name="querystring" value="q=welder"', html)


def test_the_save_card_asks_visitors_to_log_in_and_come_back(db):
    html = render_save_form(None, SearchParams(q="welder"))

    assert "csrfmiddlewaretoken" not in html
    assert f'{reverse("account_login")}?next=%2Ffreelancers%2F%3Fq%3Dwelder' in html
