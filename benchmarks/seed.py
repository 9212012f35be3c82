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
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.database import SqlTimer, throwaway_database  # noqa: E402
from benchmarks.report import database_version, machine  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--freelancers", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--database-url", default="", help="postgres://... (default: a temporary SQLite file)")
    parser.add_argument("--keep", action="store_true", help="Keep the database afterwards.")
    return parser.parse_args()


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
    with throwaway_database(args.database_url, settings="valund.settings.base", keep=args.keep, DEBUG="0"):
        from django.core.management import call_command
        from django.db import connection

        print(f"Machine: {machine()}")
        print(f"Database: {connection.vendor} {connection.Database.__name__} {database_version()}")
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

if __name__ == "__main__":
    main()
