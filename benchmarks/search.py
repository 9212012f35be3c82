"""How fast the freelancer search answers with 100,000 freelancers on PostgreSQL.

    .venv/bin/python benchmarks/search.py
    .venv/bin/python benchmarks/search.py --reuse            # keep the seeded database between runs
    .venv/bin/python benchmarks/search.py --rounds 3 --show-sql "q=welder&near=Göteborg"

Seeds a throwaway PostgreSQL database (default valund_bench; the name must end in "_bench":
it is dropped and created again) with `seed_demo --freelancers 100000`, which rebuilds the
search index at its end, and times one more `rebuild_search_index`. Then it runs a fixed mix
of searches (see `searches()`: text only, common words matching most profiles, filters only,
text with filters and a radius, other sorts, deep pages) after one warm-up round, and prints
p50/p95/p99 of, per search:

  response, cold  GET /freelancers/?… through Django's test client: the directory page's
                  real view (form, engine, template, search analytics), the whole HTML page,
                  with the search's count and facets not cached (as after any index change)
  response, warm  the same request again: its count and facets come from the cache, as for
                  the next page or another sort of the same search
  database, cold  the part of the cold response spent inside the database driver
  engine, cold    marketplace.search.selectors.search() alone, as the view calls it
  bare SQL, cold  the engine's own SQL statements, captured once and replayed on a cursor:
                  what the database needs without Django around it

plus the SQL queries per response. Then the search box's suggestions (`suggest_mix()`:
prefixes of 1–6 letters of skills, trade words and places, in Swedish and English): GET
/search/suggest/?q=… as htmx asks for it, p50/p95/p99 per language and prefix length, with
the one-off costs a process or the shared cache pays (the in-memory index, the holder counts,
the popular searches) timed apart. `--only-suggest` times the suggestions alone. Runs with
valund.settings.test (plain static files, locmem cache), DEBUG off, the database on the same
machine.
"""

import argparse
import datetime
import random
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.database import SqlRecorder, drop_postgres, machine, recreate_postgres, setup_django  # noqa: E402

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
    parser.add_argument("--only-suggest", action="store_true", help="Time the search box's suggestions alone.")
    return parser.parse_args()


@dataclass
class Search:
    kind: str
    querystring: str


def searches(seed: int) -> list[Search]:
    """The fixed mix: 410 searches (240 before the understanding's 170), the same for a given seed."""
    from marketplace.demo.people import CITIES
    from marketplace.demo.taxonomy import CATEGORIES

    rng = random.Random(f"valund-search-benchmark:{seed}")
    skills = [skill for category in CATEGORIES for skill in category.skills]
    roles = sorted({skill.role.split()[-1] for skill in skills})
    cities = [city.name for city in CITIES]
    languages = ["sv", "en", "fi", "no", "da", "de", "pl"]
    common = ["experience", "erfarenhet", "years", "based", "work", "certified", "senior"]
    names = ["lindqvist", "andersson", "nilsson", "johansson", "karlsson", "anna", "erik", "maria", "lars"]
    prefixes = ["weld", "elect", "carp", "nurs", "devel", "svets", "plumb", "paint"]
    today = datetime.date.today()

    def qs(**params) -> str:
        return urlencode({key: value for key, value in params.items() if value not in (None, "")}, doseq=True)

    mix: list[Search] = []
    for _ in range(40):
        mix.append(Search("text: a role", qs(q=rng.choice(roles))))
    for _ in range(20):
        mix.append(Search("text: common word", qs(q=rng.choice(common))))
    for _ in range(20):
        mix.append(Search("text: name or prefix", qs(q=rng.choice(names + prefixes))))
    for _ in range(20):
        mix.append(Search("text: two words", qs(q=f"{rng.choice(roles)} {rng.choice(cities)}")))
    for _ in range(40):
        category = rng.choice(CATEGORIES)
        choice = rng.randrange(5)
        params = {"category": category.slug}
        if choice == 0:
            params["skills"] = [skill.slug for skill in rng.sample(category.skills, 2)]
        elif choice == 1:
            params |= {"available": "now", "languages": rng.choice(languages)}
        elif choice == 2:
            params |= {"rate_min": 400, "rate_max": rng.choice([600, 800, 1000]), "currency": "SEK"}
        elif choice == 3:
            params |= {"verified": "on"}
        else:
            params |= {"available": "by", "available_by": (today + datetime.timedelta(days=30)).isoformat()}
        mix.append(Search("filters only", qs(**params)))
    for _ in range(40):
        skill = rng.choice(skills)
        mix.append(Search("text + filters + radius", qs(
            q=skill.role.split()[-1], near=rng.choice(cities), radius=rng.choice([25, 50, 100, 200]),
            skills=skill.slug if rng.random() < 0.5 else "", available="now" if rng.random() < 0.5 else "",
            languages="en" if rng.random() < 0.3 else "",
        )))
    for _ in range(30):
        sort = rng.choice(["rate_asc", "rate_desc", "newest", "distance", "rating"])
        mix.append(Search("other sorts", qs(
            category=rng.choice(CATEGORIES).slug, sort=sort,
            near=rng.choice(cities) if sort == "distance" else "", radius=300 if sort == "distance" else "",
        )))
    for _ in range(30):
        mix.append(Search("deep pages", qs(
            q=rng.choice(["", "", rng.choice(common)]), category=rng.choice(["", rng.choice(CATEGORIES).slug]),
            page=rng.choice([10, 50, 200, 1000]),
        )))
    mix += understood_searches(rng, roles, cities)
    return mix


