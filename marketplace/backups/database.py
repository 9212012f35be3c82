"""The database's part of a backup: a PostgreSQL custom-format dump (pg_dump, taken in the
snapshot the manifest is read in) or a copy of the SQLite file through SQLite's online backup
API, and putting either back into an empty database."""

import os
import sqlite3
import subprocess  # noqa: S404 - pg_dump and pg_restore, with argument lists
from contextlib import contextmanager
from pathlib import Path

from django.db import connections
from django.db.backends.postgresql.client import DatabaseClient
from django.db.utils import load_backend


class RestoreError(Exception):
    """A restore that cannot or must not go ahead; the message says why."""


DUMP_NAMES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}


def _pg_command(alias: str, program: str) -> tuple[list[str], dict, str]:
    """Connection arguments for a PostgreSQL client program, as Django's dbshell builds them (host,
    port, user; the password, SSL and service through the environment), and the database name."""
    settings_dict = connections[alias].settings_dict
    args, env = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])
    name = settings_dict["NAME"]
    options = [arg for arg in args[1:] if arg != name]
    return [program, *options], {**os.environ, **(env or {})}, name


def dump(alias: str, target: Path, *, snapshot: str = "") -> None:
    """Write the database to `target`. On PostgreSQL `snapshot` (pg_export_snapshot() of the
    caller's open transaction) makes the dump show exactly what the caller reads."""
    connection = connections[alias]
    if connection.vendor == "postgresql":
        command, env, name = _pg_command(alias, "pg_dump")
        command += ["--format=custom", "--no-owner", "--no-privileges", f"--file={target}", "--dbname", name]
        if snapshot:
            command.append(f"--snapshot={snapshot}")
        subprocess.run(command, env=env, check=True, capture_output=True)  # noqa: S603
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
    else:
        raise RestoreError(f"Backups of {connection.vendor} databases are not supported.")


@contextmanager
def opened_copy(alias: str, path: Path):
    """The SQLite file at `path` as a database alias while the block runs, so that the ORM (the
    payments' selectors) reads it. The connection is made here, not listed in the settings."""
    copy_alias = f"{alias}-backup-copy"
    copy = load_backend(connections[alias].settings_dict["ENGINE"]).DatabaseWrapper(
        {**connections[alias].settings_dict, "NAME": str(path)}, copy_alias
    )
    connections[copy_alias] = copy
    try:
        yield copy_alias
    finally:
        copy.close()
        del connections[copy_alias]


def is_empty(alias: str) -> bool:
    connection = connections[alias]
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def create_if_missing(alias: str) -> bool:
    """Create the PostgreSQL database the alias names when the server does not have it yet;
    returns whether it did. (A SQLite file is created by opening it.)"""
    connection = connections[alias]
    if connection.vendor != "postgresql":
        return False
    name = connection.settings_dict["NAME"]
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone():
            return False
        cursor.execute(f"CREATE DATABASE {connection.ops.quote_name(name)}")
    return True


def load(alias: str, source: Path, *, vendor: str, replace: bool = False) -> None:
    """Put a dump made by dump() into the alias's database, in one transaction on PostgreSQL.
    With `replace`, what is there is dropped first (the caller has checked it may be)."""
    connection = connections[alias]
    if vendor != connection.vendor:
        raise RestoreError(f"This backup is of a {vendor} database; it cannot be restored into {connection.vendor}.")
    if vendor == "postgresql":
        command, env, name = _pg_command(alias, "pg_restore")
        command += ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", "--dbname", name]
        if replace:
            command += ["--clean", "--if-exists"]
        connection.close()
        result = subprocess.run([*command, str(source)], env=env, capture_output=True, text=True)  # noqa: S603
        if result.returncode:
            raise RestoreError(f"pg_restore failed: {result.stderr.strip()}")
    else:
        connection.close()
        origin = sqlite3.connect(source)
        destination = sqlite3.connect(connection.settings_dict["NAME"])
        try:
            origin.backup(destination)
        finally:
            origin.close()
            destination.close()
