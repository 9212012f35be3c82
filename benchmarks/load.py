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
       (20 %), a search from benchmarks/search.py's fixed mix of 240 (25 %), the directory's
       landing page (10 %); each keeps its cookies and is replaced by a new visitor (no
       cookies) after about 8 pages
     members (--members, each its own account): their dashboard (40 %), bookings list
       (30 %), notifications (30 %)

   then the same number of users for --duration seconds against each ceiling page:
   `/healthz` (answered by the third middleware, before sessions, routing and views: the cost
   of gunicorn, WSGI and this client, the most any page could do) and `/robots.txt` (a
   template view through the whole middleware stack and URL routing, no database).
5. Prints per page the requests, errors, redirects, throughput and p50/p95/p99 of the
   response time (connect to last byte, including the time waiting for a free worker), the
   totals, and the ratio of the mix to the ceilings. Any response other than 2xx or 3xx, a
   member page redirected to the login, or a failed connection is an error, and the script
   exits 1 when there is any.

The client runs on the same cores as the server, so it takes part of the machine; with no
think time the figures are the capacity of the server under saturation, and a response time
includes the wait in gunicorn's queue.
"""

import argparse
import asyncio
import json
import os
import random
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.database import machine, recreate_postgres  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/valund_load_bench"
DEFAULT_REDIS = "redis://127.0.0.1:6379/5"
OWNER_KEY = "valund-load-benchmark:owner"  # marks the Redis database as this script's own
VISITOR_MIX = {"profile": 45, "home": 20, "search": 25, "directory": 10}
MEMBER_MIX = {"dashboard": 40, "bookings": 30, "notifications": 30}
CEILINGS = ("/healthz", "/robots.txt")
MEMBER_PAGES = {"dashboard": "/dashboard/", "bookings": "/bookings/", "notifications": "/notifications/"}
VISITOR_PAGES_PER_VISIT = 8
REQUEST_TIMEOUT = 60.0


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
    parser.add_argument("--seed", type=int, default=2026, help="Random seed for the choices (default 2026).")
    parser.add_argument("--keep-logs", action="store_true", help="Keep gunicorn's logs (kept anyway on errors).")
    return parser.parse_args()


# --- The database, the server's environment ------------------------------------------------------


def prepare_database(args) -> None:
    import psycopg

    parts = urlsplit(args.database_url)
    if not parts.scheme.startswith("postgres"):
        sys.exit("The load test needs PostgreSQL (--database-url postgres://…_bench).")
    conninfo = parts._replace(scheme="postgresql").geturl()
    try:
        with psycopg.connect(conninfo) as conn:
            seeded = conn.execute("SELECT count(*) FROM accounts_profile").fetchone()[0] > 0
    except psycopg.Error:
        seeded = False
    if seeded:
        return
    if not args.seed_freelancers:
        sys.exit(f"{parts.path.lstrip('/')} is missing or not seeded: pass --seed-freelancers N to seed it.")
    recreate_postgres(args.database_url)  # refuses a name that does not end in "_bench"
    env = {**os.environ, "DATABASE_URL": args.database_url, "DJANGO_SETTINGS_MODULE": "valund.settings.base",
           "DEBUG": "0"}
    started = time.perf_counter()
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True, cwd=ROOT)  # noqa: S603
    seed = ["seed_demo", "--freelancers", str(args.seed_freelancers),
            "--clients", str(max(15, args.seed_freelancers // 100)), "--documents", "--force", "--quiet"]
    subprocess.run([*manage, *seed], env=env, check=True, cwd=ROOT)  # noqa: S603
    print(f"Seeded {parts.path.lstrip('/')} with {args.seed_freelancers:,} freelancers "
          f"in {time.perf_counter() - started:.0f} s")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_environment(args, port: int) -> dict[str, str]:
    unlimited = "1000000/m/ip,1000000/m/user"
    env = {
        "DJANGO_SETTINGS_MODULE": "valund.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "RATE_LIMIT_SEARCH": unlimited,
        "RATE_LIMIT_VERIFICATION": unlimited,
        "PROMETHEUS_MULTIPROC_DIR": tempfile.mkdtemp(prefix="valund-load-prometheus-"),
    }
    for name in ("METRICS_TOKEN", "METRICS_ALLOWED_IPS", "SENTRY_DSN", "EMAIL_HOST", "STRIPE_SECRET_KEY",
                 "AWS_STORAGE_BUCKET_NAME", "AWS_PRIVATE_BUCKET_NAME", "DATABASE_PGBOUNCER"):
        env[name] = ""
    return env


def claim_redis(url: str) -> None:
    """The Redis database must be empty or left by an earlier run of this script."""
    import redis

    client = redis.Redis.from_url(url)
    keys = client.dbsize()
    if keys and not client.exists(OWNER_KEY):
        sys.exit(f"{url} holds {keys} keys that are not this benchmark's: choose another --redis-url database.")
    client.flushdb()
    client.set(OWNER_KEY, "1")


def release_redis(url: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    if client.exists(OWNER_KEY):
        client.flushdb()


# --- What the users ask for -------------------------------------------------------------------------


@dataclass
class Targets:
    slugs: list[str]
    directory: str
    searches: list[str]
    member_sessions: list[tuple[str, str]]  # (who, session key)


def check_migrations() -> None:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        names = ", ".join(f"{migration.app_label}.{migration.name}" for migration, _backwards in plan[:5])
        sys.exit(f"The database lacks {len(plan)} migration(s) ({names}…): run migrate on it first.")


def choose_targets(args, rng: random.Random) -> Targets:
    from allauth.account.models import EmailAddress
    from django.conf import settings

    from benchmarks.search import searches
    from marketplace.accounts.models import Profile, User
    from marketplace.demo.logins import DEMO_CLIENT, DEMO_FREELANCER
    from pages.models import FreelancerDirectoryPage

    directory = FreelancerDirectoryPage.objects.live().first()
    if directory is None:
        sys.exit("No live freelancer directory page: seed_demo creates one.")
    base = directory.url
    public = Profile.objects.for_public_display()
    total = public.count()
    # A random sample without sorting 100,000 rows by random(): every n-th profile by key.
    step = max(1, total // 5000)
    slugs = list(public.order_by("pk").values_list("slug", flat=True)[::step]) if step > 1 else \
        list(public.values_list("slug", flat=True))
    mix = [f"{base}?{search.querystring}" for search in searches(args.seed)]

    members = [User.objects.get(email=DEMO_FREELANCER.email), User.objects.get(email=DEMO_CLIENT.email)]
    verified = EmailAddress.objects.filter(verified=True, primary=True).values("user_id")
    others = list(
        User.objects.filter(is_active=True, is_staff=False, role__in=[User.Role.FREELANCER, User.Role.CLIENT],
                            pk__in=verified)
        .exclude(pk__in=[member.pk for member in members])
        .order_by("pk")
        .values_list("pk", flat=True)[:20000]
    )
    chosen = rng.sample(others, min(len(others), max(0, args.members - len(members))))
    members += list(User.objects.filter(pk__in=chosen).order_by("pk"))
    members = members[: args.members]
    sessions = [(f"{member.role}:{member.email}", login_session(member)) for member in members]
    print(f"Targets: {len(slugs):,} public profiles of {total:,}, {len(mix)} searches, {len(sessions)} members "
          f"({', '.join(who for who, _ in sessions[:2])} and {max(0, len(sessions) - 2)} seeded ones); "
          f"sessions in {settings.SESSION_ENGINE}")
    return Targets(slugs=slugs, directory=base, searches=mix, member_sessions=sessions)


def login_session(user) -> str:
    """A session as django.contrib.auth.login() writes it: the user's key, the backend and the
    password hash's HMAC (with the server's SECRET_KEY, which this process shares)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def delete_sessions(keys: list[str]) -> None:
    from importlib import import_module

    from django.conf import settings

    engine = import_module(settings.SESSION_ENGINE)
    for key in keys:
        engine.SessionStore(session_key=key).delete()


