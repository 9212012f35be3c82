"""How long `manage.py backup` and `manage.py restore_backup` take on a seeded database, for
the RPO and RTO in docs/backups.md.

    nice -n 10 .venv/bin/python benchmarks/backup.py --freelancers 100000
    nice -n 10 .venv/bin/python benchmarks/backup.py --reuse \\
        --database-url postgres://postgres@127.0.0.1:5432/valund_bench

PostgreSQL only. The database in the URL (its name must end in "_bench") is dropped, created,
migrated and filled by `seed_demo --freelancers N` unless --reuse finds it already seeded. The
operator's commands then run as processes of their own, as in production (valund.settings.base,
DEBUG off): `backup` into a temporary folder, then `restore_backup` of that backup into the
scratch database `valund_restore_bench` (created by the restore, dropped at the end) and empty
media folders, which includes checking every row count, the ledger and every file against the
manifest. Prints the machine, the database's size and rows, the dump's size, and the wall time
of each command; the seeded database is dropped at the end unless --keep.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.database import (  # noqa: E402
    ROOT,
    database_name,
    drop_postgres,
    holds_rows,
    require_postgres,
    throwaway_database,
)
from benchmarks.report import machine  # noqa: E402

SCRATCH = "valund_restore_bench"
SETTINGS = "valund.settings.base"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/valund_bench")
    parser.add_argument("--freelancers", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--reuse", action="store_true", help="Use the database as it is when it is seeded.")
    parser.add_argument("--keep", action="store_true", help="Keep the seeded database afterwards.")
    return parser.parse_args()


def seed(args, media: Path) -> None:
    """Drop, migrate and seed the benchmark database in this process (throwaway_database)."""
    environment = {"DEBUG": "0", "MEDIA_ROOT": str(media / "media"), "PRIVATE_MEDIA_ROOT": str(media / "private")}
    with throwaway_database(args.database_url, settings=SETTINGS, keep=True, **environment):
        from django.core.management import call_command

        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        call_command(
            "seed_demo", freelancers=args.freelancers, clients=args.clients, seed=args.seed, force=True, quiet=True
        )
        print(f"seeded: migrate + seed_demo --freelancers {args.freelancers}: {time.perf_counter() - started:.0f} s")


def manage(database_url: str, media: Path, *command: str) -> tuple[float, str]:
    """Run manage.py `command` against `database_url` and the media folders under `media`;
    returns its wall time and output."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "DEBUG": "0",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media / "media"),
        "PRIVATE_MEDIA_ROOT": str(media / "private"),
    }
    started = time.perf_counter()
    result = subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), *command],
        env=environment,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    elapsed = time.perf_counter() - started
    if result.returncode:
        sys.exit(f"manage.py {' '.join(command)} failed:\n{result.stdout}{result.stderr}")
    return elapsed, result.stdout.strip()


def database_size(url: str) -> int:
    import psycopg

    with psycopg.connect(urlsplit(url)._replace(scheme="postgresql").geturl()) as connection:
        return connection.execute("SELECT pg_database_size(current_database())").fetchone()[0]


def folder_size(path: Path) -> int:
    return sum(file.stat().st_size for file in path.rglob("*") if file.is_file())


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:,.1f} MB"


def main():
    args = parse_args()
    require_postgres(args.database_url, "backup.py")
    work = Path(tempfile.mkdtemp(prefix="valund-backup-bench-"))
    source_media, target_media = work / "site", work / "restored"
    scratch_url = urlunsplit(urlsplit(args.database_url)._replace(path=f"/{SCRATCH}"))
    server = urlunsplit(urlsplit(args.database_url)._replace(scheme="postgresql", path="/postgres"))
    try:
        if not (args.reuse and holds_rows(args.database_url, "accounts_user")):
            seed(args, source_media)
        print(f"Machine: {machine()}")
        print(
            f"Database: {database_name(args.database_url)}, {megabytes(database_size(args.database_url))} "
            f"on disk ({database_version_of(args.database_url)})"
        )

        backup_seconds, address = manage(args.database_url, source_media, "backup", str(work / "backups"))
        record = json.loads((Path(address) / "manifest.json").read_text())
        dump_size = record["database"]["size"]
        files = sum(len(names) for names in record["files"].values())
        file_bytes = sum(item["size"] for names in record["files"].values() for item in names.values())
        rows = sum(record["tables"].values())
        print(f"{len(record['tables'])} tables, {rows:,} rows; users: {record['tables'].get('accounts_user', 0):,}")
        print(
            f"backup: {backup_seconds:.1f} s; dump {megabytes(dump_size)}, {files} files "
            f"({megabytes(file_bytes)}), whole backup {megabytes(folder_size(Path(address)))}"
        )

        drop_postgres(server, SCRATCH)
        restore_seconds, output = manage(scratch_url, target_media, "restore_backup", address)
        print(f"restore_backup (pg_restore in one transaction, then every check): {restore_seconds:.1f} s")
        print(f"  {output}")
        print(f"restored database: {megabytes(database_size(scratch_url))} on disk")
    finally:
        drop_postgres(server, SCRATCH)
        if not args.keep:
            drop_postgres(server, database_name(args.database_url))
        shutil.rmtree(work, ignore_errors=True)


def database_version_of(url: str) -> str:
    import psycopg

    with psycopg.connect(urlsplit(url)._replace(scheme="postgresql").geturl()) as connection:
        return "PostgreSQL " + connection.execute("SHOW server_version").fetchone()[0]


if __name__ == "__main__":
    main()
