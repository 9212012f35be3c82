"""Schemathesis against the generated schema: for every public read (the directory's search, a
profile, its credentials and reviews, a credential by code, the taxonomy) it generates requests
from the schema's parameters, valid and not, sends them to the application in this process
(WSGI, so the test's database is the one it reads) and checks that nothing answers 5xx and
that every answer matches what the schema says of it. Then every other read (GET) the same
way with a party's bearer token, a booking in progress to read. The budget is a few examples
per operation, so the run stays well under a minute."""

import json

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import override_settings
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from marketplace.accounts.models import UserSkill
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
