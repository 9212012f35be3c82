from django.core.management.base import BaseCommand

from marketplace.credentials import selectors, services


class Command(BaseCommand):
    help = ("Issue the credential of every approved passport document that has none in force (documents "
            "approved before credentials existed). Safe to run again: a document is issued once.")

    def handle(self, *args, **options):
        issued = 0
        for document in selectors.documents_without_credential():
            if services.credential_issue(document=document) is not None:
                issued += 1
        self.stdout.write(self.style.SUCCESS(f"{issued} credential(s) issued."))
