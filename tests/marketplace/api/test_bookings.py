"""A member's bookings and time through the API: the parties see them, a third member gets a
404 as on the site, a visitor a 401; the freelancer logs and submits time, the client approves
or rejects it, and each refuses the other's move with the service's own words."""

import datetime

import pytest

from marketplace.bookings import services
from marketplace.bookings.models import TimeLog

from .helpers import api_as

pytestmark = pytest.mark.django_db


@pytest.fixture
def booking(in_progress):
    return in_progress


def log_on(booking, **fields):
    values = {"date": booking.start_date, "minutes": 90, "description": "Welded the railing"} | fields
    return services.timelog_create(actor=booking.freelancer, booking=booking, **values)


def test_each_party_sees_its_bookings_and_a_stranger_none(booking, stranger):
    for member, role in ((booking.client, "client"), (booking.freelancer, "freelancer")):
        body = api_as(member).get("/api/v1/bookings/").json()
        assert [row["id"] for row in body["results"]] == [booking.pk]
        assert body["results"][0]["role"] == role
        assert body["results"][0]["estimate"] == booking.estimate
    assert api_as(stranger).get("/api/v1/bookings/").json()["results"] == []
    assert api_as(booking.client).get("/api/v1/bookings/", {"group": "closed"}).json()["results"] == []
    assert api_as(booking.client).get("/api/v1/bookings/", {"role": "freelancer"}).json()["results"] == []


def test_a_booking_is_a_404_for_a_third_member_and_a_401_for_a_visitor(booking, stranger):
    url = f"/api/v1/bookings/{booking.pk}/"
    assert api_as(booking.client).get(url).json()["title"] == booking.title
    assert api_as(booking.freelancer).get(url).status_code == 200
    assert api_as(stranger).get(url).status_code == 404
    assert api_as(None).get(url).status_code == 401


