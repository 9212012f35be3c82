from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from marketplace.backups.services import backup_create, backup_recorded


class Command(BaseCommand):
    help = (
        "Back up the database, public media and private files with a manifest into a new folder under "
        "DESTINATION (a path or s3://bucket/prefix; default BACKUP_DESTINATION); prints the backup's address. "
        "With --keep N, as the daily task does: the run is recorded for /metrics and the backups past the "
        "N newest are removed (0: none)."
    )

    def add_arguments(self, parser):
        parser.add_argument("destination", nargs="?", default=settings.BACKUP_DESTINATION)
        parser.add_argument("--keep", type=int, help="Record the run and keep only the N newest backups.")

    def handle(self, *args, destination, keep, **options):
        if not destination:
            raise CommandError("Name a destination, or set BACKUP_DESTINATION.")
        if keep is None:
            self.stdout.write(backup_create(destination=destination))
            return
        run = backup_recorded(destination=destination, keep=keep)
        self.stdout.write(run.address)
        for name in run.pruned:
            self.stderr.write(f"removed {name}")
