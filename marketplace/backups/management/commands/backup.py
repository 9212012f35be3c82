from django.core.management.base import BaseCommand

from marketplace.backups.services import backup_create


class Command(BaseCommand):
    help = (
        "Back up the database, public media and private files with a manifest into a new folder under "
        "DESTINATION (a path or s3://bucket/prefix); prints the backup's address."
    )

    def add_arguments(self, parser):
        parser.add_argument("destination")

    def handle(self, *args, destination, **options):
        address = backup_create(destination=destination)
        self.stdout.write(address)
