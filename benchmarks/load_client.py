"""load.py's HTTP client: an asyncio HTTP/1.1 client on the standard library alone, a new
connection per request (gunicorn's sync workers close it), the users sending request after
request through it for a phase, and gunicorn's own time for each read back from its access log."""

import asyncio
import json
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.load_users import MEMBER_PAGES, Targets, VirtualUser

REQUEST_TIMEOUT = 60.0


@dataclass
class Result:
    page: str
    seconds: float
    status: int  # 0: the connection failed
    path: str
    error: str = ""
    request_id: str = ""
    server_seconds: float | None = None  # gunicorn's own time for it, from its access log
    cache: str = ""  # "hit", "miss", "stale" or "pass": Varnish's X-Cache, else X-Page-Cache (Django's)


class HttpClient:
    def __init__(self, port: int):
        self.port = port

    async def get(
        self, path: str, cookies: dict[str, str], request_id: str = ""
    ) -> tuple[int, list[str], str, float, str]:
        """Status, Set-Cookie headers, Location, seconds from connecting to the last byte, and
        what the caches did (Varnish's X-Cache before Django's X-Page-Cache; "" for neither)."""
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
        set_cookies, location, caches = [], "", {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            name = name.strip().lower()
            if name == "set-cookie":
                set_cookies.append(value.strip())
            elif name == "location":
                location = value.strip()
            elif name in ("x-cache", "x-page-cache"):
                caches[name] = value.strip().lower()
        return status, set_cookies, location, seconds, caches.get("x-cache") or caches.get("x-page-cache", "")


def update_cookies(jar: dict[str, str], set_cookies: list[str]) -> None:
    for header in set_cookies:
        pair, *attributes = header.split(";")
        name, _, value = pair.strip().partition("=")
        expired = any(a.strip().lower() in ("max-age=0",) or "1970" in a for a in attributes)
        if expired or not value or value == '""':
            jar.pop(name, None)
        else:
            jar[name] = value


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
                status, set_cookies, location, took, cache = await asyncio.wait_for(
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
            results.append(Result(page, took, status, path, problem, request_id, cache=cache))

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



async def probe(client: HttpClient, targets: Targets, member: tuple[str, str] | None,
                session_cookie: str) -> list[tuple[str, str, int]]:
    """One of each page, (page, path, status), so that a broken page stops the run at once."""
    paths = [("home", targets.home), ("directory", targets.directory), ("search", targets.searches[0]),
             ("profile", f"{targets.directory}{targets.slugs[0]}/")]
    results = []
    for page, path in paths:
        status, *_ = await client.get(path, {})
        results.append((page, path, status))
    if member:
        for page, path in MEMBER_PAGES.items():
            status, *_ = await client.get(path, {session_cookie: member[1]})
            results.append((page, path, status))
    return results
