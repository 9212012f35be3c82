"""Backing up the site and restoring it: the database, public media and private files, and a
manifest that a restore is checked against (docs/operations.md, "Backups and restore").

A backup is a folder (or an S3 prefix) named for its moment, holding `database.dump` (PostgreSQL)
or `database.sqlite3`, `media/…`, `private/…` and `manifest.json`, written last, so a backup
without a manifest is an unfinished one."""

import datetime
import json
import logging
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, storages
from django.db import connections, transaction
from django.utils import timezone

from . import database, files, manifest
from .database import RestoreError
from .models import BackupRun

logger = logging.getLogger(__name__)

MANIFEST = "manifest.json"
# A backup's folder, as backup_create names it: sorting the names sorts the moments.
GENERATION = re.compile(r"^valund-\d{8}T\d{6}Z$")
# The site's storages a backup holds, by the folder they have in it.
STORAGES = {"media": "default", "private": "private"}


@dataclass
class Restored:
    address: str
    manifest: dict
    problems: list[str] = field(default_factory=list)
    created_database: bool = False


def backup_create(*, destination: str, alias: str = "default", now: datetime.datetime | None = None) -> str:
    """Back the site up into a new folder under `destination` (a path or s3://bucket/prefix) and
    return its address. The manifest's figures are read in the same snapshot as the dump."""
    now = now or timezone.now()
    name = f"valund-{now:%Y%m%dT%H%M%SZ}"
    address = files.join(destination, name)
    store = files.location(address)
    if store.exists(MANIFEST):
        raise FileExistsError(f"{address} already holds a backup.")
    connection = connections[alias]
    with tempfile.TemporaryDirectory(prefix="valund-backup-") as scratch:
        dump_name = database.DUMP_NAMES.get(connection.vendor, "database")
        local_dump = Path(scratch) / dump_name
        facts = _dump_and_read(alias, local_dump)
        dumped = files.copy(files.location(scratch), dump_name, store, dump_name)
    copied = {}
    for folder, storage_name in STORAGES.items():
        source = storages[storage_name]
        copied[folder] = {name: files.copy(source, name, store, f"{folder}/{name}") for name in files.walk(source)}
    record = {
        "format": manifest.FORMAT,
        "created_at": now.isoformat(),
        "versions": manifest.versions(),
        "database": {"vendor": connection.vendor, "file": dump_name, **dumped},
        **facts,
        "files": copied,
    }
    store.save(MANIFEST, ContentFile(json.dumps(record, indent=1, sort_keys=True).encode()))
    return address


def _dump_and_read(alias: str, target: Path) -> dict:
    """Dump the database to `target` and return the manifest's facts about exactly what the dump
    holds: on PostgreSQL read in the transaction whose snapshot pg_dump is given; on SQLite read
    from the copy itself (SQLite's online backup cannot run inside a transaction of the
    connection it copies, and the site may write meanwhile)."""
    connection = connections[alias]
    if connection.vendor != "postgresql":
        database.dump(alias, target)
        with database.opened_copy(alias, target) as copy_alias:
            return manifest.database_facts(copy_alias)
    with transaction.atomic(using=alias, durable=True):
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        facts = manifest.database_facts(alias)
        database.dump(alias, target, snapshot=snapshot)
    return facts


def read_manifest(address: str) -> dict:
    store = files.location(address)
    if not store.exists(MANIFEST):
        raise RestoreError(f"{address} has no {MANIFEST}: not a backup, or an unfinished one.")
    with store.open(MANIFEST, "rb") as file:
        record = json.loads(file.read())
    if record.get("format") != manifest.FORMAT:
        raise RestoreError(
            f"{address} is a backup of format {record.get('format')}; this code reads {manifest.FORMAT}."
        )
    return record


def _occupied(alias: str) -> list[str]:
    occupied = [] if database.is_empty(alias) else [f"the database {connections[alias].settings_dict['NAME']}"]
    occupied += [f"the {folder} storage" for folder, name in STORAGES.items() if files.walk(storages[name])]
    return occupied


