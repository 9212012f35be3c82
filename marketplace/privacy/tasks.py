"""Background work for members' data: building an export, and the daily retention run (03:10
UTC, after the search summary at 00:30 so that yesterday is summarised before anything goes)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import services


@db_task(retries=2, retry_delay=60)
def build_export(request_id: int, origin: str | None = None) -> int:
    return services.export_build(request_id=request_id, origin=origin).pk


@db_periodic_task(crontab(hour="3", minute="10"))
def apply_retention() -> dict:
    return services.retention_run()
