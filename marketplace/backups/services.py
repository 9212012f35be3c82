"""Backing up the site and restoring it: the database, public media and private files, and a
manifest that a restore is checked against (docs/operations.md, "Backups and restore").

A backup is a folder (or an S3 prefix) named for its moment, holding `database.dump` (PostgreSQL)
or `database.sqlite3`, `media/…`, `private/…` and `manifest.json`, written last, so a backup
without a manifest is an unfinished one."""

import datetime
import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connections, transaction
from django.utils import timezone

from . import database, files, manifest
from .database import RestoreError

MANIFEST = "manifest.json"
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
