"""The daily backup: at BACKUP_TIME (UTC, as Huey reads crontabs) into BACKUP_DESTINATION,
keeping the BACKUP_KEEP newest; off while BACKUP_DESTINATION is empty (docs/backups.md)."""

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services

_hour, _minute = (str(int(part)) for part in settings.BACKUP_TIME.split(":"))


@db_periodic_task(crontab(hour=_hour, minute=_minute))
def backup_daily() -> int | None:
    """Back up, prune and record the run; returns its BackupRun's id (None while off)."""
    if not settings.BACKUP_DESTINATION:
        return None
    return services.backup_recorded(destination=settings.BACKUP_DESTINATION, keep=settings.BACKUP_KEEP).pk
