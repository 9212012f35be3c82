from django.core.management.base import BaseCommand, CommandError

from marketplace.backups.database import RestoreError
from marketplace.backups.services import backup_restore, backup_verify, read_manifest


class Command(BaseCommand):
    help = (
        "Restore the backup at SOURCE into the database and storages the settings name (DATABASE_URL, "
        "MEDIA_ROOT, PRIVATE_MEDIA_ROOT or the buckets), then check them against its manifest. A database or "
        "storage that already holds data is refused unless --replace. --check-only compares without restoring."
    )

    def add_arguments(self, parser):
        parser.add_argument("source")
        parser.add_argument("--replace", action="store_true", help="Drop what the database and storages hold first.")
        parser.add_argument("--check-only", action="store_true", help="Only compare the site with the manifest.")

    def handle(self, *args, source, replace, check_only, **options):
        try:
            if check_only:
                record = read_manifest(source)
                problems = backup_verify(record=record)
            else:
                restored = backup_restore(source=source, replace=replace)
                record, problems = restored.manifest, restored.problems
        except RestoreError as error:
            raise CommandError(str(error)) from error
        if problems:
            raise CommandError("The restored site differs from the backup:\n" + "\n".join(problems))
        tables, rows = len(record["tables"]), sum(record["tables"].values())
        files = sum(len(names) for names in record["files"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"{source} ({record['created_at']}): {tables} tables, {rows} rows, {files} files and the ledger match."
            )
        )
