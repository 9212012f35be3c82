from django.db import models


class BackupRun(models.Model):
    """One run of the recorded backup (the daily task, or `manage.py backup --keep N`): when, how
    long, how large, and whether it succeeded. /metrics reports the last good one
    (marketplace/backups/metrics.py)."""

    class Status(models.TextChoices):
        OK = "ok", "Succeeded"
        FAILED = "failed", "Failed"

    started_at = models.DateTimeField(db_index=True)
    finished_at = models.DateTimeField()
    duration_seconds = models.FloatField()
    destination = models.CharField(max_length=500)
    # The backup's folder (or s3:// prefix); blank when the run failed before it had one.
    address = models.CharField(max_length=600, blank=True)
    size_bytes = models.BigIntegerField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices)
    error = models.TextField(blank=True)
    # Older backups this run removed, past the generations kept.
    pruned = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["status", "-finished_at"], name="backups_run_status_finished")]

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.status}"
