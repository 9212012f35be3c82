"""How fast the freelancer search answers with 100,000 freelancers on PostgreSQL.

    .venv/bin/python benchmarks/search.py
    .venv/bin/python benchmarks/search.py --reuse            # keep the seeded database between runs
    .venv/bin/python benchmarks/search.py --rounds 3 --show-sql "q=welder&near=Göteborg"

Seeds a throwaway PostgreSQL database (default valund_bench; the name must end in "_bench":
it is dropped and created again) with `seed_demo --freelancers 100000`, which rebuilds the
search index at its end, and times one more `rebuild_search_index` (search_database.py). Then
it runs a fixed mix of searches (`searches()` in search_mix.py: text only, common words matching
most profiles, filters only, text with filters and a radius, other sorts, deep pages) after one
warm-up round, and prints p50/p95/p99 of, per search:

  response, cold  GET /freelancers/?… through Django's test client: the directory page's
                  real view (form, engine, template, search analytics), the whole HTML page,
                  with the search's count and facets not cached (as after any index change)
  response, warm  the same request again: its count and facets come from the cache, as for
                  the next page or another sort of the same search
  database, cold  the part of the cold response spent inside the database driver
  engine, cold    marketplace.search.selectors.search() alone, as the view calls it
  bare SQL, cold  the engine's own SQL statements, captured once and replayed on a cursor:
                  what the database needs without Django around it

plus the SQL queries per response. Then the search box's suggestions (`suggest_mix()` in
search_mix.py: prefixes of 1–6 letters of skills, trade words and places, in Swedish and
English): GET /search/suggest/?q=… as htmx asks for it, p50/p95/p99 per language and prefix
length, with the one-off costs a process or the shared cache pays (the in-memory index, the
holder counts, the popular searches) timed apart. Last, the typo correction's two lookups over
the mix's typos (the vocabulary's nearest word, in memory; the profiles' nearest word, by trigram
similarity). `--only-suggest` times the suggestions and the corrections alone. Runs with
valund.settings.test (plain static files, locmem cache), DEBUG off, the database on the same
machine.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.database import (  # noqa: E402
    UNLIMITED_RATE,
    SqlRecorder,
    database_name,
    drop_postgres,
    require_postgres,
    setup_django,
)
from benchmarks.report import database_version, machine, ms, python_speed  # noqa: E402
from benchmarks.search_database import directory_page, prepare, seed_and_index  # noqa: E402
from benchmarks.search_mix import TYPOS, Search, searches, suggest_mix  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/valund_bench"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--freelancers", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--database-url", default=DEFAULT_URL, help="postgres://…_bench")
    parser.add_argument("--reuse", action="store_true",
                        help="Use the database as it is if it is already seeded, and keep it afterwards.")
    parser.add_argument("--keep", action="store_true", help="Keep the database afterwards.")
    parser.add_argument("--every", type=int, default=1, metavar="N",
                        help="Time every Nth search of the mix only (each class keeps its share; for 1,000,000).")
    parser.add_argument("--no-rebuild", action="store_true",
                        help="With --reuse: skip the timed rebuild_search_index (20 minutes at 1,000,000).")
    parser.add_argument("--rounds", type=int, default=1, help="Timed rounds of the whole mix (default 1).")
    parser.add_argument("--show-sql", metavar="QUERYSTRING", default="",
                        help="Print the engine's SQL and EXPLAIN ANALYZE for one search, then stop.")
    parser.add_argument("--only-suggest", action="store_true",
                        help="Time the search box's suggestions and the typo corrections' lookups alone.")
    return parser.parse_args()


def params_of(querystring: str):
    from django.http import QueryDict

    from marketplace.search.forms import SearchForm

    return SearchForm(QueryDict(querystring)).to_params()


def show_sql(directory, querystring: str) -> None:
    """Print the engine's SQL for one search, each statement with its EXPLAIN ANALYZE."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from marketplace.search import selectors

    params = params_of(querystring)
    print(params)
    with CaptureQueriesContext(connection) as captured:
        selectors.search(params, per_page=directory.profiles_per_page)
    # In one transaction, as the engine runs them: its planner setting (SET LOCAL) is
    # applied, not explained; BEGIN and COMMIT are the transaction's own.
    with transaction.atomic(), connection.cursor() as cursor:
        for query in captured.captured_queries:
            print(f"\n-- {query['time']} s\n{query['sql']}\n")
            statement = query["sql"].lstrip().upper()
            if statement.startswith("SET"):
                cursor.execute(query["sql"])
            if not statement.startswith(("SELECT", "WITH")):
                continue
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {query['sql']}")
            print("\n".join(row[0] for row in cursor.fetchall()))