# The query understanding's classes (issue 17): words it maps to skills, typos it corrects,
# places it finds in the text, sentences, phrases and exclusions. Each search takes one of
# the understanding's paths: a concept (holders OR the typed words), a correction (the typo
# check, then a second search), a radius, the relaxed most-of-the-words search.
SWEDISH_AND_SYNONYMS = ("svetsare", "elektriker", "snickare", "rörmokare", "målare", "VVS", "C#", ".NET",
                        "svetsarna", "elektrikern", "welders", "MIG/MAG", "sjuksköterska", "lastbilschaufför")
TYPOS = ("electrcian", "weldr", "snickre", "carpentr", "plumbr", "elektrikr", "paintr", "rörmokre", "svetsre",
         "develper", "nurce", "physiotherapst")
SENTENCES = (
    "need a licensed electrician for a kitchen renovation in Stockholm",
    "looking for an experienced welder in Göteborg for steel beams",
    "we need a carpenter to build a deck near Uppsala",
    "plumber for a bathroom renovation in Malmo next month",
    "behöver en elektriker till köksrenoveringen i Stockholm",
    "söker erfaren svetsare i Göteborg för stålbalkar",
    "vi behöver en snickare som kan bygga altan i Uppsala",
    "senior python developer with django and postgresql experience",
    "registered nurse available for night shifts in Örebro",
    "truck driver with ADR for deliveries around Jönköping",
)
PHRASES_AND_EXCLUSIONS = (
    '"project manager"', '"site manager" Stockholm', '"heat pumps"', 'welder -tig', 'developer -java',
    'nurse -Stockholm', 'electrician -Malmö', '"structural steel" -Göteborg', '"years of experience" welder',
    'carpenter -formwork',
)


def understood_searches(rng: random.Random, roles: list[str], cities: list[str]) -> list[Search]:
    """170 searches of the understanding's classes, the same for a given generator state."""
    from marketplace.core.vocabulary import fold

    accented = [city for city in cities if fold(city) != city.casefold()]
    trades = ["welder", "electrician", "carpenter", "plumber", "painter", "svetsare", "elektriker", "snickare"]
    mix = []
    for _ in range(40):
        mix.append(Search("sv words, synonyms", urlencode({"q": rng.choice(SWEDISH_AND_SYNONYMS)})))
    for _ in range(30):
        if rng.random() < 0.6:
            typo = rng.choice(TYPOS)
        else:  # a role with one inner letter dropped
            role = rng.choice([role for role in roles if len(role) >= 6])
            cut = rng.randrange(1, len(role) - 1)
            typo = role[:cut] + role[cut + 1:]
        mix.append(Search("typos", urlencode({"q": typo})))
    for _ in range(30):
        place = fold(rng.choice(accented))
        q = place.capitalize() if rng.random() < 0.3 else f"{rng.choice(trades)} {place.capitalize()}"
        mix.append(Search("unaccented places", urlencode({"q": q})))
    for _ in range(30):
        q = f"{rng.choice(trades)} {rng.choice(['in ', 'near ', 'i ', ''])}{rng.choice(cities)}"
        mix.append(Search("place in text", urlencode({"q": q})))
    for _ in range(20):
        mix.append(Search("sentences", urlencode({"q": rng.choice(SENTENCES)})))
    for _ in range(20):
        mix.append(Search("phrases, exclusions", urlencode({"q": rng.choice(PHRASES_AND_EXCLUSIONS)})))
    return mix


# What people start typing in the search box, in each language: trade words and job titles.
SUGGEST_WORDS = {
    "sv": ["svetsare", "elektriker", "snickare", "rörmokare", "målare", "sjuksköterska", "undersköterska",
           "lastbilschaufför", "utvecklare", "byggledare", "plattsättare", "takläggare", "ställningsbyggare",
           "kranförare", "truckförare", "fysioterapeut", "barnmorska", "programmerare"],
    "en": ["welder", "electrician", "carpenter", "plumber", "painter", "nurse", "developer", "driver",
           "engineer", "designer", "surveyor", "roofer", "tiler", "scaffolder", "physiotherapist", "midwife"],
}


