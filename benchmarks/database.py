"""What the benchmarks share about the database: the throwaway database they run on, Django set
up against it, and an execute wrapper that times the database driver.

A throwaway database is a fresh SQLite file in a temporary folder (no URL given), or the
PostgreSQL database in the URL, dropped and created again through the server's "postgres"
database and dropped at the end. A PostgreSQL name that does not end in "_bench" is refused,
so a benchmark cannot wipe a real database.
"""

import os
import shutil
import sys
import tempfile
import time
import warnings
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
TEST_SETTINGS = "valund.settings.test"
# A rate limit no benchmark reaches: every one of its requests comes from the same address.
UNLIMITED_RATE = "1000000/m/ip,1000000/m/user"


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def require_postgres(url: str, benchmark: str) -> None:
    if not urlsplit(url).scheme.startswith("postgres"):
        sys.exit(f"{benchmark} needs PostgreSQL (--database-url postgres://…_bench).")


def holds_rows(url: str, table: str) -> bool:
    """Whether the PostgreSQL database in `url` has rows in `table` (False when it or the table is missing)."""
    import psycopg
    from psycopg import sql

    try:
        with psycopg.connect(urlsplit(url)._replace(scheme="postgresql").geturl()) as connection:
            query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
            return connection.execute(query).fetchone()[0] > 0
    except psycopg.Error:
        return False


def recreate_postgres(url: str) -> str:
    """Drop and create the database in `url`; returns the server's URL, for drop_postgres."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = database_name(url)
    if not name.endswith("_bench"):
        sys.exit(f"Refusing to drop {name!r}: the benchmark database's name must end in '_bench'.")
    server = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return server


def drop_postgres(server: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def setup_django(database_url: str, settings: str = TEST_SETTINGS, **environment: str) -> None:
    """Django against `database_url` with `settings` and any further environment variables."""
    sys.path.insert(0, str(ROOT))
    os.environ.update(environment, DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE=settings)
    # WhiteNoise warns that collectstatic has not run; the test settings serve static files plainly.
    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()


@contextmanager
def throwaway_database(
    database_url: str = "", *, settings: str = TEST_SETTINGS, keep: bool = False, **environment: str
):
    """Django set up on a fresh database (see the module's docstring); yields its URL. At the
    end the connections close, the test settings' temporary media and private folders go, and
    the database goes too unless `keep`."""
    temp_dir = server = None
    if database_url:
        server = recreate_postgres(database_url)
    else:
        temp_dir = tempfile.mkdtemp(prefix="valund-bench-")
        database_url = f"sqlite:///{temp_dir}/bench.sqlite3"
    setup_django(database_url, settings, **environment)
    from django.conf import settings as configured
    from django.db import connections

    try:
        yield database_url
    finally:
        connections.close_all()
        if settings == TEST_SETTINGS:
            private = configured.STORAGES["private"].get("OPTIONS", {}).get("location")
            for folder in (configured.MEDIA_ROOT, private):
                if folder:
                    shutil.rmtree(folder, ignore_errors=True)
        if temp_dir and not keep:
            shutil.rmtree(temp_dir)
        if server and not keep:
            drop_postgres(server, database_name(database_url))


class SqlTimer:
    """A database execute wrapper that adds up the time spent inside the driver."""

    def __init__(self):
        self.reset()

    def reset(self):
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started


class SqlRecorder(SqlTimer):
    """A SqlTimer that keeps the statements too, to replay them."""

    def reset(self):
        super().reset()
        self.statements = []

    def __call__(self, execute, sql, params, many, context):
        self.statements.append((sql, params))
        return super().__call__(execute, sql, params, many, context)
