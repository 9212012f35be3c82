# The table rewritten after 0006 filled every entry's skill ids. A migration of its own, and
# outside a transaction: CLUSTER inside 0006's transaction would have to keep the row versions
# that transaction replaced, and VACUUM cannot run in one at all.

from django.db import migrations

# Autovacuum sooner than PostgreSQL's default (a fifth of the rows changed): an index-only scan
# reads the table for every row on a page changed since the last vacuum, and every login
# rewrites an entry (its last activity).
AUTOVACUUM = "autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.05"


def compact_and_tune(apps, schema_editor):
    """PostgreSQL: 0006's UPDATE left a dead version of every row; CLUSTER rewrites the table
    without them (seconds at 100,000 profiles, with the table locked), and VACUUM marks its
    pages all-visible, so that the search's index-only scans need not read the table; ANALYZE
    gives the planner the new column's statistics."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE search_searchentry SET ({AUTOVACUUM})")
        schema_editor.execute("CLUSTER search_searchentry USING search_searchentry_pkey")
        schema_editor.execute("VACUUM (ANALYZE) search_searchentry")


def untune(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE search_searchentry RESET (autovacuum_vacuum_scale_factor, autovacuum_analyze_scale_factor)"
        )


class Migration(migrations.Migration):

    atomic = False

    dependencies = [
        ('search', '0006_searchentry_skill_ids_covering_index'),
    ]

    operations = [
        migrations.RunPython(compact_and_tune, untune, elidable=False),
    ]