def suggest_mix(seed: int) -> list[tuple[str, str]]:
    """The fixed mix of the suggestions: 300 (language, prefix) pairs, prefixes of 1–6 letters of
    skill names, trade words and places, the same for a given seed."""
    from marketplace.demo.people import CITIES
    from marketplace.demo.taxonomy import CATEGORIES

    rng = random.Random(f"valund-suggest-benchmark:{seed}")
    skills = [skill.name for category in CATEGORIES for skill in category.skills]
    cities = [city.name for city in CITIES]
    mix = []
    for _ in range(300):
        language = rng.choice(["sv", "en"])
        word = rng.choice(rng.choice([SUGGEST_WORDS[language], skills, cities]))
        mix.append((language, word[:rng.randint(1, 6)].lower()))
    return mix


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


# The words of the mix that name skills, for a database whose skills have no Swedish names or
# synonyms (seed_demo does not give them yet): slug → (Swedish name, synonyms). Only empty
# fields are filled, so a vocabulary that seed_demo or an editor wrote is measured as it is.
BENCHMARK_VOCABULARY = {
    "welding": ("Svetsning", "svetsare\nwelder\nMIG-svetsare\nMIG/MAG"),
    "tig-welding": ("TIG-svetsning", "TIG-svetsare\nTIG welder"),
    "electrical-installation": ("Elinstallation", "elektriker\nelectrician\nelinstallatör"),
    "carpentry": ("Snickeri", "snickare\ncarpenter\nbyggnadssnickare"),
    "plumbing": ("VVS och rörarbeten", "rörmokare\nplumber\nVVS\nVVS-montör"),
    "painting": ("Måleri", "målare\npainter\ndecorator"),
    "hvac-installation": ("Ventilationsinstallation", "VVS\nventilationsmontör\nHVAC installer"),
    "dotnet": ("C# och .NET", "C#\n.NET\ndotnet\n.NET developer"),
    "registered-nurse": ("Sjuksköterska", "sjuksköterska\nnurse\nRN"),
    "truck-driving": ("Lastbilskörning", "lastbilschaufför\ntruck driver\nCE-förare"),
}


def ensure_vocabulary() -> int:
    """Fills BENCHMARK_VOCABULARY's empty fields; returns how many skills changed (update(),
    without the receivers: the benchmark rebuilds the index afterwards anyway)."""
    from marketplace.accounts.models import Skill

    changed = 0
    for skill in Skill.objects.filter(slug__in=BENCHMARK_VOCABULARY):
        name_sv, synonyms = BENCHMARK_VOCABULARY[skill.slug]
        fields = {key: value for key, value in (("name_sv", name_sv), ("synonyms", synonyms))
                  if not getattr(skill, key)}
        if fields:
            changed += Skill.objects.filter(pk=skill.pk).update(**fields)
    return changed


def percentiles(values: list[float]) -> tuple[float, float, float]:
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return cuts[49], cuts[94], cuts[98]


def ms(values: list[float]) -> str:
    p50, p95, p99 = percentiles(values)
    return f"{p50 * 1000:7.1f} {p95 * 1000:7.1f} {p99 * 1000:7.1f}"


def prepare(args) -> tuple[str | None, bool]:
    """Recreate and seed the database unless --reuse finds it seeded; returns the server URL
    to drop it afterwards (None to keep it) and whether it was seeded now."""
    import psycopg

    if args.reuse:
        try:
            with psycopg.connect(urlsplit(args.database_url)._replace(scheme="postgresql").geturl()) as conn:
                seeded = conn.execute("SELECT count(*) FROM search_searchentry").fetchone()[0] > 0
        except psycopg.Error:
            seeded = False
        if seeded:
            return None, False
    server = recreate_postgres(args.database_url)
    return (None if args.reuse or args.keep else server), True


