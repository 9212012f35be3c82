"""Unsubscribing from a saved search's alert emails without logging in: the one-click link
and header, and the opaque, year-long token that stops one search only."""

import base64
import re
import time
import zlib

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from marketplace.accounts.models import User
from marketplace.search import services

from .helpers import Frequency, run_daily, save

pytestmark = pytest.mark.django_db


# Unsubscribing


def alert_for(owner, make_welder, capture):
    saved = save(owner)
    make_welder("Bertil Svensson")
    (email,) = run_daily(capture)
    return saved, email


def test_the_email_has_a_one_click_unsubscribe_link(client_user, make_welder, django_capture_on_commit_callbacks):
    saved, email = alert_for(client_user, make_welder, django_capture_on_commit_callbacks)
    header = email.extra_headers["List-Unsubscribe"]
    # The token carries the moment it was signed, so it is read back rather than signed again.
    token = header.removeprefix("<http://testserver/search/").split("/")[-2]
    url = "http://testserver" + reverse("search:unsubscribe", args=[token])

    assert header == f"<{url}>"
    assert services.saved_search_from_token(token) == saved
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
