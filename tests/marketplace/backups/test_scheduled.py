"""The daily backup: the Huey task backs up for real into a folder and records the run, /metrics
reports the last good one, a failing run is recorded as failed without moving the last success,
and the generations past BACKUP_KEEP are removed, exactly those."""

import datetime
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from marketplace.backups.models import BackupRun
from marketplace.backups.services import MANIFEST, backup_create, backup_generations, backup_recorded
from marketplace.backups.tasks import backup_daily
from tests.production.metrics import TOKEN, sample, scrape

# Committed for real: pg_dump sees only what is, and on PostgreSQL the dump's snapshot is taken
# in a transaction of its own.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def destination(tmp_path, settings):
    settings.BACKUP_DESTINATION = str(tmp_path / "backups")
    settings.BACKUP_KEEP = 3
    settings.METRICS_TOKEN = TOKEN
    return tmp_path / "backups"


def _bytes_on_disk(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def test_the_daily_task_backs_up_and_records_the_run(destination):
    run = BackupRun.objects.get(pk=backup_daily.call_local())

    folder = Path(run.address)
    assert folder.parent == destination and (folder / MANIFEST).exists()
    assert run.status == BackupRun.Status.OK and run.error == ""
    assert run.size_bytes == _bytes_on_disk(folder) > 0
    assert 0 < run.duration_seconds < 600
    assert run.finished_at == run.started_at + datetime.timedelta(seconds=run.duration_seconds)
    assert json.loads((folder / MANIFEST).read_text())["created_at"] == run.started_at.isoformat()


def test_the_daily_task_is_off_without_a_destination(settings):
    settings.BACKUP_DESTINATION = ""
    assert backup_daily.call_local() is None
    assert not BackupRun.objects.exists()


def test_the_daily_task_runs_at_backup_time():
    # BACKUP_TIME's default, 02:30 UTC (Huey reads crontabs in UTC).
    assert backup_daily.task_class().validate_datetime(datetime.datetime(2026, 12, 7, 2, 30))
    assert not backup_daily.task_class().validate_datetime(datetime.datetime(2026, 12, 7, 2, 31))
    assert not backup_daily.task_class().validate_datetime(datetime.datetime(2026, 12, 7, 3, 30))


def test_metrics_show_the_last_good_backup(client, destination):
    text = scrape(client).content.decode()
    assert sample(text, "valund_backup_last_success_timestamp_seconds") == 0

    run = backup_recorded(destination=str(destination), keep=3)

    text = scrape(client).content.decode()
    assert sample(text, "valund_backup_last_success_timestamp_seconds") == pytest.approx(run.finished_at.timestamp())
    assert sample(text, "valund_backup_last_size_bytes") == run.size_bytes == _bytes_on_disk(Path(run.address))
    assert sample(text, "valund_backup_last_duration_seconds") == pytest.approx(run.duration_seconds)
    assert sample(text, "valund_backup_last_run_failed") == 0


def test_a_failing_backup_is_recorded_and_leaves_the_last_success(client, destination, tmp_path):
    good = backup_recorded(destination=str(destination), keep=3)
    # Unwritable even for root: a folder inside a regular file.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file")
    unwritable = str(blocker / "backups")

    with pytest.raises(OSError):
        backup_recorded(destination=unwritable, keep=3)

    failed = BackupRun.objects.get(destination=unwritable)
    assert failed.status == BackupRun.Status.FAILED and failed.size_bytes is None
    assert "not-a-folder" in failed.error
    text = scrape(client).content.decode()
    assert sample(text, "valund_backup_last_success_timestamp_seconds") == pytest.approx(good.finished_at.timestamp())
    assert sample(text, "valund_backup_last_size_bytes") == good.size_bytes
    assert sample(text, "valund_backup_last_run_failed") == 1


def test_generations_past_keep_are_removed_exactly(destination):
    moment = timezone.now().replace(microsecond=0) - datetime.timedelta(days=10)
    older = [backup_create(destination=str(destination), now=moment + datetime.timedelta(days=day)) for day in range(4)]
    # What a run that failed long ago left (no manifest), and a backup being written right now.
    (destination / f"valund-{moment - datetime.timedelta(days=1):%Y%m%dT%H%M%SZ}" / "media").mkdir(parents=True)
    in_progress = f"valund-{timezone.now() + datetime.timedelta(hours=1):%Y%m%dT%H%M%SZ}"
    (destination / in_progress).mkdir()

    run = backup_recorded(destination=str(destination), keep=3)

    kept = [Path(older[2]).name, Path(older[3]).name, Path(run.address).name]
    assert backup_generations(str(destination)) == [*kept, in_progress]
    assert len(run.pruned) == 3 and Path(older[1]).name in run.pruned and Path(older[0]).name in run.pruned
    assert all((destination / name / MANIFEST).exists() for name in kept)


def test_keep_zero_removes_nothing_and_the_command_records(destination, capsys):
    backup_create(destination=str(destination), now=timezone.now() - datetime.timedelta(days=1))

    call_command("backup", "--keep", "0")

    run = BackupRun.objects.get()
    assert run.status == BackupRun.Status.OK and run.pruned == []
    assert capsys.readouterr().out.strip() == run.address
    assert len(backup_generations(str(destination))) == 2