COLUMNS = ("cold", "warm", "database", "engine", "sql")
HEADINGS = ("response, cold", "response, warm", "database, cold", "engine, cold", "bare SQL, cold")


def time_mix(client, directory, mix: list[Search], rounds: int) -> None:
    """Time the directory over the mix, a warm-up round first, and print the table per class of
    search and the slowest searches."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from marketplace.search import selectors, services

    base = directory.url
    recorder = SqlRecorder()
    timings: dict[str, dict[str, list[float]]] = {}
    by_search: dict[str, list[float]] = {}
    queries_per_response: list[tuple[int, int]] = []
    queries_by_kind: dict[str, list[int]] = {}
    bare_sql: dict[str, list[str]] = {}

    def timed_get(querystring: str) -> tuple[float, float, int]:
        recorder.reset()
        with connection.execute_wrapper(recorder):
            started = time.perf_counter()
            response = client.get(f"{base}?{querystring}")
            seconds = time.perf_counter() - started
        assert response.status_code == 200, (querystring, response.status_code)
        return seconds, recorder.seconds, len(recorder.statements)

    for round_number in range(rounds + 1):  # round 0 warms up and captures the SQL
        for search in mix:
            params = params_of(search.querystring)
            if round_number == 0:
                client.get(f"{base}?{search.querystring}")
                services.index_changed()
                with CaptureQueriesContext(connection) as captured:
                    selectors.search(params, per_page=directory.profiles_per_page)
                bare_sql[search.querystring] = [query["sql"] for query in captured.captured_queries]
                continue
            # Cold: the count and facets of this search are not cached (as after any change
            # to the index); warm: the same request again, as for its next page or sort.
            services.index_changed()
            cold, database, queries = timed_get(search.querystring)
            warm, _database, warm_queries = timed_get(search.querystring)
            services.index_changed()
            started = time.perf_counter()
            selectors.search(params, per_page=directory.profiles_per_page)
            engine = time.perf_counter() - started

            queries_per_response.append((queries, warm_queries))
            queries_by_kind.setdefault(search.kind, []).append(queries)
            row = timings.setdefault(search.kind, {column: [] for column in COLUMNS})
            for column, value in zip(COLUMNS, (cold, warm, database, engine), strict=False):
                row[column].append(value)
            by_search.setdefault(search.querystring, []).append(cold)

    with connection.cursor() as cursor:
        for _ in range(rounds):
            for search in mix:
                started = time.perf_counter()
                for sql in bare_sql[search.querystring]:
                    cursor.execute(sql)  # BEGIN, the planner setting and COMMIT too
                    if cursor.description is not None:
                        cursor.fetchall()
                timings[search.kind]["sql"].append(time.perf_counter() - started)

    everything = {column: [v for row in timings.values() for v in row[column]] for column in COLUMNS}
    cold_queries = [cold for cold, _warm in queries_per_response]
    warm_queries = [warm for _cold, warm in queries_per_response]
    print(f"\n{len(mix)} searches x {rounds} round(s) after a warm-up round; times in ms: p50 p95 p99")
    print(f"SQL queries per response: cold {min(cold_queries)}–{max(cold_queries)}, "
          f"warm {min(warm_queries)}–{max(warm_queries)}")
    print(f"{'':24}" + "".join(f"{heading:>26}" for heading in HEADINGS))
    for kind, row in [*timings.items(), ("all", everything)]:
        counts = queries_by_kind.get(kind, cold_queries)
        print(f"{kind:24}" + "".join(f"   {ms(row[column])}" for column in COLUMNS)
              + f"   (n={len(row['cold'])}, {min(counts)}–{max(counts)} queries cold)")
    print("\nslowest cold responses (median of rounds):")
    slowest = sorted(((statistics.median(times), qs) for qs, times in by_search.items()), reverse=True)
    for seconds, querystring in slowest[:8]:
        print(f"  {seconds * 1000:7.1f} ms  ?{querystring}")


def time_suggestions(client, seed: int, rounds: int) -> None:
    """Time /search/suggest/ over suggest_mix(), as the combobox asks for it (htmx)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from marketplace.search.selectors import suggest

    url = reverse("search:suggest")
    mix = suggest_mix(seed)
    # What a process or the shared cache pays now and then, not per keystroke.
    suggest.forget_suggestions()
    started = time.perf_counter()
    suggest.skill_holder_counts()
    holders = time.perf_counter() - started
    started = time.perf_counter()
    suggest.popular_queries()
    popular = time.perf_counter() - started
    suggest._current = None
    started = time.perf_counter()
    suggest._index()
    index = time.perf_counter() - started
    print(f"\nsuggestions: holder counts {holders * 1000:.1f} ms (shared cache, hourly), popular searches "
          f"{popular * 1000:.1f} ms (shared cache, every {suggest.POPULAR_CACHE_SECONDS // 60} min), "
          f"the in-memory index {index * 1000:.1f} ms (per process, when the vocabulary changes)")

    def get(language: str, prefix: str):
        response = client.get(url, {"q": prefix}, HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, (prefix, response.status_code)
        return response

    for language, prefix in mix:  # warm-up round
        get(language, prefix)
    timings: dict[str, list[float]] = {}
    queries, shown = [], []
    for _ in range(rounds):
        for language, prefix in mix:
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = get(language, prefix)
                seconds = time.perf_counter() - started
            queries.append(len(captured))
            shown.append(response.content.count(b'role="option"'))
            for kind in (f"{language}, {len(prefix)} letter{'s' if len(prefix) > 1 else ''}", language, "all"):
                timings.setdefault(kind, []).append(seconds)
    print(f"{len(mix)} prefixes x {rounds} round(s) after a warm-up round; SQL queries per response "
          f"{min(queries)}–{max(queries)}; suggestions shown {min(shown)}–{max(shown)} "
          f"(mean {statistics.mean(shown):.1f}); times in ms: p50 p95 p99")
    for kind in sorted(timings, key=lambda kind: (kind == "all", len(kind) > 2, kind)):
        values = timings[kind]
        if len(values) >= 2:
            print(f"  {kind:24}{ms(values)}   (n={len(values)})")



def time_corrections(rounds: int) -> None:
    """Time the typo correction's lookups alone over the mix's typos: the vocabulary's nearest word
    (in the process's memory) and the profiles' nearest word (SearchWord: trigram similarity on
    PostgreSQL, then the edit distance), each after a warm-up round."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from marketplace.search.selectors.words import nearest_profile_word
    from marketplace.search.understanding import lexicon

    vocabulary = lexicon()
    words = [*TYPOS, *(word[:-1] + "x" for word in TYPOS)]  # and a second typo of each
    timings: dict[str, list[float]] = {"vocabulary": [], "profiles' words": []}
    queries = []
    for timed in range(rounds + 1):
        for word in words:
            started = time.perf_counter()
            vocabulary.correction(word)
            vocabulary_seconds = time.perf_counter() - started
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                nearest_profile_word(word)
                profile_seconds = time.perf_counter() - started
            if timed:
                timings["vocabulary"].append(vocabulary_seconds)
                timings["profiles' words"].append(profile_seconds)
                queries.append(len(captured))
    print(f"\ncorrections: {len(words)} typos x {rounds} round(s) after a warm-up round; SQL queries per "
          f"lookup {min(queries)}–{max(queries)}; times in ms: p50 p95 p99")
    for kind, values in timings.items():
        print(f"  {kind:24}{ms(values)}   (n={len(values)})")


def main():
    args = parse_args()
    require_postgres(args.database_url, "The search benchmark")
    drop_server, fresh = prepare(args)

    # One client makes every request: the directory's per-address limit would answer 429.
    setup_django(args.database_url, RATE_LIMIT_SEARCH=UNLIMITED_RATE, RATE_LIMIT_SUGGEST=UNLIMITED_RATE)
    from django.db import connections
    from django.test import Client

    try:
        print(f"Machine: {machine()}; Python speed: {python_speed():.2f} s for a fixed loop (lower is faster)")
        print(f"Database: PostgreSQL {database_version()}")
        seed_and_index(args, fresh=fresh)
        directory = directory_page()
        client = Client()
        if args.show_sql:
            show_sql(directory, args.show_sql)
        elif args.only_suggest:
            time_suggestions(client, args.seed, args.rounds)
            time_corrections(args.rounds)
        else:
            time_mix(client, directory, searches(args.seed)[::max(args.every, 1)], args.rounds)
            time_suggestions(client, args.seed, args.rounds)
            time_corrections(args.rounds)
    finally:
        connections.close_all()
        if drop_server:
            drop_postgres(drop_server, database_name(args.database_url))


if __name__ == "__main__":
    main()
