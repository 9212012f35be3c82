"""Load test: gunicorn with the production settings, PostgreSQL and Redis on this machine, and
many concurrent users.

    .venv/bin/python benchmarks/load.py          # valund_load_bench; seeded with 100,000 freelancers if empty
    .venv/bin/python benchmarks/load.py --users 50 --duration 60 --workers 5
    .venv/bin/python benchmarks/load.py --database-url postgres://postgres@127.0.0.1:5432/small_bench \\
        --seed-freelancers 2000 --duration 10    # a quick try on a small database

What it does:

1. Checks the database (migrated and seeded; a missing or empty one is created and seeded with
   --seed-freelancers, and kept for the next run; its name must end in "_bench", as for
   seed.py, and the script never drops a database that holds profiles), collects
   static files as a build would (`collectstatic` with valund.settings.base into staticfiles/).
2. Starts gunicorn as the Procfile's `web` does (`gunicorn valund.wsgi`, ./gunicorn.conf.py,
   valund.settings.production, access log) on a free loopback port with --workers (default
   2 x cores + 1), a random SECRET_KEY, DEBUG off, REDIS_URL on a Redis database of its own
   (--redis-url, default db 5: it must be empty or the benchmark's own, and is emptied at the
   end), SECURE_SSL_REDIRECT=0 (plain HTTP on loopback) and the site's own rate limits lifted
   (every simulated visitor comes from 127.0.0.1; the limits are still counted in Redis).
   The `Secure` cookie flag stays on: this client sends cookies over plain HTTP regardless.
3. Logs members in without a password: a session for each (the demo freelancer, the demo
   client, and seeded members at random, whose passwords are unusable) is written with
   Django's own session engine, exactly as `login()` would, and deleted at the end. No
   password is changed.
4. Runs --users concurrent users (an asyncio HTTP/1.1 client, standard library only, a new
   connection per request since gunicorn's sync workers close it) for --warmup seconds
   unrecorded, then --duration seconds of the mix, with no think time (each user sends its
   next request when the last one is answered):

     visitors (--users minus --members): a public profile at random (45 %), the home page
       (20 %), a search from benchmarks/search_mix.py's fixed mix of 410 (25 %), the directory's
       landing page (10 %); each keeps its cookies and is replaced by a new visitor (no
       cookies) after about 8 pages
     members (--members, each its own account): their dashboard (40 %), bookings list
       (30 %), notifications (30 %)

   then the anonymous visitors' phase: the same number of users, all visitors without cookies,
   on the pages search engines and shared links bring people to: one of the --popular (50)
   first profiles (45 %), the home page (20 %), one of the --popular first searches (25 %), the
   directory's landing page (10 %);

   with --varnish, varnishd with deploy/varnish.vcl in front of the same gunicorn, and through
   it the anonymous visitors' phase, the home page, a profile and a static file (whitenoise's
   hashed CSS, a year's public Cache-Control: the proxy's own ceiling);

   then the same number of visitors for --duration seconds against each ceiling page:
   `/healthz` (answered by the third middleware, before sessions, routing and views: the cost
   of gunicorn, WSGI and this client, the most any page could do) and `/robots.txt` (a
   template view through the whole middleware stack and URL routing, no database).
5. Prints per page the requests, errors, redirects, throughput and p50/p95/p99 of the
   response time (connect to last byte, including the time waiting for a free worker), the
   totals, the cache hit ratio of each phase (Varnish's X-Cache, else Django's X-Page-Cache:
   hits over all requests), and the ratios of the mix and the anonymous visitors to the
   ceilings and, through Varnish, of the pages to the static file. Any response other than 2xx or 3xx, a
   member page redirected to the login, or a failed connection is an error, and the script
   exits 1 when there is any.

The client runs on the same cores as the server, so it takes part of the machine; with no
think time the figures are the capacity of the server under saturation, and a response time
includes the wait in gunicorn's queue.
"""

