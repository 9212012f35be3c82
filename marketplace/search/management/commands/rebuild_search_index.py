from django.core.management.base import BaseCommand

from marketplace.search import services


def positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Rewrite the search index (one entry per profile) from the profiles, skills and passports. "
        "For after bulk imports; day to day, each change re-indexes its own profile."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=positive, default=services.BATCH_SIZE,
                            help=f"Profiles per statement (default {services.BATCH_SIZE}).")

    def handle(self, *args, batch_size, **options):
        result = services.rebuild(batch_size=batch_size, progress=self._progress)
        self.stdout.write(self.style.SUCCESS(
            f"Search index rebuilt: {result.profiles:,} profiles, {result.changed:,} entries written, "
            f"in {result.seconds:.1f} s."
        ))

    def _progress(self, label: str, done: int, total: int, elapsed: float) -> None:
        percent = done * 100 // total if total else 100
        self.stdout.write(f"  {label}: {done:,}/{total:,} ({percent}%) {elapsed:.1f} s")
