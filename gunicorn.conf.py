"""gunicorn's settings for the Procfile's `web` process (gunicorn reads ./gunicorn.conf.py by
itself; the command line in the Procfile still sets the port, workers and access log).

- Metrics from every worker: each worker is its own process, so /metrics would show whichever
  worker answered. prometheus_client's multiprocess mode has every worker write its figures to
  files in PROMETHEUS_MULTIPROC_DIR, and /metrics (marketplace.core.metrics) adds them up. The
  folder is made here, emptied at start, and a dead worker's files are retired.
- Access log lines in JSON with the request id (the X-Request-ID the response carries), so
  they join up with Django's log lines for the same request.
"""

import os
import shutil
import tempfile

if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = os.path.join(tempfile.gettempdir(), f"valund-prometheus-{os.getpid()}")

# Only fields that cannot hold a quote (no user agent, no query string), so each line stays JSON.
access_log_format = (
    '{"time": "%(t)s", "logger": "gunicorn.access", "request_id": "%({x-request-id}o)s", '
    '"method": "%(m)s", "path": "%(U)s", "status": "%(s)s", "bytes": "%(B)s", "duration_ms": "%(M)s"}'
)
# Leave time for a request in flight (an upload) when a deploy stops a worker.
graceful_timeout = 30
timeout = 60


def on_starting(server):
    folder = os.environ["PROMETHEUS_MULTIPROC_DIR"]
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder, exist_ok=True)


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
