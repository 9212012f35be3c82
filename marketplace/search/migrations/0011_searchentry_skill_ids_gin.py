from django.db import migrations

GIN_INDEX = "search_entry_skill_ids_gin"


def create_gin_index(apps, schema_editor):
    """A search that names a skill matches its holders OR profiles whose text has the word
    (`skill_ids && ARRAY[…] OR document @@ …`, selectors/text.py). With an index on each side
    PostgreSQL combines the two (BitmapOr); without one on skill_ids it reads every entry.
    Public entries only, as every search reads; SQLite has no array column to index."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {GIN_INDEX} ON search_searchentry USING gin (skill_ids) WHERE is_public"
        )


def drop_gin_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {GIN_INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ("search", "0010_text_search_configurations"),
    ]

    operations = [
        migrations.RunPython(create_gin_index, drop_gin_index, elidable=False),
    ]