import argparse
import asyncio
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.database import database_name, setup_django  # noqa: E402
from benchmarks.load_client import HttpClient, Result, add_server_times, probe, run_phase  # noqa: E402
from benchmarks.load_server import (  # noqa: E402
    check_migrations,
    claim_redis,
    collect_static,
    free_port,
    prepare_database,
    release_redis,
    server_environment,
    start_server,
    stop_server,
)
from benchmarks.load_users import (  # noqa: E402
    MEMBER_MIX,
    VISITOR_MIX,
    Targets,
    VirtualUser,
    choose_targets,
    delete_sessions,
)
from benchmarks.report import database_version, load_average, machine, ms, percentiles  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"
# The anonymous visitors' phase: the pages a search engine or a shared link brings people to.
ANONYMOUS_MIX = {"profile": 45, "home": 20, "search": 25, "directory": 10}
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/valund_load_bench"
DEFAULT_REDIS = "redis://127.0.0.1:6379/5"
CEILINGS = ("/healthz", "/robots.txt")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=DEFAULT_URL, help="postgres://…_bench (default valund_load_bench)")
    parser.add_argument("--seed-freelancers", type=int, default=100_000, metavar="N",
                        help="Freelancers to seed a missing or empty database with (default 100,000; 0: refuse).")
    parser.add_argument("--redis-url", default=DEFAULT_REDIS,
                        help=f"A Redis database of its own (default {DEFAULT_REDIS}).")
    parser.add_argument("--users", type=int, default=50, help="Concurrent users (default 50).")
    parser.add_argument("--members", type=int, default=15, help="How many of them are logged-in members (default 15).")
    parser.add_argument("--duration", type=float, default=60, help="Seconds per measured phase (default 60).")
    parser.add_argument("--warmup", type=float, default=10, help="Unrecorded seconds of the mix first (default 10).")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1,
                        help="gunicorn workers (default 2 x cores + 1).")
    parser.add_argument("--ceiling", default=",".join(CEILINGS),
                        help="Comma-separated ceiling pages, each its own phase ('' for none).")
    parser.add_argument("--no-mix", action="store_true", help="Only the ceiling phases.")
    parser.add_argument("--popular", type=int, default=50, metavar="N",
                        help="The anonymous visitors' phase: the N most visited profiles and searches (default 50).")
    parser.add_argument("--varnish", action="store_true",
                        help="Also through Varnish (deploy/varnish.vcl in front of gunicorn): the anonymous "
                             "visitors, home, a profile and a static file (needs varnishd).")
    parser.add_argument("--seed", type=int, default=2026, help="Random seed for the choices (default 2026).")
    parser.add_argument("--keep-logs", action="store_true", help="Keep gunicorn's logs (kept anyway on errors).")
    return parser.parse_args()


def print_phase(title: str, results: list[Result], elapsed: float, order: list[str]) -> dict[str, float]:
    """The table of a phase, per page and in all, and its errors; returns the requests per second per page."""
    by_page: dict[str, list[Result]] = defaultdict(list)
    for result in results:
        by_page[result.page].append(result)
    print(f"\n{title}: {len(results):,} requests in {elapsed:.1f} s; times in ms, p50 p95 p99, "
          "response (from connecting to the last byte) and server (gunicorn's time, without the queue)")
    print(f"{'page':15}{'requests':>9}{'errors':>7}{'3xx':>5}{'req/s':>8}{'response':>24}{'server':>22}")
    throughput = {}
    for page in [*order, "all"]:
        rows = results if page == "all" else by_page.get(page, [])
        if not rows:
            continue
        ok = [row.seconds for row in rows if not row.error]
        server = [row.server_seconds for row in rows if not row.error and row.server_seconds is not None]
        errors = sum(1 for row in rows if row.error)
        redirects = sum(1 for row in rows if 300 <= row.status < 400)
        throughput[page] = len(rows) / elapsed
        response = ms(ok)
        served = " ".join(f"{value * 1000:6.0f}" for value in percentiles(server)) if server else f"{'–':>20}"
        print(f"{page:15}{len(rows):>9,}{errors:>7}{redirects:>5}{len(rows) / elapsed:>8.1f}  {response}  {served}")
    cached = [row.cache for row in results if row.cache]
    if cached:
        counts = Counter(cached)
        hits = counts["hit"]
        print(f"  cache: {hits:,} hits of {len(results):,} requests = hit ratio {hits / len(results):.3f} "
              f"({', '.join(f'{state} {count:,}' for state, count in counts.most_common())})")
        throughput["hit ratio"] = hits / len(results)
    failures = Counter((row.page, row.error) for row in results if row.error)
    for (page, error), count in failures.most_common(10):
        example = next(row.path for row in results if row.page == page and row.error == error)
        print(f"  ERROR {page}: {error} x{count} (e.g. {example})")
    return throughput