def test_the_freelancer_logs_time_as_a_draft(booking):
    response = api_as(booking.freelancer).post(
        f"/api/v1/bookings/{booking.pk}/time-logs/",
        {"date": booking.start_date.isoformat(), "start_time": "08:00", "end_time": "10:30", "description": "Prep"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["minutes"] == 150 and response.json()["status"] == "draft"
    assert TimeLog.objects.get().minutes == 150


def test_the_services_rule_comes_back_next_to_its_field(booking):
    future = booking.end_date + datetime.timedelta(days=400)
    response = api_as(booking.freelancer).post(
        f"/api/v1/bookings/{booking.pk}/time-logs/",
        {"date": future.isoformat(), "minutes": 60, "description": "Later"},
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [error["field"] for error in errors] == ["date"]
    assert not TimeLog.objects.exists()


def test_input_that_does_not_parse_is_a_problem_with_field_errors(booking):
    response = api_as(booking.freelancer).post(
        f"/api/v1/bookings/{booking.pk}/time-logs/", {"date": "yesterday", "minutes": 0}, format="json"
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert {error["field"] for error in response.json()["errors"]} == {"date", "minutes", "description"}


def test_the_client_cannot_log_time_and_a_stranger_cannot_find_the_booking(booking, stranger):
    payload = {"date": booking.start_date.isoformat(), "minutes": 60, "description": "Not mine"}
    url = f"/api/v1/bookings/{booking.pk}/time-logs/"
    refused = api_as(booking.client).post(url, payload, format="json")
    assert refused.status_code == 403
    assert refused.json()["code"] == "forbidden"
    assert api_as(stranger).post(url, payload, format="json").status_code == 404
    assert api_as(stranger).get(url).status_code == 404
    assert not TimeLog.objects.exists()


def test_both_parties_read_the_time_by_cursor(booking):
    for day in range(3):
        log_on(booking, date=booking.start_date + datetime.timedelta(days=day), minutes=30 + day)
    client = api_as(booking.client)
    first = client.get(f"/api/v1/bookings/{booking.pk}/time-logs/", {"page_size": 2}).json()
    assert [row["minutes"] for row in first["results"]] == [32, 31]
    second = client.get(first["next"]).json()
    assert [row["minutes"] for row in second["results"]] == [30] and second["next"] is None
    assert len(api_as(booking.freelancer).get(f"/api/v1/bookings/{booking.pk}/time-logs/").json()["results"]) == 3


def test_submit_then_the_client_approves_one_and_rejects_another(booking):
    kept, refused = log_on(booking, minutes=60), log_on(booking, minutes=30)
    freelancer, client = api_as(booking.freelancer), api_as(booking.client)
    base = f"/api/v1/bookings/{booking.pk}/time-logs"
    assert freelancer.post(f"{base}/submit/", {}, format="json").json() == {"count": 2}
    assert freelancer.post(f"{base}/{kept.pk}/approve/").status_code == 403
    approved = client.post(f"{base}/{kept.pk}/approve/")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    rejected = client.post(f"{base}/{refused.pk}/reject/", {"reason": "Not agreed"}, format="json")
    assert rejected.json()["status"] == "rejected" and rejected.json()["rejection_reason"] == "Not agreed"
    again = client.post(f"{base}/{kept.pk}/approve/")
    assert again.status_code == 409


def test_a_stranger_cannot_approve_time(booking, stranger):
    log = log_on(booking)
    services.timelogs_submit(actor=booking.freelancer, booking=booking)
    response = api_as(stranger).post(f"/api/v1/bookings/{booking.pk}/time-logs/{log.pk}/approve/")
    assert response.status_code == 404
    log.refresh_from_db()
    assert log.status == TimeLog.Status.SUBMITTED


def test_submitting_logs_by_ids_past_bigint_is_refused_as_bad_input(booking):
    """Found by schemathesis: such an id reached SQLite's pk__in and raised (a 500)."""
    log_on(booking, minutes=60)
    response = api_as(booking.freelancer).post(f"/api/v1/bookings/{booking.pk}/time-logs/submit/",
                                               {"logs": [2**64]}, format="json")

    assert response.status_code == 400
    assert TimeLog.objects.get().status == TimeLog.Status.DRAFT


def test_the_freelancer_changes_and_deletes_a_draft_but_not_submitted_time(booking):
    draft, sent = log_on(booking, minutes=45), log_on(booking, minutes=20)
    services.timelogs_submit(actor=booking.freelancer, booking=booking, log_ids=[sent.pk])
    freelancer = api_as(booking.freelancer)
    base = f"/api/v1/bookings/{booking.pk}/time-logs"
    changed = freelancer.put(
        f"{base}/{draft.pk}/",
        {"date": booking.start_date.isoformat(), "minutes": 50, "description": "More"},
        format="json",
    )
    assert changed.status_code == 200 and changed.json()["minutes"] == 50
    locked = freelancer.put(
        f"{base}/{sent.pk}/",
        {"date": booking.start_date.isoformat(), "minutes": 50, "description": "More"},
        format="json",
    )
    assert locked.status_code == 409
    assert freelancer.delete(f"{base}/{sent.pk}/").status_code == 409
    assert api_as(booking.client).delete(f"{base}/{draft.pk}/").status_code == 403
    assert freelancer.delete(f"{base}/{draft.pk}/").status_code == 204
    assert list(TimeLog.objects.values_list("pk", flat=True)) == [sent.pk]


def test_the_client_approves_a_whole_week(booking, stranger):
    logs = [log_on(booking, date=booking.start_date + datetime.timedelta(days=day), minutes=60) for day in range(2)]
    services.timelogs_submit(actor=booking.freelancer, booking=booking)
    week = booking.start_date.strftime("%G-W%V")
    url = f"/api/v1/bookings/{booking.pk}/time-logs/approve-week/"
    assert api_as(booking.freelancer).post(url, {"week": week}, format="json").status_code == 403
    assert api_as(stranger).post(url, {"week": week}, format="json").status_code == 404
    assert api_as(booking.client).post(url, {"week": "last week"}, format="json").status_code == 400
    approved = api_as(booking.client).post(url, {"week": week}, format="json")
    assert approved.status_code == 200
    same_week = [log for log in logs if log.date.strftime("%G-W%V") == week]
    assert approved.json() == {"count": len(same_week)}
    assert TimeLog.objects.filter(status=TimeLog.Status.APPROVED).count() == len(same_week)
