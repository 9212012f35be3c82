from django.db import models

from .storage import private_storage


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AppendOnlyError(Exception):
    """A row of an append-only table (audit log, ledger) was about to be changed or deleted."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.model._meta.verbose_name_plural} are append-only: rows are never updated.")

    def delete(self):
        raise AppendOnlyError(f"{self.model._meta.verbose_name_plural} are append-only: rows are never deleted.")


class AppendOnlyModel(models.Model):
    """Rows are written once. The application refuses to change or delete them (save of an
    existing row, queryset update/delete); a PostgreSQL trigger (see append_only_trigger)
    refuses raw changes too."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(f"{self._meta.verbose_name_plural} are append-only: rows are never updated.")
        super().save(*args, **kwargs)

    save.alters_data = True

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{self._meta.verbose_name_plural} are append-only: rows are never deleted.")

    delete.alters_data = True


def append_only_trigger(table: str):
    """A migration operation: on PostgreSQL, refuse UPDATE and DELETE on `table` in the database
    itself, so not even a raw query can rewrite history. (TRUNCATE, used by test teardown, is
    not a row operation and stays possible.)"""
    from django.db import migrations

    create = f"""
    CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION '{table} is append-only (% refused)', TG_OP;
    END;
    $$ LANGUAGE plpgsql;
    CREATE TRIGGER {table}_no_update_or_delete
        BEFORE UPDATE OR DELETE ON {table}
        FOR EACH ROW EXECUTE FUNCTION {table}_append_only();
    """
    drop = f"""
    DROP TRIGGER IF EXISTS {table}_no_update_or_delete ON {table};
    DROP FUNCTION IF EXISTS {table}_append_only();
    """

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(create, params=None)

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(drop, params=None)

    return migrations.RunPython(forwards, backwards)


def keep_name(instance, filename):  # pragma: no cover - services name private files themselves
    return filename


class PrivateUpload(models.Model):
    """A checked file in private storage (core.files.check_document, core.storage): who sent it,
    its original name, what its content is, and its digest. Served only by views that check
    who is asking."""

    uploaded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    file = models.FileField(upload_to=keep_name, storage=private_storage, max_length=200)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.original_name
