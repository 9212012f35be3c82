"""The restore drill: a seeded site (bookings paid into escrow, passport documents with their files,
public media) is backed up with `manage.py backup`, restored by `manage.py restore_backup` in a
process of its own into a new database (PostgreSQL: a database this test creates and drops; SQLite:
a file) and empty storage folders, as an operator would, and then read back directly: every table's
rows, the ledger's totals, every file's checksum, the audit log's trigger, and a server started on
the restored site serving the restored data."""

import hashlib
import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.management import call_command
from django.db import connection

from marketplace.backups import files
from marketplace.bookings.models import Booking
from marketplace.passport.models import CompetenceDocument
from marketplace.payments.selectors import ledger_totals
from tests.marketplace.passport.fixtures import png_bytes

# Committed for real, as pg_dump and another process see only what is; each test starts from the
# migrations' rows (the reviewers' group...), whatever the transactional tests before it left.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("migrated_data")]

POSTGRES = connection.vendor == "postgresql"


@pytest.fixture
def seeded(make_booking, make_document, freelancer, settings):
    """Two bookings paid into escrow through the simulated gateway, an approved and an uploaded
    document, an avatar."""
    settings.STRIPE_SECRET_KEY = ""
    bookings = [make_booking(Booking.Status.IN_PROGRESS), make_booking(Booking.Status.IN_PROGRESS, title="Paint")]
    approved = make_document(freelancer, status=CompetenceDocument.Status.APPROVED)
    make_document(freelancer, kind="png", title="Forklift licence")
    default_storage.save("avatars/backup-drill.png", ContentFile(png_bytes()))
    return {"bookings": bookings, "document": approved}


def _checksums(storage) -> dict[str, str]:
    return {name: files.checksum(storage, name) for name in files.walk(storage)}


def _source_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


@pytest.fixture
def target(tmp_path):
    """A new database and empty storage folders, as the environment manage.py reads them."""
    source = connection.settings_dict
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("AWS_", "REDIS", "DJANGO_", "DATABASE_", "PYTEST", "STRIPE_"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="valund.settings.base",
        MEDIA_ROOT=str(tmp_path / "media"),
        PRIVATE_MEDIA_ROOT=str(tmp_path / "private"),
        VALUND_VAR_DIR=str(tmp_path / "var"),
        PAGE_CACHE="0",
        DEBUG="0",
    )
    if POSTGRES:
        name = f"{source['NAME']}_restored"
        credentials = quote(source["USER"] or "") + (f":{quote(source['PASSWORD'])}" if source["PASSWORD"] else "")
        environment["DATABASE_URL"] = (
            f"postgres://{credentials}@{source['HOST'] or '127.0.0.1'}:{source['PORT'] or 5432}/{name}"
        )
    else:
        name = str(tmp_path / "restored.sqlite3")
        environment["DATABASE_URL"] = f"sqlite:///{name}"
    yield {"environment": environment, "name": name, "media": tmp_path / "media", "private": tmp_path / "private"}
    if POSTGRES:
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(target, *args, **options):
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=target["environment"],
        capture_output=True,
        text=True,
        timeout=300,
        **options,
    )


def restored_connection(target):
    if POSTGRES:
        import psycopg

        source = connection.settings_dict
        return psycopg.connect(
            dbname=target["name"],
            user=source["USER"],
            password=source["PASSWORD"] or None,
            host=source["HOST"] or "127.0.0.1",
            port=source["PORT"] or 5432,
            autocommit=True,
        )
    return sqlite3.connect(target["name"])


def restored_counts(target, tables) -> dict[str, int]:
    database = restored_connection(target)
    try:
        return {
            table: database.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]  # noqa: S608
            for table in tables
        }
    finally:
        database.close()


def restored_ledger(target) -> dict:
    database = restored_connection(target)
    try:
        rows = database.execute(
            "SELECT currency, account, SUM(amount) FROM payments_ledgerentry "
            "GROUP BY currency, account ORDER BY currency, account"
        ).fetchall()
        return {
            "balances": {f"{currency}:{account}": int(total) for currency, account, total in rows},
            "transactions": database.execute("SELECT COUNT(*) FROM payments_ledgertransaction").fetchone()[0],
            "entries": database.execute("SELECT COUNT(*) FROM payments_ledgerentry").fetchone()[0],
        }
    finally:
        database.close()


def folder_checksums(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our own local server
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@pytest.fixture
def backup(seeded, tmp_path, capsys):
    """The seeded site's figures as read before the backup, and the backup's address."""
    before = {
        "ledger": ledger_totals(),
        "tables": _source_counts(),
        "media": _checksums(default_storage),
        "private": _checksums(storages["private"]),
    }
    call_command("backup", str(tmp_path / "backups"))
    address = capsys.readouterr().out.strip()
    return {
        **seeded,
        "before": before,
        "address": address,
        "manifest": json.loads((Path(address) / "manifest.json").read_text()),
    }


def test_the_manifest_records_what_the_site_held(backup):
    manifest, before = backup["manifest"], backup["before"]

    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["tables"] == before["tables"]
    assert manifest["tables"]["payments_ledgerentry"] > 0 and manifest["tables"]["passport_competenceauditlog"] > 0
    assert manifest["ledger"] == before["ledger"] and manifest["ledger"]["entries"] > 0
    assert {name: entry["sha256"] for name, entry in manifest["files"]["media"].items()} == before["media"]
    assert {name: entry["sha256"] for name, entry in manifest["files"]["private"].items()} == before["private"]
    assert len(before["private"]) >= 2 and "avatars/backup-drill.png" in before["media"]
    assert manifest["versions"]["django"] and manifest["versions"]["wagtail"]
    assert "passport" in manifest["migrations"]
    dump = Path(backup["address"]) / manifest["database"]["file"]
    assert hashlib.sha256(dump.read_bytes()).hexdigest() == manifest["database"]["sha256"]


def test_restore_into_a_new_database_gives_the_same_site(backup, target):
    before = backup["before"]

    result = manage(target, "restore_backup", backup["address"])

    assert result.returncode == 0, result.stderr
    assert "match" in result.stdout
    assert restored_counts(target, before["tables"]) == before["tables"]
    assert restored_ledger(target) == before["ledger"]
    assert folder_checksums(target["media"]) == before["media"]
    assert folder_checksums(target["private"]) == before["private"]

    again = manage(target, "restore_backup", backup["address"])
    assert again.returncode != 0 and "Refusing to overwrite" in again.stderr

    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=settings.BASE_DIR,
        env=target["environment"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                if fetch(f"http://127.0.0.1:{port}/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        document = backup["document"]
        status, body = fetch(f"http://127.0.0.1:{port}/verify/{document.verification_code}/json/")
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert status == 200
    served = json.loads(body)
    assert served["status"] == "valid" and served["issuer"] == document.issuer
    assert served["holder"] == "Astrid Lindqvist"


@pytest.mark.postgres
def test_the_audit_log_is_append_only_again_after_a_restore(backup, target):
    import psycopg

    assert manage(target, "restore_backup", backup["address"]).returncode == 0
    database = restored_connection(target)
    try:
        with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
            database.execute(
                "UPDATE passport_competenceauditlog SET id = id "
                "WHERE id = (SELECT MIN(id) FROM passport_competenceauditlog)"
            )
        with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
            database.execute("DELETE FROM payments_ledgerentry")
        assert (
            database.execute("SELECT COUNT(*) FROM passport_competenceauditlog").fetchone()[0]
            == (backup["before"]["tables"]["passport_competenceauditlog"])
        )
    finally:
        database.close()