def python_speed() -> float:
    """Seconds for a fixed pure-Python loop (best of three): the same machine type can run two
    or three times slower on another day, and most of a response is Python, so figures from
    different runs compare only alongside this."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        sum(number * number for number in range(5_000_000))
        best = min(best, time.perf_counter() - started)
    return best


def main():
    args = parse_args()
    if not urlsplit(args.database_url).scheme.startswith("postgres"):
        sys.exit("The search benchmark needs PostgreSQL (--database-url postgres://…_bench).")
    drop_server, fresh = prepare(args)

    # One client makes every request: the directory's per-address limit would answer 429.
    unlimited = "1000000/m/ip,1000000/m/user"
    setup_django(args.database_url, RATE_LIMIT_SEARCH=unlimited, RATE_LIMIT_SUGGEST=unlimited)
    from django.core.management import call_command
    from django.db import connection, connections, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from marketplace.search import selectors, services
    from marketplace.search.forms import SearchForm
    from marketplace.search.models import SearchWord
    from pages.models import FreelancerDirectoryPage

    try:
        print(f"Machine: {machine()}; Python speed: {python_speed():.2f} s for a fixed loop (lower is faster)")
        print(f"Database: PostgreSQL {'.'.join(map(str, connection.get_database_version()))}")
        # A reused database gets the migrations added since it was seeded (new indexes too).
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        if time.perf_counter() - started > 5:
            print(f"migrate: {time.perf_counter() - started:.1f} s")
        if fresh:
            started = time.perf_counter()
            call_command("seed_demo", freelancers=args.freelancers, clients=args.clients, seed=args.seed,
                         force=True, quiet=True)
            print(f"seed_demo --freelancers {args.freelancers}: {time.perf_counter() - started:.1f} s "
                  "(rebuilding the search index at its end)")
        filled = ensure_vocabulary()
        if filled:
            print(f"vocabulary: {filled} skills without Swedish names or synonyms given the mix's words")
        if fresh or filled or not args.no_rebuild:
            rebuilt = services.rebuild()
            print(f"rebuild_search_index: {rebuilt.profiles:,} profiles in {rebuilt.seconds:.1f} s")
        elif not SearchWord.objects.exists():
            started = time.perf_counter()
            print(f"refresh_words: {services.refresh_words():,} words in {time.perf_counter() - started:.1f} s")
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('search_searchentry'))")
            print(f"search_searchentry with its indexes: {cursor.fetchone()[0]}")

        directory = FreelancerDirectoryPage.objects.live().first()
        base = directory.url if directory else None
        if base is None:
            sys.exit("No live freelancer directory page: seed_demo creates one.")
        client = Client()

        def params_of(querystring: str):
            from django.http import QueryDict

            return SearchForm(QueryDict(querystring)).to_params()

        if args.show_sql:
            params = params_of(args.show_sql)
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
            return

        if args.only_suggest:
            time_suggestions(client, args.seed, args.rounds)
            return

        mix = searches(args.seed)[::max(args.every, 1)]
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

        columns = ("cold", "warm", "database", "engine", "sql")
        for round_number in range(args.rounds + 1):  # round 0 warms up and captures the SQL
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
                row = timings.setdefault(search.kind, {column: [] for column in columns})
                for column, value in zip(columns, (cold, warm, database, engine), strict=False):
                    row[column].append(value)
                by_search.setdefault(search.querystring, []).append(cold)

        with connection.cursor() as cursor:
            for _ in range(args.rounds):
                for search in mix:
                    started = time.perf_counter()
                    for sql in bare_sql[search.querystring]:
                        cursor.execute(sql)  # BEGIN, the planner setting and COMMIT too
                        if cursor.description is not None:
                            cursor.fetchall()
                    timings[search.kind]["sql"].append(time.perf_counter() - started)

        everything = {column: [v for row in timings.values() for v in row[column]] for column in columns}
        cold_queries = [cold for cold, _warm in queries_per_response]
        warm_queries = [warm for _cold, warm in queries_per_response]
        print(f"\n{len(mix)} searches x {args.rounds} round(s) after a warm-up round; times in ms: p50 p95 p99")
        print(f"SQL queries per response: cold {min(cold_queries)}–{max(cold_queries)}, "
              f"warm {min(warm_queries)}–{max(warm_queries)}")
        headings = ("response, cold", "response, warm", "database, cold", "engine, cold", "bare SQL, cold")
        print(f"{'':24}" + "".join(f"{heading:>26}" for heading in headings))
        for kind, row in [*timings.items(), ("all", everything)]:
            counts = queries_by_kind.get(kind, cold_queries)
            print(f"{kind:24}" + "".join(f"   {ms(row[column])}" for column in columns)
                  + f"   (n={len(row['cold'])}, {min(counts)}–{max(counts)} queries cold)")
        print("\nslowest cold responses (median of rounds):")
        slowest = sorted(((statistics.median(times), qs) for qs, times in by_search.items()), reverse=True)
        for seconds, querystring in slowest[:8]:
            print(f"  {seconds * 1000:7.1f} ms  ?{querystring}")
        time_suggestions(client, args.seed, args.rounds)
    finally:
        connections.close_all()
        if drop_server:
            drop_postgres(drop_server, urlsplit(args.database_url).path.lstrip("/"))


if __name__ == "__main__":
    main()