# --- The HTTP client --------------------------------------------------------------------------------


@dataclass
class Result:
    page: str
    seconds: float
    status: int  # 0: the connection failed
    path: str
    error: str = ""
    request_id: str = ""
    server_seconds: float | None = None  # gunicorn's own time for it, from its access log


class HttpClient:
    def __init__(self, port: int):
        self.port = port

    async def get(self, path: str, cookies: dict[str, str], request_id: str = "") -> tuple[int, list[str], str, float]:
        """Status, Set-Cookie headers, Location, seconds from connecting to the last byte."""
        started = time.perf_counter()
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        try:
            cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())
            request = (
                f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\nUser-Agent: valund-load-benchmark\r\n"
                "Accept: text/html,*/*\r\nAccept-Language: en\r\nConnection: close\r\n"
                + (f"Cookie: {cookie}\r\n" if cookie else "")
                + (f"X-Request-ID: {request_id}\r\n" if request_id else "") + "\r\n"
            )
            writer.write(request.encode("latin-1"))
            await writer.drain()
            data = await reader.read()  # Connection: close: the response ends with the connection
        finally:
            writer.close()
        seconds = time.perf_counter() - started
        head, _, _body = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1]) if lines and lines[0].startswith("HTTP/") else 0
        set_cookies, location = [], ""
        for line in lines[1:]:
            name, _, value = line.partition(":")
            name = name.strip().lower()
            if name == "set-cookie":
                set_cookies.append(value.strip())
            elif name == "location":
                location = value.strip()
        return status, set_cookies, location, seconds


