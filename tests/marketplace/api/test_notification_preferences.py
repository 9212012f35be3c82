"""Notification email preferences through the API: each member reads and changes only their
own, through the settings page's service, and the page shows what the API changed."""

import pytest
from django.urls import reverse

from marketplace.notifications.models import EmailPreference, Kind
from marketplace.notifications.selectors import email_choices

from .helpers import api_as

pytestmark = pytest.mark.django_db

URL = "/api/v1/notifications/preferences/"


def test_a_member_reads_and_changes_their_email_choices(freelancer, client_user, logged_in):
    api = api_as(freelancer)
    listed = api.get(URL).json()
    assert [row["kind"] for row in listed] == list(Kind.values)
    assert [(row["kind"], row["email"]) for row in listed] == [
        (kind, email) for kind, _label, email in email_choices(user=freelancer)
    ]
    kind = Kind.values[0]
    before = {row["kind"]: row["email"] for row in listed}
    changed = api.patch(URL, {"email": {kind: not before[kind]}}, format="json")
    assert changed.status_code == 200, changed.content
    after = {row["kind"]: row["email"] for row in changed.json()}
    assert after == before | {kind: not before[kind]}
    assert EmailPreference.objects.get(user=freelancer, kind=kind).email is (not before[kind])
    # The other member's choices are untouched, and the settings page shows the new one.
    assert not EmailPreference.objects.filter(user=client_user).exists()
    assert api_as(client_user).get(URL).json() == listed
    page = logged_in(freelancer).get(reverse("notifications:settings"))
    assert (kind, not before[kind]) in [(k, email) for k, _label, email in page.context["choices"]]


def test_unknown_kinds_are_refused_next_to_the_field_and_visitors_are_not_let_in(freelancer):
    refused = api_as(freelancer).patch(URL, {"email": {"no-such-kind": True}}, format="json")
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "email"
    assert not EmailPreference.objects.exists()
    assert api_as(None).get(URL).status_code == 401
    assert api_as(None).patch(URL, {"email": {}}, format="json").status_code == 401
