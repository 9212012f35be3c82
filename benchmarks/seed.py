"""How fast `manage.py seed_demo` fills a throwaway database.

    .venv/bin/python benchmarks/seed.py --freelancers 100000
    .venv/bin/python benchmarks/seed.py --freelancers 100000 \\
        --database-url postgres://postgres@127.0.0.1:5432/valund_bench

SQLite: a fresh file in a temporary folder, removed afterwards. PostgreSQL: the database in
the URL is dropped and created again through the server's "postgres" database, and dropped
at the end; the script refuses a name that does not end in "_bench", so it cannot wipe a
real one. Runs with valund.settings.base and DEBUG off, as production would; prints the time
seed_demo took, the rows it wrote per second, how much of that was spent executing SQL and
how long generating the members takes without a database, and the time of a second,
idempotent run.
"""

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--freelancers", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--database-url", default="", help="postgres://... (default: a temporary SQLite file)")
    parser.add_argument("--keep", action="store_true", help="Keep the database afterwards.")
    return parser.parse_args()


def recreate_postgres(url: str) -> str:
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name.endswith("_bench"):
        sys.exit(f"Refusing to drop {name!r}: the benchmark database's name must end in '_bench'.")
    server = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return server


def drop_postgres(server: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    system = f"{platform.system()} {platform.release()}"
    return f"{os.cpu_count()} cores, {cpu}, {system}, Python {platform.python_version()}"


def count_rows() -> dict[str, int]:
    from allauth.account.models import EmailAddress

    from marketplace.accounts.models import Profile, User, UserSkill

    return {
        "users": User.objects.count(),
        "email addresses": EmailAddress.objects.count(),
        "profiles": Profile.objects.count(),
        "user skills": UserSkill.objects.count(),
        "profile languages": Profile.languages.through.objects.count(),
    }


class SqlTimer:
    """A database execute wrapper that adds up the time spent inside the database driver."""

    def __init__(self):
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started


def generator_seconds(args) -> float:
    """The pure generator's share: the same members, built without a database."""
    from datetime import date

    from marketplace.demo.generate import client, freelancer

    today = date.today()
    started = time.perf_counter()
    for number in range(1, args.freelancers + 1):
        freelancer(args.seed, number, today=today)
    for number in range(1, args.clients + 1):
        client(args.seed, number, today=today)
    return time.perf_counter() - started


def main():
    args = parse_args()
    temp_dir = None
    postgres_server = None
    if args.database_url:
        postgres_server = recreate_postgres(args.database_url)
        database_url = args.database_url
    else:
        temp_dir = tempfile.mkdtemp(prefix="valund-bench-")
        database_url = f"sqlite:///{temp_dir}/bench.sqlite3"

    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "valund.settings.base"
    os.environ["DEBUG"] = "0"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections

    try:
        print(f"Machine: {machine()}")
        print(f"Database: {connection.vendor} {connection.Database.__name__} "
              f"{'.'.join(map(str, connection.get_database_version()))}")
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        print(f"migrate: {time.perf_counter() - started:.1f} s")

        sql = SqlTimer()
        started = time.perf_counter()
        with connection.execute_wrapper(sql):
            call_command("seed_demo", freelancers=args.freelancers, clients=args.clients, seed=args.seed,
                         force=True)
        elapsed = time.perf_counter() - started
        rows = count_rows()
        total = sum(rows.values())

        started = time.perf_counter()
        call_command("seed_demo", freelancers=args.freelancers, clients=args.clients, seed=args.seed, force=True,
                     quiet=True)
        rerun = time.perf_counter() - started
        assert count_rows() == rows, "the second run must not add anything"

        print()
        print(f"seed_demo --freelancers {args.freelancers} --clients {args.clients}: {elapsed:.1f} s")
        print("  rows written: " + ", ".join(f"{name} {count:,}" for name, count in rows.items()))
        print(f"  {total:,} rows, {total / elapsed:,.0f} rows/s, "
              f"{(args.freelancers + args.clients) / elapsed:,.0f} members/s")
        print(f"  of which executing SQL: {sql.seconds:.1f} s ({sql.seconds / elapsed:.0%}), "
              f"generating members alone: {generator_seconds(args):.1f} s")
        print(f"second run, nothing to add: {rerun:.1f} s")
    finally:
        connections.close_all()
        if temp_dir and not args.keep:
            shutil.rmtree(temp_dir)
        if postgres_server and not args.keep:
            drop_postgres(postgres_server, urlsplit(database_url).path.lstrip("/"))


if __name__ == "__main__":
    main()