def update_cookies(jar: dict[str, str], set_cookies: list[str]) -> None:
    for header in set_cookies:
        pair, *attributes = header.split(";")
        name, _, value = pair.strip().partition("=")
        expired = any(a.strip().lower() in ("max-age=0",) or "1970" in a for a in attributes)
        if expired or not value or value == '""':
            jar.pop(name, None)
        else:
            jar[name] = value


@dataclass
class VirtualUser:
    member: tuple[str, str] | None  # (who, session key)
    rng: random.Random
    cookies: dict[str, str] = field(default_factory=dict)
    pages_left: int = 0

    def next_request(self, targets: Targets, session_cookie: str) -> tuple[str, str]:
        if self.member is not None:
            self.cookies.setdefault(session_cookie, self.member[1])
            page = self.rng.choices(list(MEMBER_MIX), weights=list(MEMBER_MIX.values()))[0]
            return page, MEMBER_PAGES[page]
        if self.pages_left <= 0:  # a new visitor, without cookies
            self.cookies.clear()
            self.pages_left = max(1, round(self.rng.expovariate(1 / VISITOR_PAGES_PER_VISIT)))
        self.pages_left -= 1
        page = self.rng.choices(list(VISITOR_MIX), weights=list(VISITOR_MIX.values()))[0]
        if page == "profile":
            return page, f"{targets.directory}{self.rng.choice(targets.slugs)}/"
        if page == "search":
            return page, self.rng.choice(targets.searches)
        if page == "directory":
            return page, targets.directory
        return page, "/"


async def run_phase(client: HttpClient, users: list[VirtualUser], choose, seconds: float) -> tuple[list[Result], float]:
    """Every user sends a request, waits for the answer, sends the next, until the time is up;
    requests under way then are finished and counted."""
    results: list[Result] = []
    deadline = time.perf_counter() + seconds
    phase = secrets.token_hex(4)  # the request ids (in gunicorn's access log) of this phase

    async def run(user: VirtualUser):
        while time.perf_counter() < deadline:
            page, path = choose(user)
            request_id = f"load-{phase}-{len(results):09d}-{page.strip('/').replace('.', '_')}"
            try:
                status, set_cookies, location, took = await asyncio.wait_for(
                    client.get(path, user.cookies, request_id), REQUEST_TIMEOUT)
            except (OSError, TimeoutError, ValueError, IndexError) as error:
                results.append(Result(page, 0.0, 0, path, f"{type(error).__name__}: {error}", request_id))
                continue
            update_cookies(user.cookies, set_cookies)
            problem = ""
            if not 200 <= status < 400:
                problem = f"HTTP {status}"
            elif user.member is not None and status >= 300 and "/accounts/login" in location:
                problem = "member sent to the login"
            results.append(Result(page, took, status, path, problem, request_id))

    started = time.perf_counter()
    await asyncio.gather(*(run(user) for user in users))
    return results, time.perf_counter() - started


def add_server_times(results: list[Result], access_log: Path) -> None:
    """gunicorn's time for each request (its access log's duration_ms, joined on the request id):
    from the worker reading the request to its writing the response, without the queue."""
    by_id = {}
    with open(access_log, encoding="utf-8") as lines:
        for line in lines:
            try:
                entry = json.loads(line)
                by_id[entry["request_id"]] = float(entry["duration_ms"]) / 1000
            except (ValueError, KeyError):
                continue
    for result in results:
        result.server_seconds = by_id.get(result.request_id)


# --- The server --------------------------------------------------------------------------------------


def collect_static() -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "valund.settings.base"}
    started = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v0"],  # noqa: S603
                   env=env, check=True, cwd=ROOT)
    print(f"collectstatic (valund.settings.base, into staticfiles/): {time.perf_counter() - started:.1f} s")


