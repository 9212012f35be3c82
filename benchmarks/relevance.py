"""How relevant the freelancer search is: NDCG@10, MRR and the zero-result rate over the
judgement list (marketplace/demo/relevance/), per query class.

    .venv/bin/python benchmarks/relevance.py
    .venv/bin/python benchmarks/relevance.py --database-url postgres://postgres@127.0.0.1:5432/valund_bench

Creates a throwaway database (SQLite: a file in a temporary folder; PostgreSQL: the database in
the URL, whose name must end in "_bench", dropped and created again and dropped at the end),
migrates it, writes the relevance data set through the members' services, rebuilds the search
index, runs every query of the judgement list through the search and prints the figures per
query class, the queries that found nothing although someone is relevant, and the worst
queries with what came back. Runs with the test settings (mail kept in memory, tasks run at
once, files in temporary folders), since nothing here may leave the machine.
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.database import throwaway_database  # noqa: E402
from benchmarks.report import database_version, machine  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="", help="postgres://…_bench (default: a temporary SQLite file)")
    parser.add_argument("--worst", type=int, default=12, help="How many of the worst queries to show.")
    parser.add_argument("--keep", action="store_true", help="Keep the database afterwards.")
    return parser.parse_args()


def main():
    args = parse_args()
    with throwaway_database(args.database_url, keep=args.keep):
        from django.core.management import call_command
        from django.db import connection

        from marketplace.demo.relevance import dataset
        from marketplace.demo.relevance.evaluate import evaluate, report

        print(f"Machine: {machine()}")
        print(f"Database: {connection.vendor} {database_version()}")
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        population = dataset.people()
        built = dataset.build(population=population)
        print(f"Data set: {len(population)} freelancers written and indexed in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        evaluation = evaluate(built, population)
        print(f"Judgement list: {len(evaluation.results)} queries in {time.perf_counter() - started:.1f} s")
        print()
        print(report(evaluation, population, worst=args.worst))


if __name__ == "__main__":
    main()
