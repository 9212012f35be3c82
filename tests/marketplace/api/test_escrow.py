"""A booking's escrow through the API: the figures its page shows, to its parties only."""

import pytest

from marketplace.payments import selectors

from .helpers import api_as

pytestmark = pytest.mark.django_db


def test_the_parties_see_the_money_held_and_a_stranger_nothing(in_progress, stranger):
    url = f"/api/v1/bookings/{in_progress.pk}/escrow/"
    expected = selectors.escrow_summary(booking=in_progress).figures
    for party in (in_progress.client, in_progress.freelancer):
        body = api_as(party).get(url).json()
        assert body["figures"]["held"] == expected.held > 0
        assert body["figures"]["currency"] == "SEK" and body["figures"]["due"] == expected.due
        assert body["released"] is False and body["can_release"] is False
    assert api_as(stranger).get(url).status_code == 404
    assert api_as(None).get(url).status_code == 401
