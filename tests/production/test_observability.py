"""/metrics (who may read it, django-prometheus's figures, the business gauges and their
registry), request ids on responses, log lines and Huey tasks, and the JSON log format."""

import datetime
import io
import json
import logging
import re
import threading

import pytest
from django.utils import timezone
from huey import MemoryHuey
from huey.contrib.djhuey import HUEY

from marketplace.core import huey_context
from marketplace.core.logging import JsonFormatter, RequestIdFilter, request_id
from marketplace.core.metrics import _gauges, gauge
from marketplace.passport.models import CompetenceDocument
from tests.production.metrics import TOKEN, sample, scrape

pytestmark = pytest.mark.django_db


@pytest.fixture
def metrics_settings(settings):
    settings.METRICS_TOKEN = TOKEN
    settings.METRICS_ALLOWED_IPS = ["10.20.0.0/16", "192.0.2.1"]
    return settings


# Who may read /metrics


def test_metrics_are_not_there_for_a_visitor(client, metrics_settings):
    response = client.get("/metrics", REMOTE_ADDR="203.0.113.7")

    assert response.status_code == 404
    assert b"django_http" not in response.content


def test_metrics_refuse_a_wrong_token(client, metrics_settings):
    response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer not-the-token", REMOTE_ADDR="10.20.1.1")

    assert response.status_code == 403
    assert b"django_http" not in response.content


def test_metrics_refuse_any_token_when_none_is_configured(client, settings):
    settings.METRICS_TOKEN = ""

    response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer ")

    assert response.status_code == 403


def test_metrics_with_the_token(client, metrics_settings):
    client.get("/robots.txt")

    response = scrape(client, REMOTE_ADDR="203.0.113.7", HTTP_HOST="10.0.0.11:8000")  # by address, as Prometheus

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert sample(text, "django_http_requests_total_by_method_total", '{method="GET"}') >= 1
    assert "django_http_requests_latency_seconds_by_view_method_bucket" in text


@pytest.mark.parametrize("address", ["10.20.3.4", "192.0.2.1"])
def test_metrics_from_an_allowed_address(client, metrics_settings, address):
    assert client.get("/metrics", REMOTE_ADDR=address).status_code == 200


def test_metrics_behind_a_proxy_judge_the_visitor_not_the_proxy(client, metrics_settings):
    metrics_settings.VALUND_TRUSTED_PROXIES = 1

    response = client.get("/metrics", REMOTE_ADDR="10.20.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")

    assert response.status_code == 404


# Business gauges


def test_passport_queue_gauges(client, metrics_settings, make_document):
    make_document(status=CompetenceDocument.Status.APPROVED)
    make_document(submitted_at=timezone.now() - datetime.timedelta(hours=5))
    make_document(status=CompetenceDocument.Status.UNDER_REVIEW,
                  submitted_at=timezone.now() - datetime.timedelta(hours=1))

    text = scrape(client).content.decode()

    assert sample(text, "valund_passport_documents_waiting") == 2
    assert 5 * 3600 <= sample(text, "valund_passport_oldest_wait_seconds") < 5 * 3600 + 120


def test_empty_passport_queue_waits_zero_seconds(client, metrics_settings):
    text = scrape(client).content.decode()

    assert sample(text, "valund_passport_documents_waiting") == 0
    assert sample(text, "valund_passport_oldest_wait_seconds") == 0


def test_huey_queue_length_is_reported(client, metrics_settings):
    text = scrape(client).content.decode()

    assert sample(text, "valund_huey_pending_tasks") == HUEY.pending_count()


@HUEY.task()
def failing_task():
    raise RuntimeError("this task always fails")


@HUEY.task()
def report_request_id():
    return request_id.get()


def test_huey_task_failures_are_counted_by_task(client, metrics_settings):
    name = f"{__name__}.failing_task"
    before = sample(scrape(client).content.decode(), "valund_huey_task_failures_total", f'{{task="{name}"}}')

    failing_task()
    failing_task()

    after = sample(scrape(client).content.decode(), "valund_huey_task_failures_total", f'{{task="{name}"}}')
    assert after - before == 2


@pytest.fixture
def extra_gauges():
    names = []

    def register(name, *args, **kwargs):
        names.append(name)
        return gauge(name, *args, **kwargs)

    yield register
    for name in names:
        _gauges.pop(name, None)


def test_apps_register_their_own_gauges_with_labels(client, metrics_settings, extra_gauges):
    @extra_gauges("valund_test_bookings", "Bookings by state.", labels=["state"])
    def bookings_by_state():
        return {("requested",): 3, ("confirmed",): 1}

    text = scrape(client).content.decode()

    assert sample(text, "valund_test_bookings", '{state="requested"}') == 3
    assert sample(text, "valund_test_bookings", '{state="confirmed"}') == 1


