"""How relevant the freelancer search is: NDCG@10, MRR and the zero-result rate over the
judgement list (marketplace/search/relevance/), per query class.

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
import os
import shutil
import sys
import tempfile
import time
import warnings
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.seed import drop_postgres, machine, recreate_postgres  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="", help="postgres://…_bench (default: a temporary SQLite file)")
    parser.add_argument("--worst", type=int, default=12, help="How many of the worst queries to show.")
    parser.add_argument("--keep", action="store_true", help="Keep the database afterwards.")
    return parser.parse_args()


def main():
    args = parse_args()
    temp_dir = postgres_server = None
    if args.database_url:
        postgres_server = recreate_postgres(args.database_url)
        database_url = args.database_url
    else:
        temp_dir = tempfile.mkdtemp(prefix="valund-relevance-")
        database_url = f"sqlite:///{temp_dir}/relevance.sqlite3"

    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "valund.settings.test"
    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, connections

    from marketplace.search.relevance import dataset
    from marketplace.search.relevance.evaluate import evaluate, report

    try:
        print(f"Machine: {machine()}")
        print(f"Database: {connection.vendor} {'.'.join(map(str, connection.get_database_version()))}")
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
    finally:
        connections.close_all()
        for folder in (settings.MEDIA_ROOT, settings.STORAGES["private"].get("OPTIONS", {}).get("location")):
            if folder:
                shutil.rmtree(folder, ignore_errors=True)
        if temp_dir and not args.keep:
            shutil.rmtree(temp_dir)
        if postgres_server and not args.keep:
            drop_postgres(postgres_server, urlsplit(database_url).path.lstrip("/"))


if __name__ == "__main__":
    main()
