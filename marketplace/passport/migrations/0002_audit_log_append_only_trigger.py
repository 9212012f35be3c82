"""On PostgreSQL the database itself refuses to change or delete audit rows, so not even a
raw query or a future bug in the application can rewrite history."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION passport_audit_log_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'passport_competenceauditlog is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER passport_audit_log_no_update_or_delete
    BEFORE UPDATE OR DELETE ON passport_competenceauditlog
    FOR EACH ROW EXECUTE FUNCTION passport_audit_log_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS passport_audit_log_no_update_or_delete ON passport_competenceauditlog;
DROP FUNCTION IF EXISTS passport_audit_log_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("passport", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