def start_varnish(backend_port: int, port: int, logs: Path) -> subprocess.Popen:
    """deploy/varnish.vcl as it is but for its backend's port, on 127.0.0.1:port."""
    if not Path(VARNISHD).exists():
        sys.exit("--varnish needs varnishd (apt-get install varnish)")
    vcl = re.sub(r'\.port = "\d+";', f'.port = "{backend_port}";', (ROOT / "deploy" / "varnish.vcl").read_text(),
                 count=1)
    (logs / "valund.vcl").write_text(vcl)
    process = subprocess.Popen(  # noqa: S603 - varnishd with arguments written here
        [VARNISHD, "-F", "-j", "none", "-n", str(logs / "varnish"), "-a", f"127.0.0.1:{port}",
         "-f", str(logs / "valund.vcl"), "-s", "malloc,256m", "-T", "none"],
        stdout=open(logs / "varnish.log", "wb"), stderr=subprocess.STDOUT,
    )
    started = time.perf_counter()
    while time.perf_counter() - started < 30:
        try:
            if asyncio.run(HttpClient(port).get("/robots.txt", {}))[0] == 200:
                print(f"Varnish on 127.0.0.1:{port} in front of gunicorn")
                return process
        except OSError:
            pass
        time.sleep(0.3)
    process.terminate()
    sys.exit(f"varnishd did not answer within 30 s; see {logs}")