def backup_restore(*, source: str, alias: str = "default", replace: bool = False) -> Restored:
    """Restore the backup at `source` into the database and storages the settings name (a new
    database and empty storages: anything already there is refused unless `replace`), then check
    the result against the manifest. The PostgreSQL database is created when it does not exist."""
    record = read_manifest(source)
    store = files.location(source)
    created = database.create_if_missing(alias)
    occupied = _occupied(alias)
    if occupied and not replace:
        raise RestoreError(
            f"Refusing to overwrite {' and '.join(occupied)}: restore into new ones, or replace "
            "what is there on purpose."
        )
    dump = record["database"]
    with tempfile.TemporaryDirectory(prefix="valund-restore-") as scratch:
        local = files.location(scratch)
        if files.copy(store, dump["file"], local, dump["file"])["sha256"] != dump["sha256"]:
            raise RestoreError(f"{dump['file']} does not match its checksum in the manifest.")
        database.load(alias, Path(scratch) / dump["file"], vendor=dump["vendor"], replace=replace)
    problems = []
    for folder, storage_name in STORAGES.items():
        target = storages[storage_name]
        for name, expected in record["files"][folder].items():
            if replace and target.exists(name):
                target.delete(name)
            if files.copy(store, f"{folder}/{name}", target, name)["sha256"] != expected["sha256"]:
                problems.append(f"{folder}/{name} in the backup does not match its checksum.")
    return Restored(
        address=source,
        manifest=record,
        created_database=created,
        problems=problems + backup_verify(record=record, alias=alias),
    )


def backup_verify(*, record: dict, alias: str = "default") -> list[str]:
    """What in the alias's database and the site's storages differs from the manifest: every
    table's rows, the migrations, the ledger's totals, the append-only triggers, every file's
    checksum. Empty when the restore is whole."""
    with transaction.atomic(using=alias):
        problems = manifest.differences(record, manifest.database_facts(alias))
    for folder, storage_name in STORAGES.items():
        target = storages[storage_name]
        for name, expected in record["files"][folder].items():
            if not target.exists(name):
                problems.append(f"{folder}/{name} is missing.")
            elif files.checksum(target, name) != expected["sha256"]:
                problems.append(f"{folder}/{name} differs from the backup.")
    return problems


def backup_recorded(*, destination: str, keep: int) -> BackupRun:
    """Back up as backup_create does, then remove the generations past the `keep` newest
    (backup_prune), and record the run (time, duration, size, outcome) for /metrics. A run that
    fails anywhere is recorded as failed, and its error raised again (the worker counts it)."""
    started_at = timezone.now()
    clock = time.monotonic()
    address = ""
    try:
        address = backup_create(destination=destination, now=started_at)
        duration = time.monotonic() - clock
        size = backup_size(address)
        pruned = backup_prune(destination=destination, keep=keep)
    except Exception as error:
        BackupRun.objects.create(
            started_at=started_at,
            finished_at=timezone.now(),
            duration_seconds=time.monotonic() - clock,
            destination=destination,
            address=address,
            status=BackupRun.Status.FAILED,
            error=f"{type(error).__name__}: {error}",
        )
        logger.exception("The backup into %s failed", destination)
        raise
    return BackupRun.objects.create(
        started_at=started_at,
        finished_at=started_at + datetime.timedelta(seconds=duration),
        duration_seconds=duration,
        destination=destination,
        address=address,
        size_bytes=size,
        status=BackupRun.Status.OK,
        pruned=pruned,
    )


def backup_size(address: str) -> int:
    """The bytes a finished backup holds: its dump, its files and its manifest."""
    record = read_manifest(address)
    copied = sum(item["size"] for names in record["files"].values() for item in names.values())
    return record["database"]["size"] + copied + files.location(address).size(MANIFEST)


def backup_generations(destination: str) -> list[str]:
    """The names of the backups under `destination`, oldest first, finished or not."""
    try:
        folders, _ = files.location(destination).listdir("")
    except FileNotFoundError:
        return []
    return sorted(name for name in folders if GENERATION.match(name))


def backup_prune(*, destination: str, keep: int) -> list[str]:
    """Remove every backup under `destination` older than the `keep` newest finished ones
    (unfinished ones too, when older: what failed runs left); returns their names. Nothing
    when `keep` is 0. A backup still being written is newer, so it stays."""
    store = files.location(destination)
    names = backup_generations(destination)
    finished = [name for name in names if store.exists(f"{name}/{MANIFEST}")]
    if keep <= 0 or not finished:
        return []
    oldest_kept = finished[-keep:][0]
    removed = [name for name in names if name < oldest_kept]
    for name in removed:
        if isinstance(store, FileSystemStorage):
            shutil.rmtree(store.path(name))
        else:
            for file_name in files.walk(store, name):
                store.delete(file_name)
    return removed
