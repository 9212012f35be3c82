from django.core.management.base import BaseCommand, CommandError

from marketplace.ratings.statistics import recompute


class Command(BaseCommand):
    help = ("Recompute every member's rating statistics from the ratings and compare them with the running "
            "figures. Differences are errors (exit status 1); --fix overwrites the running figures.")

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true", help="Overwrite the running figures with the recomputed.")

    def handle(self, *args, fix=False, **options):
        differences = recompute(fix=fix)
        for line in differences:
            self.stdout.write(self.style.ERROR(line))
        if differences and not fix:
            raise CommandError(f"{len(differences)} member(s) differ from the recomputation.")
        self.stdout.write(self.style.SUCCESS("Rating statistics agree with the ratings."
                                             if not differences else f"{len(differences)} member(s) fixed."))
