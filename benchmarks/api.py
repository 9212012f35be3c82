"""The API's freelancer search against the directory's HTML page, on the same data (issue 23:
the search endpoint within 1.2x of the HTML search page's server time at 100,000 freelancers).

    nice -n 10 .venv/bin/python benchmarks/api.py --reuse    # postgres://…/valund_api_bench by default

Seeds a throwaway PostgreSQL database as benchmarks/search.py does (`--reuse` takes one that is
already seeded, such as a copy of search.py's valund_bench: CREATE DATABASE … TEMPLATE
valund_bench), then runs search.py's mix of searches (search_mix.searches: text, filters,
radius, sorts, deep pages) after one warm-up round, each search as

  html  GET <directory>/?…        the directory page's real view, the whole HTML page
  api   GET /api/v1/freelancers/?… the API's search: the same parameters and engine, JSON

both through Django's test client in this process (the server's time, no network), each cold
(the search's count and facets not cached, services.index_changed() first) and warm (the same
request again), the page first for one search and the API first for the next. Prints
p50/p95/p99 of each, per class of search and overall, and the ratio of the API's time to the
page's per search (p50 and p95 of the ratios). Rate limits are lifted
(every request comes from one address). Runs with valund.settings.test, DEBUG off.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.database import UNLIMITED_RATE, database_name, drop_postgres, require_postgres, setup_django  # noqa: E402
from benchmarks.report import database_version, load_average, machine, ms  # noqa: E402
from benchmarks.search_database import directory_page, prepare, seed_and_index  # noqa: E402
from benchmarks.search_mix import searches  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/valund_api_bench"
API = "/api/v1/freelancers/"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--freelancers", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--database-url", default=DEFAULT_URL, help="postgres://…_bench")
    parser.add_argument("--reuse", action="store_true", help="Use the database as it is if it is already seeded.")
    parser.add_argument("--keep", action="store_true", help="Keep the database afterwards.")
    parser.add_argument("--no-rebuild", action="store_true", help="With --reuse: skip rebuilding the search index.")
    parser.add_argument("--rounds", type=int, default=1, help="Timed rounds of the whole mix (default 1).")
    parser.add_argument("--every", type=int, default=1, metavar="N",
                        help="Time every Nth search of the mix only (each class keeps its share).")
    return parser.parse_args()


def timed(client, url: str, **headers) -> float:
    started = time.perf_counter()
    response = client.get(url, **headers)
    seconds = time.perf_counter() - started
    assert response.status_code == 200, (url, response.status_code, response.content[:300])
    return seconds


def main() -> None:
    args = parse_args()
    require_postgres(args.database_url, "benchmarks/api.py")
    server, fresh = prepare(args)
    unlimited = {f"RATE_LIMIT_{name}": UNLIMITED_RATE for name in ("API", "SEARCH", "SUGGEST", "VERIFICATION")}
    lifted = {"API_THROTTLE_TOKEN": "1000000/min", "API_THROTTLE_ANON": "1000000/min"}
    setup_django(args.database_url, **lifted, **unlimited)
    from django.conf import settings
    from django.test import Client

    from marketplace.accounts.models import Profile
    from marketplace.search import services

    settings.DEBUG = False
    try:
        seed_and_index(args, fresh=fresh)
        directory = directory_page()
        mix = searches(args.seed)[:: args.every]
        client = Client()
        print(f"{machine()}; {database_version()}; load {load_average()}")
        print(f"{Profile.objects.count():,} profiles; {len(mix)} searches x {args.rounds} round(s) after a warm-up")
        kinds = ("html cold", "api cold", "html warm", "api warm")
        timings: dict[str, dict[str, list[float]]] = {}
        ratios = {"cold": [], "warm": []}
        for round_number in range(args.rounds + 1):
            for search in mix:
                page = f"{directory.url}?{search.querystring}"
                api = f"{API}?{search.querystring}"
                if round_number == 0:  # warm-up: code paths, templates, connections
                    client.get(page)
                    client.get(api)
                    continue
                row = timings.setdefault(search.kind, {kind: [] for kind in kinds})

                def run(url, **headers):
                    services.index_changed()
                    return timed(client, url, **headers), timed(client, url, **headers)

                # Alternate which goes first, so that neither always finds the database's pages
                # already read by the other.
                if len(ratios["cold"]) % 2:
                    api_cold, api_warm = run(api, HTTP_ACCEPT="application/json")
                    html_cold, html_warm = run(page)
                else:
                    html_cold, html_warm = run(page)
                    api_cold, api_warm = run(api, HTTP_ACCEPT="application/json")
                for kind, value in zip(kinds, (html_cold, api_cold, html_warm, api_warm), strict=True):
                    row[kind].append(value)
                ratios["cold"].append(api_cold / html_cold)
                ratios["warm"].append(api_warm / html_warm)
        everything = {kind: [v for row in timings.values() for v in row[kind]] for kind in kinds}
        print("\ntimes in ms: p50 p95 p99")
        print(f"{'':24}" + "".join(f"{kind:>26}" for kind in kinds))
        for kind_name, row in [*timings.items(), ("all", everything)]:
            print(f"{kind_name:24}" + "".join(f"   {ms(row[kind])}" for kind in kinds) + f"   (n={len(row[kinds[0]])})")
        for state, values in ratios.items():
            values.sort()
            p95 = values[min(len(values) - 1, int(len(values) * 0.95))]
            overall = statistics.median(everything[f"api {state}"]) / statistics.median(everything[f"html {state}"])
            print(f"api / html, {state}: per search median {statistics.median(values):.2f}, p95 {p95:.2f}; "
                  f"median api / median html {overall:.2f}")
    finally:
        from django.db import connections

        connections.close_all()
        if server:
            drop_postgres(server, database_name(args.database_url))


if __name__ == "__main__":
    main()
