"""Schemathesis against the generated schema: for every public read (the directory's search, a
profile, its credentials and reviews, a credential by code, the taxonomy) it generates requests
from the schema's parameters, valid and not, sends them to the application in this process
(WSGI, so the test's database is the one it reads) and checks that nothing answers 5xx and
that every answer matches what the schema says of it. Then every other read (GET) the same
way with a party's bearer token, a booking in progress to read; every write (POST, PUT, PATCH,
DELETE) with the client's token and with the freelancer's, aimed at their booking and its time
log where the path names one, so the services' rules meet generated bodies; and once against a
live server (pytest-django's live_server: a real HTTP server in a thread, requests over the
network) for every operation with a party's token. Checked everywhere: no 5xx, and every answer
(in process and over the network) matches the schema's shape and content type. The budget is a
few examples per operation (a handful on the live server), so each run stays within a minute or
two."""

import datetime
import json

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import override_settings
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, given, settings
from rest_framework.test import APIClient
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from marketplace.accounts.models import UserSkill
from marketplace.bookings import services as booking_services
from marketplace.bookings.models import Booking
from marketplace.search import services as search_services
from valund.wsgi import application

from .helpers import sign_in

PUBLIC_READS = [
    "freelancers_search",
    "freelancers_retrieve",
    "freelancers_credentials",
    "freelancers_reviews",
    "credentials_verify",
    "taxonomy",
]


def _schema() -> dict:
    generated = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(generated))


schema = schemathesis.openapi.from_dict(_schema()).include(operation_id=PUBLIC_READS)
schema.app = application


@pytest.fixture
def same_connection():
    """The WSGI handler closes the database connection after each request (close_old_connections),
    which would end the test's transaction on PostgreSQL; Django's own test client keeps it the
    same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def directory(make_member, skills):
    """Two public freelancers with skills, indexed, so that searches find something."""
    for name, city in (("Astrid Berg", "Göteborg"), ("Bo Lind", "Malmö")):
        member = make_member(name=name, city=city, country="SE", hourly_rate=60000, currency="SEK")
        UserSkill.objects.create(profile=member.profile, skill=skills["welding"], level=3)
        search_services.index_profile(member.profile.pk)


@pytest.mark.django_db
@override_settings(
    VALUND_RATE_LIMITS={
        **django_settings.VALUND_RATE_LIMITS,
        "api": "100000/m/ip",
        "search": "100000/m/ip",
        "verification": "100000/m/ip",
    },
    API_THROTTLE_RATES={"token": "100000/min", "anon": "100000/min"},
)
@schema.parametrize()
@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
def test_public_reads_answer_as_the_schema_says(case, directory, same_connection):
    # identity: the WSGI client does not undo GZipMiddleware's compression as an HTTP client would.
    case.call_and_validate(
        headers={"Accept-Encoding": "identity"},
        checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
    )


members_schema = schemathesis.openapi.from_dict(_schema()).include(method="GET").exclude(operation_id=PUBLIC_READS)
members_schema.app = application


@pytest.fixture
def token(in_progress):
    """A party's access token, with a booking in progress (time, messages, escrow) to read."""
    return sign_in(in_progress.client)["access_token"]


@pytest.mark.django_db
@override_settings(API_THROTTLE_RATES={"token": "100000/min", "anon": "100000/min"})
@members_schema.parametrize()
@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
def test_members_reads_answer_as_the_schema_says(case, token, same_connection):
    case.call_and_validate(
        headers={"Accept-Encoding": "identity", "Authorization": f"Bearer {token}"},
        checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
    )


# Every limit of the site far out of reach: the generated requests are many, fast and alike.
NO_LIMITS = override_settings(
    VALUND_RATE_LIMITS={name: "100000/m/ip" for name in django_settings.VALUND_RATE_LIMITS},
    API_THROTTLE_RATES={"token": "100000/min", "anon": "100000/min"},
)
WRITES = ["POST", "PUT", "PATCH", "DELETE"]
writes_schema = schemathesis.openapi.from_dict(_schema()).include(method=WRITES)
writes_schema.app = application


def _aim(case, booking, log) -> None:
    """Paths that name a booking or its time log get the party's own, so the request reaches the
    services instead of a 404; every other parameter is as generated."""
    parameters = case.path_parameters or {}
    if case.path.startswith("/api/v1/bookings/{id}") and "id" in parameters:
        parameters["id"] = booking.pk
        if "log_pk" in parameters:
            parameters["log_pk"] = log.pk


@pytest.fixture(params=["client", "freelancer"])
def party(request, in_progress):
    """A party of a booking in progress with a draft time log: (booking, log, access token)."""
    booking = in_progress
    log = booking_services.timelog_create(
        actor=booking.freelancer, booking=booking, date=booking.start_date, minutes=60, description="Work"
    )
    user = booking.client if request.param == "client" else booking.freelancer
    return booking, log, sign_in(user)["access_token"]


@pytest.mark.django_db
@NO_LIMITS
@writes_schema.parametrize()
@settings(
    max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
def test_writes_never_fail_on_the_server(case, party, same_connection):
    booking, log, token = party
    _aim(case, booking, log)
    case.call_and_validate(
        headers={"Accept-Encoding": "identity", "Authorization": f"Bearer {token}"},
        checks=[not_a_server_error, response_schema_conformance],
    )


live_schema = schemathesis.openapi.from_dict(_schema())  # no app: sent over HTTP


@NO_LIMITS
def test_every_operation_against_a_live_server(live_server, migrated_data, make_booking, skills):
    """Once over the network, as CI's budget allows: three examples of every operation, reads and
    writes, from a real HTTP server with the client's token on their booking."""
    booking = make_booking(Booking.Status.IN_PROGRESS)
    Booking.objects.filter(pk=booking.pk).update(start_date=timezone.localdate() - datetime.timedelta(days=3))
    booking.refresh_from_db()
    log = booking_services.timelog_create(
        actor=booking.freelancer, booking=booking, date=booking.start_date, minutes=60, description="Work"
    )
    headers = {"Authorization": f"Bearer {sign_in(booking.client)['access_token']}"}
    failures = []
    for result in live_schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(max_examples=3, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def run(case):
            _aim(case, booking, log)
            case.call_and_validate(base_url=live_server.url, headers=headers,
                                   checks=[not_a_server_error, response_schema_conformance, content_type_conformance])

        try:
            run()
        except Exception as exc:  # noqa: BLE001 - every operation's failure is collected, then shown at once
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}")
    assert not failures, "\n\n".join(failures)


@pytest.mark.django_db
def test_a_path_that_names_no_endpoint_is_a_problem(in_progress):
    """What schemathesis's writes found: a document id of "null,null" matched no route and got the
    site's HTML error page; any unknown path under /api/ is now a JSON 404 problem."""
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {sign_in(in_progress.client)['access_token']}")
    for method in ("get", "post", "put", "delete"):
        answer = getattr(api, method)("/api/v1/me/documents/null,null/versions/")
        assert answer.status_code == 404 and answer["Content-Type"] == "application/problem+json", method
        assert answer.json()["status"] == 404
    assert APIClient().get("/api/v1/no-such-thing/").status_code == 404
    assert APIClient().get("/api/v1/me")["Location"] == "/api/v1/me/"  # APPEND_SLASH still works
