"""Is this process alive, and can it do its work?

/healthz answers as long as the process does (no database, no cache): a load balancer restarts
a process that stops answering it. /readyz checks every service a request may need (the
database, the cache, both storages and Huey's queue) and answers 503 when any fails, so a load
balancer stops sending traffic to a process that could not serve it. `manage.py healthcheck`
runs the same checks with explanations."""

import logging
import os
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.core.cache import cache
from django.core.files.storage import FileSystemStorage, storages
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    ms: float
    error: Exception | None = None

    def as_json(self) -> dict:
        data = {"ok": self.ok, "ms": round(self.ms, 1)}
        if self.error is not None:
            # The endpoint is public: the kind of failure, never its message (hosts, paths).
            data["error"] = type(self.error).__name__
        return data


def check_database() -> None:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache() -> None:
    key = f"valund:readyz:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=10)
    try:
        if cache.get(key) != "1":
            raise RuntimeError("the cache did not return what was just stored in it")
    finally:
        cache.delete(key)
    # Without Redis the pages still work from each process's own cache (marketplace.core.cache),
    # but rate limits are per process and copies go stale between processes: not ready.
    if getattr(cache, "is_down", False):
        raise ConnectionError("Redis is unreachable; this process is using its own cache")


def _check_one_storage(alias: str) -> None:
    storage = storages[alias]
    if isinstance(storage, FileSystemStorage):
        # The folder is made on the first save: its nearest existing parent must be writable.
        path = Path(storage.location)
        while not path.exists() and path != path.parent:
            path = path.parent
        if not os.access(path, os.W_OK):
            raise PermissionError(f"{alias} storage: {path} is not writable")
        return
    # S3 (django-storages): one HEAD request; needs s3:ListBucket on the bucket.
    storage.connection.meta.client.head_bucket(Bucket=storage.bucket_name)


def check_storage() -> None:
    _check_one_storage("default")
    _check_one_storage("private")


def check_queue() -> int:
    from huey.contrib.djhuey import HUEY

    return HUEY.pending_count()


CHECKS: dict[str, Callable] = {
    "database": check_database,
    "cache": check_cache,
    "storage": check_storage,
    "queue": check_queue,
}


def run_checks(checks: dict[str, Callable] | None = None) -> list[CheckResult]:
    results = []
    for name, check in (checks or CHECKS).items():
        start = time.perf_counter()
        try:
            check()
        except Exception as exc:  # noqa: BLE001 - any failure means not ready, and is reported
            ms = (time.perf_counter() - start) * 1000
            logger.warning("Readiness check %s failed: %s", name, exc, exc_info=exc)
            results.append(CheckResult(name, False, ms, exc))
        else:
            results.append(CheckResult(name, True, (time.perf_counter() - start) * 1000))
    return results


@never_cache
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request):
    results = run_checks()
    ready = all(result.ok for result in results)
    return JsonResponse(
        {"status": "ok" if ready else "fail", "checks": {result.name: result.as_json() for result in results}},
        status=200 if ready else 503,
    )
