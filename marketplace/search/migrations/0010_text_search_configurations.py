# Accents on both sides of the match: text search configurations of our own that strip accents
# (unaccent) before stemming, so "Göteborg", "Goteborg" and "GÖTEBORG" are one lexeme and
# Swedish stemming still applies. pg_trgm is for the typo correction (selectors of the query side).
# Then the index is rewritten with them (it is derived data): outside a transaction, so that
# each batch commits and rebuild() can VACUUM the table at the end.

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

from marketplace.search.services import rebuild

# Our configuration: (the built-in one it copies, the dictionary that follows unaccent).
CONFIGURATIONS = {
    "valund_english": ("english", "english_stem"),
    "valund_swedish": ("swedish", "swedish_stem"),
    "valund_simple": ("simple", "simple"),
}


class KeepUnaccent(UnaccentExtension):
    """Reversing leaves the extension installed: it may serve others, and SQLite has none."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass


class KeepTrigram(TrigramExtension):
    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass


def create_configurations(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for name, (source, dictionary) in CONFIGURATIONS.items():
            cursor.execute(
                "SELECT 1 FROM pg_ts_config c JOIN pg_namespace n ON n.oid = c.cfgnamespace "
                "WHERE c.cfgname = %s AND n.nspname = current_schema()", [name],
            )
            if cursor.fetchone() is None:
                cursor.execute(f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = pg_catalog.{source})")
            # Only these token types can carry accents (asciiword and asciihword cannot).
            cursor.execute(
                f"ALTER TEXT SEARCH CONFIGURATION {name} ALTER MAPPING FOR hword, hword_part, word "
                f"WITH unaccent, {dictionary}"
            )


def drop_configurations(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in CONFIGURATIONS:
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")


def reindex(apps, schema_editor):
    """Every entry again, with the new configurations (PostgreSQL) or folded text (SQLite).
    A new database (tests included) has no profiles yet: nothing to do."""
    if apps.get_model("accounts", "Profile").objects.using(schema_editor.connection.alias).exists():
        rebuild()


class Migration(migrations.Migration):

    atomic = False

    dependencies = [
        ("search", "0009_saved_search_unsubscribe_key_unique"),
        # The index's text now holds the Swedish names and synonyms.
        ("accounts", "0003_vocabulary"),
        ("passport", "0005_vocabulary"),
    ]

    operations = [
        KeepUnaccent(),
        KeepTrigram(),
        migrations.RunPython(create_configurations, drop_configurations, elidable=False),
        migrations.RunPython(reindex, migrations.RunPython.noop, elidable=True),
    ]