def start_server(args, env: dict[str, str], port: int, logs: Path) -> subprocess.Popen:
    gunicorn = Path(sys.executable).parent / "gunicorn"
    command = [str(gunicorn), "valund.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers),
               "--access-logfile", str(logs / "access.log"), "--error-logfile", str(logs / "error.log")]
    output = open(logs / "output.log", "wb")  # the server's stdout and stderr for its lifetime
    # cwd: gunicorn reads ./gunicorn.conf.py there, as the Procfile's web process does.
    process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env}, stdout=output,  # noqa: S603
                               stderr=subprocess.STDOUT, start_new_session=True)
    started = time.perf_counter()
    while time.perf_counter() - started < 120:
        if process.poll() is not None:
            sys.exit(f"gunicorn stopped (exit {process.returncode}); see {logs}")
        try:
            status, *_ = asyncio.run(HttpClient(port).get("/readyz", {}))
            if status == 200:
                print(f"gunicorn: {args.workers} workers on 127.0.0.1:{port}, ready in "
                      f"{time.perf_counter() - started:.1f} s (/readyz); logs in {logs}")
                return process
        except OSError:
            pass
        time.sleep(0.5)
    stop_server(process)
    sys.exit(f"gunicorn did not answer /readyz within 120 s; see {logs}")


def stop_server(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- The report -------------------------------------------------------------------------------------


def percentiles(values: list[float]) -> tuple[float, float, float]:
    if len(values) < 2:
        value = values[0] if values else 0.0
        return value, value, value
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return cuts[49], cuts[94], cuts[98]


def report(title: str, results: list[Result], elapsed: float, order: list[str]) -> dict[str, float]:
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
        response = " ".join(f"{value * 1000:7.1f}" for value in percentiles(ok))
        served = " ".join(f"{value * 1000:6.0f}" for value in percentiles(server)) if server else f"{'–':>20}"
        print(f"{page:15}{len(rows):>9,}{errors:>7}{redirects:>5}{len(rows) / elapsed:>8.1f}  {response}  {served}")
    failures = Counter((row.page, row.error) for row in results if row.error)
    for (page, error), count in failures.most_common(10):
        example = next(row.path for row in results if row.page == page and row.error == error)
        print(f"  ERROR {page}: {error} x{count} (e.g. {example})")
    return throughput


def main():
    args = parse_args()
    if args.members > args.users:
        sys.exit("--members cannot exceed --users.")
    prepare_database(args)
    port = free_port()
    env = server_environment(args, port)
    os.environ.update(env)
    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection, connections

    print(f"Machine: {machine()}; load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"Database: {urlsplit(args.database_url).path.lstrip('/')}, PostgreSQL "
          f"{'.'.join(map(str, connection.get_database_version()))}; Redis {args.redis_url}")
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

        # One of each page first, so a broken page stops the run at once.
        async def probe():
            paths = [("home", "/"), ("directory", targets.directory), ("search", targets.searches[0]),
                     ("profile", f"{targets.directory}{targets.slugs[0]}/")]
            member = users[0].member if args.members else None
            results = []
            for page, path in paths:
                status, *_ = await client.get(path, {})
                results.append((page, path, status))
            if member:
                for page, path in MEMBER_PAGES.items():
                    status, *_ = await client.get(path, {session_cookie: member[1]})
                    results.append((page, path, status))
            return results

        bad = [(page, path, status) for page, path, status in asyncio.run(probe()) if status != 200]
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
            figures["mix"] = report(
                f"Mix: {args.users} users ({args.users - args.members} visitors, {args.members} members), "
                f"{args.workers} workers", results, elapsed, order)
            failed |= any(row.error for row in results)
        for page in [p for p in args.ceiling.split(",") if p]:
            results, elapsed = asyncio.run(run_phase(client, users, lambda user, page=page: (page, page),
                                                     args.duration))
            add_server_times(results, logs / "access.log")
            figures[page] = report(f"Ceiling {page}: {args.users} users", results, elapsed, [page])
            failed |= any(row.error for row in results)
        if "mix" in figures:
            for page in [p for p in args.ceiling.split(",") if p in figures]:
                ceiling = figures[page][page]
                print(f"Mix / {page}: {figures['mix']['all']:.1f} / {ceiling:.1f} req/s = "
                      f"{figures['mix']['all'] / ceiling:.3f} ({ceiling / figures['mix']['all']:.1f}x)")
        print(f"Load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
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
