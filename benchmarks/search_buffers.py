"""The search's database work counted in buffers, which do not depend on the machine's load.

    .venv/bin/python benchmarks/search_buffers.py                  # the whole mix on valund_bench
    .venv/bin/python benchmarks/search_buffers.py --every 4 --per-search

Runs the mix of benchmarks/search.py (`searches()` in search_mix.py) through the engine
(`selectors.search()`, its count and facets not cached, as after any index change) on a seeded
database that it never changes, and runs each SQL statement of each search again under
`EXPLAIN (ANALYZE, BUFFERS)`, in one transaction with the engine's planner setting. Prints, per
class of search, the shared buffers (hits + reads, 8 kB pages) of a search at p50/p95/max and
in total: the figure to compare before and after an index or a query change when other work
on the machine makes times meaningless.
"""

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.database import UNLIMITED_RATE, require_postgres, setup_django  # noqa: E402
from benchmarks.search_mix import searches  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/valund_bench"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--every", type=int, default=1, help="take every Nth search of the mix")
    parser.add_argument("--per-search", action="store_true", help="print every search's buffers too")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="a planner setting for the explained statements (SET LOCAL), to try one")
    return parser.parse_args()


def buffers_of(cursor, sql: str, params) -> int:
    cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}", params)
    plan = cursor.fetchone()[0]
    plan = plan[0] if isinstance(plan, list) else plan
    top = plan["Plan"]
    return top.get("Shared Hit Blocks", 0) + top.get("Shared Read Blocks", 0)


def main():
    args = parse_args()
    require_postgres(args.database_url, "The buffer count")
    setup_django(args.database_url, RATE_LIMIT_SEARCH=UNLIMITED_RATE)
    from django.db import connection, transaction
    from django.http import QueryDict
    from django.test.utils import CaptureQueriesContext

    from marketplace.search import selectors, services
    from marketplace.search.forms import SearchForm

    by_kind: dict[str, list[int]] = {}
    for search in searches(args.seed)[::max(args.every, 1)]:
        params = SearchForm(QueryDict(search.querystring)).to_params()
        services.index_changed()
        with connection.execute_wrapper(_keep_params), CaptureQueriesContext(connection) as captured:
            _PARAMS.clear()
            selectors.search(params)
        total = 0
        with transaction.atomic(), connection.cursor() as cursor:
            for query, sql_params in zip(captured.captured_queries, list(_PARAMS), strict=False):
                statement = query["sql"].lstrip().upper()
                if statement.startswith("SET"):
                    cursor.execute(query["sql"])
                    for setting in args.set:
                        name, value = setting.split("=", 1)
                        cursor.execute("SELECT set_config(%s, %s, true)", [name, value])
                elif statement.startswith(("SELECT", "WITH")):
                    total += buffers_of(cursor, sql_params[0], sql_params[1])
        by_kind.setdefault(search.kind, []).append(total)
        if args.per_search:
            print(f"{total:>9,}  {search.kind:<24} {search.querystring}")
    print(f"\n{'Searches':<26}{'n':>4}{'p50':>10}{'p95':>10}{'max':>10}{'total':>12}")
    everything = []
    for kind, values in by_kind.items():
        everything += values
        print(_row(kind, values))
    print(_row("all", everything))


def _row(kind: str, values: list[int]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return (f"{kind:<26}{len(values):>4}{statistics.median(ordered):>10,.0f}{p95:>10,}{ordered[-1]:>10,}"
            f"{sum(values):>12,}")


_PARAMS: list = []


def _keep_params(execute, sql, params, many, context):
    _PARAMS.append((sql, params))
    return execute(sql, params, many, context)


if __name__ == "__main__":
    main()