def main():
    args = parse_args()
    if args.members > args.users:
        sys.exit("--members cannot exceed --users.")
    prepare_database(args)
    port = free_port()
    env = server_environment(args, port)
    setup_django(args.database_url, env["DJANGO_SETTINGS_MODULE"], **env)
    from django.conf import settings
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.db import connections

    print(f"Machine: {machine()}; load average {load_average()}")
    print(f"Database: {database_name(args.database_url)}, PostgreSQL "
          f"{database_version()}; Redis {args.redis_url}")
    check_migrations()
    claim_redis(args.redis_url)
    collect_static()
    rng = random.Random(f"valund-load-benchmark:{args.seed}")
    targets = choose_targets(args, rng)
    session_keys = [key for _who, key in targets.member_sessions]
    connections.close_all()
    logs = Path(tempfile.mkdtemp(prefix="valund-load-"))
    server = start_server(args, env, port, logs)
    client = HttpClient(port)
    session_cookie = settings.SESSION_COOKIE_NAME
    failed = False
    try:
        users = [VirtualUser(member=targets.member_sessions[i] if i < args.members else None,
                      rng=random.Random(rng.random())) for i in range(args.users)]

        def mix(user: VirtualUser) -> tuple[str, str]:
            return user.next_request(targets, session_cookie)

        member = users[0].member if args.members else None
        probed = asyncio.run(probe(client, targets, member, session_cookie))
        bad = [(page, path, status) for page, path, status in probed if status != 200]
        if bad:
            failed = True
            sys.exit(f"Pages not answering 200 before the run: {bad}; see {logs}")

        order = [*VISITOR_MIX, *MEMBER_MIX]
        figures: dict[str, dict[str, float]] = {}
        if not args.no_mix:
            if args.warmup:
                warm, _ = asyncio.run(run_phase(client, users, mix, args.warmup))
                errors = sum(1 for row in warm if row.error)
                print(f"Warm-up: {len(warm):,} requests in {args.warmup:.0f} s, {errors} errors")
            results, elapsed = asyncio.run(run_phase(client, users, mix, args.duration))
            add_server_times(results, logs / "access.log")
            figures["mix"] = print_phase(
                f"Mix: {args.users} users ({args.users - args.members} visitors, {args.members} members), "
                f"{args.workers} workers", results, elapsed, order)
            failed |= any(row.error for row in results)
        visitors = [VirtualUser(member=None, rng=random.Random(rng.random())) for _ in range(args.users)]
        popular = Targets(slugs=targets.slugs[: args.popular], directory=targets.directory,
                          searches=targets.searches[: args.popular], member_sessions=[], home=targets.home)

        def anonymous(user: VirtualUser) -> tuple[str, str]:
            page = user.rng.choices(list(ANONYMOUS_MIX), weights=list(ANONYMOUS_MIX.values()))[0]
            if page == "profile":
                return page, f"{popular.directory}{user.rng.choice(popular.slugs)}/"
            if page == "search":
                return page, user.rng.choice(popular.searches)
            return page, popular.directory if page == "directory" else popular.home

        if not args.no_mix:
            results, elapsed = asyncio.run(run_phase(client, visitors, anonymous, args.duration))
            add_server_times(results, logs / "access.log")
            figures["anonymous"] = print_phase(
                f"Anonymous visitors: {args.users} users, {len(popular.slugs)} popular profiles and searches, "
                "home, landing", results, elapsed, list(ANONYMOUS_MIX))
            failed |= any(row.error for row in results)
        if args.varnish:
            varnish_port = free_port()
            varnish = start_varnish(port, varnish_port, logs)
            try:
                proxy = HttpClient(varnish_port)
                static = staticfiles_storage.url("css/valund.css")
                profile = f"{targets.directory}{targets.slugs[0]}/"
                results, elapsed = asyncio.run(run_phase(proxy, visitors, anonymous, args.duration))
                figures["varnish anonymous"] = print_phase(
                    f"Through Varnish, anonymous visitors: {args.users} users", results, elapsed, list(ANONYMOUS_MIX))
                failed |= any(row.error for row in results)
                for name, path in (("home", targets.home), ("profile", profile), ("static file", static)):
                    results, elapsed = asyncio.run(run_phase(proxy, visitors, lambda user, n=name, p=path: (n, p),
                                                             args.duration))
                    figures[f"varnish {name}"] = print_phase(
                        f"Through Varnish, {name} {path}: {args.users} users", results, elapsed, [name])
                    failed |= any(row.error for row in results)
                ceiling = figures["varnish static file"]["static file"]
                for name in ("home", "profile"):
                    value = figures[f"varnish {name}"][name]
                    print(f"Varnish {name} / static file: {value:.1f} / {ceiling:.1f} req/s = {value / ceiling:.3f}")
                value = figures["varnish anonymous"]["all"]
                print(f"Varnish anonymous visitors / static file: {value:.1f} / {ceiling:.1f} req/s = "
                      f"{value / ceiling:.3f}")
            finally:
                varnish.terminate()
                varnish.wait(timeout=20)
        for page in [p for p in args.ceiling.split(",") if p]:
            # As visitors (no cookies): a page from the cache is a visitor's; a member's is rendered.
            results, elapsed = asyncio.run(run_phase(client, visitors, lambda user, page=page: (page, page),
                                                     args.duration))
            add_server_times(results, logs / "access.log")
            figures[page] = print_phase(f"Ceiling {page}: {args.users} users", results, elapsed, [page])
            failed |= any(row.error for row in results)
        if "anonymous" in figures:
            for page in [p for p in args.ceiling.split(",") if p in figures]:
                ceiling, value = figures[page][page], figures["anonymous"]["all"]
                print(f"Anonymous visitors / {page}: {value:.1f} / {ceiling:.1f} req/s = {value / ceiling:.3f}")
        if "mix" in figures:
            for page in [p for p in args.ceiling.split(",") if p in figures]:
                ceiling = figures[page][page]
                print(f"Mix / {page}: {figures['mix']['all']:.1f} / {ceiling:.1f} req/s = "
                      f"{figures['mix']['all'] / ceiling:.3f} ({ceiling / figures['mix']['all']:.1f}x)")
        print(f"Load average at the end: {load_average()}")
    finally:
        stop_server(server)
        delete_sessions(session_keys)
        connections.close_all()
        release_redis(args.redis_url)
        shutil.rmtree(env["PROMETHEUS_MULTIPROC_DIR"], ignore_errors=True)
        if failed or args.keep_logs:
            print(f"gunicorn's logs kept in {logs}")
        else:
            shutil.rmtree(logs, ignore_errors=True)
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
