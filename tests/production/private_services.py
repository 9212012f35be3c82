"""Private Redis and PostgreSQL servers that outage tests may stop and start again.

The shared servers on 6379 and 5432 serve everyone's tests (and CI's parallel workers): they
are never stopped. These run on free ports, in temporary folders, and are gone when the test
is: every fixture that starts one stops it and removes its files whatever the test did."""

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

REDIS_SERVER = shutil.which("redis-server")
POSTGRES_BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)), None)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, *, up: bool, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            listening = True
        except OSError:
            listening = False
        if listening == up:
            return
        time.sleep(0.05)
    raise TimeoutError(f"port {port} did not {'open' if up else 'close'} within {seconds} s")


class PrivateRedis:
    """redis-server on a free port, saving nothing by itself: stop() kills it and start() brings
    up an empty one on the same port, as a restarted cache server would be; stop(keep_data=True)
    saves its data first, so the next start() finds it again (a server with persistence)."""

    def __init__(self):
        if REDIS_SERVER is None:
            pytest.skip("needs redis-server on the PATH")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.folder = Path(tempfile.mkdtemp(prefix="valund-outage-redis-"))
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port, up=True)

    def stop(self, *, keep_data: bool = False) -> None:
        if self.process is not None and self.process.poll() is None:
            if keep_data:
                import redis

                try:
                    redis.Redis.from_url(self.url).shutdown(save=True)
                except redis.exceptions.ConnectionError:
                    pass  # the connection closes as the server stops
            else:
                (self.folder / "dump.rdb").unlink(missing_ok=True)
                self.process.kill()
            self.process.wait(timeout=10)
        self.process = None
        wait_for_port(self.port, up=False)

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


def _as_postgres(args: list, **kwargs):
    """initdb and pg_ctl refuse to run as root: as the postgres user when we are root."""
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run([*prefix, *map(str, args)], check=True, capture_output=True, text=True, **kwargs)  # noqa: S603


class PrivatePostgres:
    """A PostgreSQL cluster of its own in a temporary folder (trust authentication, no fsync):
    stop() is `pg_ctl stop -m fast` (what a restart or a crash-looping server looks like to
    the site: refused connections, open ones terminated), start() starts it again."""

    def __init__(self):
        if POSTGRES_BIN is None or not (POSTGRES_BIN / "initdb").exists():
            pytest.skip("needs PostgreSQL's server programs (initdb, pg_ctl) in /usr/lib/postgresql/*/bin")
        if os.geteuid() == 0 and shutil.which("runuser") is None:
            pytest.skip("running as root without runuser: initdb cannot be run as the postgres user")
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="valund-outage-pg-"))
        self.data = self.folder / "data"
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        _as_postgres([POSTGRES_BIN / "initdb", "-D", self.data, "-U", "postgres", "-A", "trust", "--no-sync",
                      "-E", "UTF8", "--locale", "C"])

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.folder} -c fsync=off"
        _as_postgres([POSTGRES_BIN / "pg_ctl", "-D", self.data, "-o", options, "-l", self.folder / "log", "-w",
                      "start"])

    def stop(self) -> None:
        _as_postgres([POSTGRES_BIN / "pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop"])

    def remove(self) -> None:
        subprocess.run(  # noqa: S603 - stops it if a test left it running
            [*(["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []), str(POSTGRES_BIN / "pg_ctl"),
             "-D", str(self.data), "-m", "immediate", "-w", "stop"],
            capture_output=True,
        )
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture
def private_redis():
    server = PrivateRedis()
    try:
        server.start()
        yield server
    finally:
        server.remove()


@pytest.fixture
def private_postgres():
    server = PrivatePostgres()
    try:
        server.start()
        yield server
    finally:
        server.remove()
