"""Huey tasks carry the id of the request that enqueued them, and their failures are counted.

The request id travels in the task's id, which Huey stores with the task and keeps across
retries: when a task is enqueued during a request (or during another task), its id becomes
"<request id>.<uuid>". When the worker starts the task, the request id is put back in the
logging context variable, so the worker's log lines for it carry the same id as the web
request's. A task enqueued outside any request (periodic tasks) uses its own id. Huey's
signals do the work, so task functions and their callers change nothing.

Failures: the worker counts each task that raises in the shared cache (Redis in production),
per task, and /metrics reports the totals (valund_huey_task_failures_total)."""

from django.core.cache import cache
from huey import signals

from .logging import request_id

SEPARATOR = "."
FAILURES_KEY = "valund:huey:failures:{}"
_FINISHED = {
    signals.SIGNAL_COMPLETE, signals.SIGNAL_ERROR, signals.SIGNAL_CANCELED, signals.SIGNAL_TIMEOUT,
    signals.SIGNAL_LOCKED, signals.SIGNAL_RATE_LIMITED, signals.SIGNAL_INTERRUPTED,
}


def request_id_of(task) -> str:
    head, separator, _ = str(task.id).rpartition(SEPARATOR)
    return head if separator else str(task.id)


def _tag(task, rid: str) -> None:
    """Prefix the task's id, and those of the tasks it leads to, with the request id, once."""
    if task is None:
        return
    if SEPARATOR not in str(task.id):
        task.id = f"{rid}{SEPARATOR}{task.id}"
        # Huey derives the revocation key from the id when the task is made.
        task.revoke_id = f"r:{task.id}"
    _tag(task.on_complete, rid)
    _tag(task.on_error, rid)


def on_signal(signal, task, *args, **kwargs):
    if signal == signals.SIGNAL_ENQUEUED:
        rid = request_id.get()
        if rid:
            _tag(task, rid)
    elif signal == signals.SIGNAL_EXECUTING:
        task._valund_request_id_token = request_id.set(request_id_of(task))
    elif signal in _FINISHED:
        if signal == signals.SIGNAL_ERROR:
            _count_failure(f"{type(task).__module__}.{type(task).__name__}")
        token = getattr(task, "_valund_request_id_token", None)
        if token is not None:
            del task._valund_request_id_token
            request_id.reset(token)


def _count_failure(name: str) -> None:
    key = FAILURES_KEY.format(name)
    # add() then incr(): both atomic on Redis, so concurrent workers lose no count.
    cache.add(key, 0, timeout=None)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=None)


def task_failures() -> dict[str, int]:
    from django.utils.module_loading import autodiscover_modules
    from huey.contrib.djhuey import HUEY

    # The worker imports every app's tasks; a web process only those its views used so far.
    autodiscover_modules("tasks")
    names = sorted(HUEY._registry._registry)
    counts = cache.get_many([FAILURES_KEY.format(name) for name in names])
    return {name: counts.get(FAILURES_KEY.format(name), 0) for name in names}


def connect() -> None:
    from huey.contrib.djhuey import HUEY

    HUEY.signal()(on_signal)
