"""What a backup's manifest says about the database it was taken from, read the same way from the
restored one so the two can be compared: versions, the migrations applied, every table's row
count, the ledger's totals and, on PostgreSQL, the triggers that keep the audit log and the ledger
append-only."""

import platform
import subprocess  # noqa: S404 - git, to name the code a backup was taken with
import tomllib

import django
import wagtail
from django.conf import settings
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder

from marketplace.payments.selectors import ledger_totals

FORMAT = 1


def versions() -> dict:
    with open(settings.BASE_DIR / "pyproject.toml", "rb") as file:
        app_version = tomllib.load(file)["project"]["version"]
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"],  # noqa: S607
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = ""
    return {
        "valund": app_version,
        "commit": commit,
        "django": django.__version__,
        "wagtail": wagtail.__version__,
        "python": platform.python_version(),
    }


def migrations(alias: str) -> dict[str, list[str]]:
    applied = {}
    for app, name in sorted(MigrationRecorder(connections[alias]).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def row_counts(alias: str) -> dict[str, int]:
    connection = connections[alias]
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 - a table name
            counts[table] = cursor.fetchone()[0]
    return counts


def triggers(alias: str) -> list[str]:
    """The database's own triggers as "table:trigger" (PostgreSQL; SQLite has none of ours)."""
    connection = connections[alias]
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname || ':' || t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE NOT t.tgisinternal AND n.nspname = current_schema() ORDER BY 1"
        )
        return [row[0] for row in cursor.fetchall()]


def database_facts(alias: str = "default") -> dict:
    """Everything the manifest records about the database, read in the caller's transaction."""
    return {
        "migrations": migrations(alias),
        "tables": row_counts(alias),
        "ledger": ledger_totals(using=alias),
        "triggers": triggers(alias),
    }


def differences(expected: dict, found: dict) -> list[str]:
    """What differs between the facts a manifest recorded and those read from a restored database."""
    problems = []
    if expected["migrations"] != found["migrations"]:
        problems.append("The migrations applied differ from the backup's.")
    for table in sorted(set(expected["tables"]) | set(found["tables"])):
        want, got = expected["tables"].get(table), found["tables"].get(table)
        if want != got:
            problems.append(f"Table {table}: {got} rows, the backup has {want}.")
    if expected["ledger"] != found["ledger"]:
        problems.append(f"The ledger's totals {found['ledger']} differ from the backup's {expected['ledger']}.")
    missing = sorted(set(expected["triggers"]) - set(found["triggers"]))
    if missing:
        problems.append(f"Triggers missing: {', '.join(missing)}.")
    return problems