def test_a_failing_gauge_is_reported_and_the_others_still_are(client, metrics_settings, extra_gauges):
    @extra_gauges("valund_test_broken", "Always fails.")
    def broken():
        raise RuntimeError("the query failed")

    text = scrape(client).content.decode()

    assert sample(text, "valund_metrics_collector_errors", '{gauge="valund_test_broken"}') == 1
    assert "valund_test_broken " not in text
    assert sample(text, "valund_passport_documents_waiting") == 0


def test_a_gauge_name_cannot_be_taken_twice(extra_gauges):
    extra_gauges("valund_test_once", "First.")(lambda: 1)

    with pytest.raises(ValueError, match="registered twice"):
        extra_gauges("valund_test_once", "Second.")(lambda: 2)


# Request ids


def test_every_response_carries_a_request_id(client):
    first = client.get("/robots.txt")["X-Request-ID"]
    second = client.get("/robots.txt")["X-Request-ID"]

    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert first != second


def test_a_proxys_request_id_is_kept_and_a_bad_one_replaced(client):
    kept = client.get("/robots.txt", HTTP_X_REQUEST_ID="nginx-7f3a9c2e41d0")["X-Request-ID"]
    replaced = client.get("/robots.txt", HTTP_X_REQUEST_ID="bad id\nwith: newline")["X-Request-ID"]

    assert kept == "nginx-7f3a9c2e41d0"
    assert re.fullmatch(r"[0-9a-f]{32}", replaced)


@pytest.fixture
def captured_log():
    """The project's handler set-up (filter and JSON formatter) on the root logger."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)
    root.setLevel(old_level)


def test_log_lines_of_a_request_carry_its_id_even_after_the_view(client, captured_log, settings):
    settings.VALUND_RATE_LIMITS = {**settings.VALUND_RATE_LIMITS, "verification": "1/m/ip"}

    first = client.get("/en/verify/no-such-code/", HTTP_X_REQUEST_ID="req-0123456789ab")
    # A response (not an exception) with an error status is logged after the middleware chain.
    second = client.get("/en/verify/no-such-code/", HTTP_X_REQUEST_ID="req-ba9876543210")

    assert (first.status_code, second.status_code) == (404, 429)
    lines = {line["message"]: line["request_id"] for line in captured_log() if line["logger"] == "django.request"}
    assert lines == {"Not Found: /en/verify/no-such-code/": "req-0123456789ab",
                     "Too Many Requests: /en/verify/no-such-code/": "req-ba9876543210"}
    assert request_id.get() is None  # cleared when the request finished


def test_json_log_lines_keep_extra_fields_and_exceptions(captured_log):
    token = request_id.set("abcdef0123456789")
    try:
        try:
            raise ValueError("boom")
        except ValueError:
            logging.getLogger("valund.test").exception("It failed", extra={"booking_id": 42})
    finally:
        request_id.reset(token)

    [line] = [line for line in captured_log() if line["logger"] == "valund.test"]
    assert line["message"] == "It failed"
    assert line["level"] == "ERROR"
    assert line["request_id"] == "abcdef0123456789"
    assert line["booking_id"] == 42
    assert "ValueError: boom" in line["exception"]
    assert datetime.datetime.fromisoformat(line["time"]).tzinfo is not None


# Request ids in Huey tasks


def test_a_task_enqueued_during_a_request_runs_with_its_id():
    token = request_id.set("req-feedfacecafe")
    try:
        result = report_request_id()
    finally:
        request_id.reset(token)

    assert result.id.startswith("req-feedfacecafe.")
    assert result.get() == "req-feedfacecafe"
    assert request_id.get() is None


def test_a_task_enqueued_outside_a_request_runs_with_its_own_id():
    result = report_request_id()

    assert result.get() == result.id


def test_the_request_id_survives_the_queue_into_the_worker():
    """Through serialisation and another thread, as with a real worker."""
    huey = MemoryHuey("valund-request-id-test", immediate=False)
    huey.signal()(huey_context.on_signal)
    seen = []

    @huey.task()
    def remember():
        seen.append(request_id.get())

    token = request_id.set("req-0badc0ffee00")
    try:
        enqueued = remember()
    finally:
        request_id.reset(token)
    worker = threading.Thread(target=lambda: huey.execute(huey.dequeue()))
    worker.start()
    worker.join(10)

    assert enqueued.id.startswith("req-0badc0ffee00.")
    assert seen == ["req-0badc0ffee00"]
