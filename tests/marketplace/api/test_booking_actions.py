"""The moves of a booking through the API, each made by the services with their own rules: the
freelancer accepts or declines, the client cancels; the other party, a third member and a wrong
state are refused; a repeated POST with the same Idempotency-Key is answered once."""

import datetime

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from marketplace.bookings.models import Booking, BookingApproval

from .helpers import api_as

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(make_booking):
    return make_booking(Booking.Status.PENDING)


def act(member, booking, action, **body):
    return api_as(member).post(f"/api/v1/bookings/{booking.pk}/{action}/", body, format="json")


def test_the_freelancer_accepts_and_the_booking_answers_as_it_is_now(pending):
    response = act(pending.freelancer, pending, "accept", reason="Happy to")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "accepted"
    pending.refresh_from_db()
    assert pending.status == Booking.Status.ACCEPTED


def test_the_client_cannot_accept_its_own_request(pending):
    response = act(pending.client, pending, "accept")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    pending.refresh_from_db()
    assert pending.status == Booking.Status.PENDING


def test_a_third_member_cannot_find_the_booking_to_cancel_it(pending, stranger):
    assert act(stranger, pending, "cancel", reason="Mine now").status_code == 404
    pending.refresh_from_db()
    assert pending.status == Booking.Status.PENDING


def test_a_move_the_state_does_not_allow_is_a_conflict(pending):
    assert act(pending.client, pending, "confirm").status_code == 409
    assert act(pending.freelancer, pending, "decline", reason="Busy").status_code == 200
    again = act(pending.freelancer, pending, "accept")
    assert again.status_code == 409
    assert again.json()["status"] == 409


def test_an_unknown_move_is_not_found(pending):
    assert act(pending.client, pending, "explode").status_code == 404


def test_the_same_idempotency_key_is_answered_once(pending):
    client = api_as(pending.client)
    url = f"/api/v1/bookings/{pending.pk}/cancel/"
    first = client.post(url, {"reason": "Plans changed"}, format="json", HTTP_IDEMPOTENCY_KEY="cancel-1")
    replay = client.post(url, {"reason": "Plans changed"}, format="json", HTTP_IDEMPOTENCY_KEY="cancel-1")
    assert first.status_code == replay.status_code == 200
    assert replay["Idempotent-Replayed"] == "true"
    assert replay.json() == first.json()
    assert BookingApproval.objects.filter(booking=pending, action="cancelled").count() == 1
    other = client.post(url, {"reason": "Something else"}, format="json", HTTP_IDEMPOTENCY_KEY="cancel-1")
    assert other.status_code == 422
    without_key = client.post(url, {"reason": "Plans changed"}, format="json")
    assert without_key.status_code == 409


def test_another_members_key_is_their_own(pending, stranger):
    url = f"/api/v1/bookings/{pending.pk}/cancel/"
    api_as(pending.client).post(url, {}, format="json", HTTP_IDEMPOTENCY_KEY="shared")
    assert api_as(stranger).post(url, {}, format="json", HTTP_IDEMPOTENCY_KEY="shared").status_code == 404


@override_settings(VALUND_RATE_LIMITS={"api": "2/m/user", "search": "60/m/ip"})
def test_too_many_requests_are_answered_429_with_retry_after(pending):
    client = api_as(pending.client)
    assert [client.get("/api/v1/bookings/").status_code for _ in range(2)] == [200, 200]
    refused = client.get("/api/v1/bookings/")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused.json()["status"] == 429


def test_the_list_costs_the_same_queries_for_one_booking_or_many(make_booking, client_user):
    make_booking()
    client = api_as(client_user)
    with CaptureQueriesContext(connection) as one:
        client.get("/api/v1/bookings/")
    for _ in range(4):
        make_booking()
    with CaptureQueriesContext(connection) as five:
        body = client.get("/api/v1/bookings/").json()
    assert len(body["results"]) == 5
    assert len(five) == len(one)


def _request_body(who, today, **changes):
    return {
        "freelancer": who.profile.slug,
        "title": "Weld the gate",
        "description": "A steel gate, two hinges.",
        "start_date": (today + datetime.timedelta(days=2)).isoformat(),
        "end_date": (today + datetime.timedelta(days=3)).isoformat(),
        "expected_hours": "8",
    } | changes


def test_a_client_requests_a_booking_at_the_freelancers_rate(client_user, freelancer, today):
    response = api_as(client_user).post("/api/v1/bookings/", _request_body(freelancer, today), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "pending" and body["role"] == "client"
    assert body["hourly_rate"] == freelancer.profile.hourly_rate and body["currency"] == "SEK"
    assert body["estimate"] == 8 * freelancer.profile.hourly_rate
    assert Booking.objects.get().freelancer == freelancer


def test_a_request_the_service_refuses_names_the_field(client_user, freelancer, today):
    past = (today - datetime.timedelta(days=1)).isoformat()
    response = api_as(client_user).post(
        "/api/v1/bookings/", _request_body(freelancer, today, start_date=past), format="json"
    )
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["start_date"]
    assert not Booking.objects.exists()


def test_a_freelancer_cannot_book_and_nobody_books_a_hidden_profile(make_member, freelancer, client_user, today):
    other = make_member()
    refused = api_as(other).post("/api/v1/bookings/", _request_body(freelancer, today), format="json")
    assert refused.status_code == 403
    assert refused.json()["code"] == "role"
    unknown = api_as(client_user).post(
        "/api/v1/bookings/", _request_body(freelancer, today, freelancer="nobody"), format="json"
    )
    assert unknown.status_code == 400
    assert unknown.json()["errors"][0]["field"] == "freelancer"
    assert not Booking.objects.exists()
