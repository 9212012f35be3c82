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

With --pitr, then the same database with pgBackRest, as deploy/ configures it (the time to
recover to a moment): the dump is loaded into a throwaway cluster of its own (initdb as postgres
in a temporary folder, a free port, as tests/marketplace/backups/test_pitr.py does; the
machine's cluster is not touched), and the script times a full backup, a restore to a moment
after it (--type=time) into a new folder, and the start of that cluster until it has replayed
the WAL and accepts writes.
"""

import argparse
import configparser
import json
import os
import shutil
import socket
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
    parser.add_argument("--pitr", action="store_true", help="Also time pgBackRest's backup and restore.")
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
        if args.pitr:
            pitr(Path(address) / record["database"]["file"])
    finally:
        drop_postgres(server, SCRATCH)
        if not args.keep:
            drop_postgres(server, database_name(args.database_url))
        shutil.rmtree(work, ignore_errors=True)


def pitr(dump: Path) -> None:
    """pgBackRest's full backup and restore to a moment of the dumped database, on a throwaway
    cluster (see the module's docstring)."""
    bin_dir = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda path: int(path.parent.parent.name))[
        -1
    ].parent
    root = Path(tempfile.mkdtemp(prefix="valund-pitr-bench-"))
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if as_postgres:
        shutil.chown(root, "postgres", "postgres")
    data, restored, config = root / "data", root / "restored", root / "pgbackrest.conf"
    # Where postgres may read it (the backup's folder is root's alone).
    dump = Path(shutil.copy(dump, root / dump.name))
    if as_postgres:
        shutil.chown(dump, "postgres", "postgres")
    ports = []
    for _ in range(2):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            ports.append(sock.getsockname()[1])

    def run(*command):
        result = subprocess.run([*as_postgres, *map(str, command)], capture_output=True, text=True, cwd=root)  # noqa: S603
        if result.returncode:
            sys.exit(f"{' '.join(map(str, command))} failed:\n{result.stdout}{result.stderr}")
        return result.stdout.strip()

    def timed(*command):
        started = time.perf_counter()
        run(*command)
        return time.perf_counter() - started

    def sql(port, statement, database="postgres"):
        return run(
            bin_dir / "psql", "-X", "-At", "-h", root, "-p", port, "-U", "postgres", "-d", database, "-c", statement
        )

    def start(folder, port):
        options = f"-p {port} -c unix_socket_directories={root} -c listen_addresses=''"
        return timed(
            bin_dir / "pg_ctl",
            "start",
            "-w",
            "-t",
            "3600",
            "-D",
            folder,
            "-l",
            folder.with_suffix(".log"),
            "-o",
            options,
        )

    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read(ROOT / "deploy" / "pgbackrest.conf")
    parser["global"].update(
        {
            "repo1-path": str(root / "repo"),
            "repo1-cipher-pass": "benchmark-only",
            "log-path": str(root / "log"),
            "lock-path": str(root / "lock"),
        }
    )
    parser["valund"].update({"pg1-path": str(data), "pg1-port": str(ports[0]), "pg1-socket-path": str(root)})
    with config.open("w") as file:
        parser.write(file, space_around_delimiters=False)
    backrest = ["pgbackrest", f"--config={config}", "--stanza=valund"]
    try:
        run(bin_dir / "initdb", "--no-sync", "--auth=trust", "--username=postgres", "-D", data)
        settings = (ROOT / "deploy" / "postgresql-archiving.conf").read_text()
        settings = settings.replace("'pgbackrest ", f"'pgbackrest --config={config} ")
        with (data / "postgresql.conf").open("a") as file:
            file.write(settings)
        start(data, ports[0])
        sql(ports[0], "CREATE DATABASE valund")
        loading = timed(
            bin_dir / "pg_restore",
            "--no-owner",
            "--no-privileges",
            "-j",
            "2",
            "-h",
            root,
            "-p",
            ports[0],
            "-U",
            "postgres",
            "-d",
            "valund",
            dump,
        )
        run(*backrest, "stanza-create")
        full = timed(*backrest, "--type=full", "backup")
        repo = folder_size(root / "repo")
        sql(ports[0], "CREATE TABLE pitr_mark (at timestamptz)", "valund")
        target = sql(ports[0], "SELECT clock_timestamp()")
        time.sleep(1)
        sql(ports[0], "INSERT INTO pitr_mark VALUES (now())", "valund")
        run(*backrest, "check")
        restore = timed(
            *backrest,
            "--type=time",
            f"--target={target}",
            "--target-action=promote",
            "--archive-mode=off",
            f"--pg1-path={restored}",
            "restore",
        )
        started = time.perf_counter()
        start(restored, ports[1])
        while sql(ports[1], "SELECT pg_is_in_recovery()") != "f":
            time.sleep(0.2)
        recovery = time.perf_counter() - started
        assert sql(ports[1], "SELECT count(*) FROM accounts_user", "valund") == sql(
            ports[0], "SELECT count(*) FROM accounts_user", "valund"
        )
        print(
            f"pgBackRest (PITR): the cluster {megabytes(folder_size(data))} (pg_restore into it {loading:.1f} s); "
            f"full backup {full:.1f} s, repository {megabytes(repo)}; restore --type=time {restore:.1f} s; "
            f"start, replay and promote {recovery:.1f} s"
        )
    finally:
        for folder in (data, restored):
            if (folder / "postmaster.pid").exists():
                subprocess.run(  # noqa: S603
                    [*as_postgres, str(bin_dir / "pg_ctl"), "stop", "-m", "immediate", "-D", str(folder)],
                    capture_output=True,
                )
        shutil.rmtree(root, ignore_errors=True)


def database_version_of(url: str) -> str:
    import psycopg

    with psycopg.connect(urlsplit(url)._replace(scheme="postgresql").geturl()) as connection:
        return "PostgreSQL " + connection.execute("SHOW server_version").fetchone()[0]


if __name__ == "__main__":
    main()
