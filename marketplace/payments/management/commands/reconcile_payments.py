from django.core.management.base import BaseCommand, CommandError

from marketplace.payments.gateways import payments_simulated
from marketplace.payments.reconcile import reconcile


class Command(BaseCommand):
    help = ("Compare the payments ledger with the payment provider's records, booking by booking, and report "
            "every difference. Exits with an error when there is one.")

    def add_arguments(self, parser):
        parser.add_argument("--booking", type=int, action="append", help="Only this booking (repeatable).")

    def handle(self, *args, booking=None, **options):
        if payments_simulated():
            self.stdout.write("Payments are simulated: checking the ledger against the recorded payments only.")
        checked, differences = reconcile(booking_ids=booking)
        for difference in differences:
            self.stdout.write(self.style.ERROR(str(difference)))
        if differences:
            raise CommandError(f"{len(differences)} difference(s) in {checked} escrow account(s).")
        self.stdout.write(self.style.SUCCESS(f"{checked} escrow account(s) checked: the ledger agrees."))
