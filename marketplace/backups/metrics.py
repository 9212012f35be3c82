"""The backups' gauges for /metrics (see marketplace.core.metrics): the last good recorded
backup's moment, size and duration, and whether the latest run failed. deploy/valund-alerts.yml
alerts when the last good one is more than a day old (0 before the first one: alerts too)."""

from marketplace.core.metrics import gauge

from .models import BackupRun


def _last_good():
    return BackupRun.objects.filter(status=BackupRun.Status.OK).order_by("-finished_at").first()


@gauge("valund_backup_last_success_timestamp_seconds", "When the last good backup finished (Unix time; 0: none yet).")
def last_success_timestamp():
    run = _last_good()
    return run.finished_at.timestamp() if run else 0


@gauge("valund_backup_last_size_bytes", "The size of the last good backup: its dump, files and manifest.")
def last_size():
    run = _last_good()
    return run.size_bytes if run else 0


@gauge("valund_backup_last_duration_seconds", "How long the last good backup took.")
def last_duration():
    run = _last_good()
    return run.duration_seconds if run else 0


@gauge("valund_backup_last_run_failed", "1 when the latest recorded backup run failed.")
def last_run_failed():
    run = BackupRun.objects.order_by("-started_at").first()
    return int(run is not None and run.status == BackupRun.Status.FAILED)
