"""Prometheus metrics at /metrics: django-prometheus's request, latency and database figures,
plus business gauges computed when Prometheus scrapes.

Business gauges are plain functions that apps register in their own `metrics.py` module, found
at start-up (CoreConfig.ready):

    from marketplace.core.metrics import gauge

    @gauge("valund_bookings", "Bookings by state.", labels=["state"])
    def bookings_by_state():
        return {(row["status"],): row["n"] for row in Booking.objects.values("status").annotate(n=Count("id"))}

A function returns a number, or for a gauge with labels a mapping of label-value tuples to
numbers; `counter(...)` registers a total that only grows (name it ..._total). It runs on every
scrape (every 15-60 s), so it must be one cheap, indexed query. A function that raises is
skipped for that scrape, logged, and reported as valund_metrics_collector_errors{gauge="..."};
the others are still reported.

Who may read /metrics: a request with `Authorization: Bearer <METRICS_TOKEN>`, or from an
address in METRICS_ALLOWED_IPS (addresses or networks). Anyone else gets a 404, as if nothing
were there; a wrong token gets a 403."""

import ipaddress
import logging
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import import_module

import prometheus_client
from django.apps import apps
from django.conf import settings
from django.http import HttpResponse, HttpResponseNotFound
from django.utils.crypto import constant_time_compare
from django.utils.module_loading import module_has_submodule
from prometheus_client import CollectorRegistry, multiprocess
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

from .http import client_ip
from .huey_context import task_failures

logger = logging.getLogger(__name__)

GaugeValue = float | int | dict[tuple[str, ...], float | int]


@dataclass(frozen=True)
class Gauge:
    name: str
    documentation: str
    function: Callable[[], GaugeValue]
    labels: tuple[str, ...] = field(default=())
    family: type = GaugeMetricFamily


_gauges: dict[str, Gauge] = {}


def gauge(name: str, documentation: str, *, labels: Iterable[str] = (), family: type = GaugeMetricFamily):
    """Register the decorated function as the business gauge `name`."""

    def register(function):
        if name in _gauges and _gauges[name].function is not function:
            raise ValueError(f"The gauge {name} is registered twice.")
        _gauges[name] = Gauge(name, documentation, function, tuple(labels), family)
        return function

    return register


def counter(name: str, documentation: str, *, labels: Iterable[str] = ()):
    """Like gauge(), for a total that only grows; `name` ends in _total."""
    return gauge(name.removesuffix("_total"), documentation, labels=labels, family=CounterMetricFamily)


def registered_gauges() -> list[Gauge]:
    return list(_gauges.values())


def autodiscover() -> None:
    """Import `metrics` from every marketplace app, where apps register their gauges."""
    for app_config in apps.get_app_configs():
        if app_config.name.startswith("marketplace.") and module_has_submodule(app_config.module, "metrics"):
            import_module(f"{app_config.name}.metrics")


class BusinessCollector:
    """A prometheus_client collector that calls every registered gauge function on collect()."""

    def collect(self):
        errors = GaugeMetricFamily(
            "valund_metrics_collector_errors", "1 when a business gauge failed on this scrape.", labels=["gauge"]
        )
        for spec in registered_gauges():
            try:
                value = spec.function()
            except Exception:
                logger.exception("Business gauge %s failed", spec.name)
                errors.add_metric([spec.name], 1)
                continue
            family = spec.family(spec.name, spec.documentation, labels=spec.labels or None)
            if spec.labels:
                for label_values, number in value.items():
                    family.add_metric([str(v) for v in label_values], number)
            else:
                family.add_metric([], value)
            yield family
        yield errors


def _base_registry():
    """django-prometheus's metrics: from every gunicorn worker when they share a folder
    (PROMETHEUS_MULTIPROC_DIR, see gunicorn.conf.py), else from this process."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return registry
    return prometheus_client.REGISTRY


@cache
def _allowed_networks(value: tuple[str, ...]):
    return [ipaddress.ip_network(item, strict=False) for item in value]


def _from_allowed_address(request) -> bool:
    networks = _allowed_networks(tuple(settings.METRICS_ALLOWED_IPS))
    address = client_ip(request)
    if not networks or not address:
        return False
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def metrics_view(request):
    authorization = request.headers.get("Authorization", "")
    if authorization.startswith("Bearer "):
        token = settings.METRICS_TOKEN
        if not token or not constant_time_compare(authorization.removeprefix("Bearer ").strip(), token):
            return HttpResponse("Forbidden", status=403, content_type="text/plain")
    elif not _from_allowed_address(request):
        # Answered here, ahead of the session and the site's templates: a bare 404.
        return HttpResponseNotFound("Not found", content_type="text/plain")
    business = CollectorRegistry()
    business.register(BusinessCollector())
    body = prometheus_client.generate_latest(_base_registry()) + prometheus_client.generate_latest(business)
    response = HttpResponse(body, content_type=prometheus_client.CONTENT_TYPE_LATEST)
    response["Cache-Control"] = "no-store"
    return response


# The project's own gauges. Huey's queue is read where it lives (Redis, or the SQL table);
# failures are counted by the worker into the shared cache (marketplace.core.huey_context).


@gauge("valund_huey_pending_tasks", "Tasks waiting in Huey's queue.")
def huey_pending_tasks():
    from huey.contrib.djhuey import HUEY

    return HUEY.pending_count()


@counter("valund_huey_task_failures_total", "Huey tasks that raised, by task, since the cache was last emptied.",
         labels=["task"])
def huey_task_failures():
    return {(name,): count for name, count in task_failures().items()}
