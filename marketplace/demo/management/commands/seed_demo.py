import logging
from contextlib import contextmanager

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from marketplace.demo.logins import DEMO_ADMIN, DEMO_CLIENT, DEMO_FREELANCER, DEMO_PASSWORD, DEMO_STAFF
from marketplace.demo.seed import seed_demo


def count(value: str) -> int:
    number = int(value)
    if number < 0:
        raise ValueError(value)
    return number


@contextmanager
def _quiet_logger(name: str):
    """Wagtail indexes each new skill and page through a task, and django_tasks logs every one
    at INFO: a hundred lines that would bury the command's own output."""
    logger = logging.getLogger(name)
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


class Command(BaseCommand):
    help = (
        "Fill the database with demo data: skills taxonomy, passport document types, languages, freelancers, "
        "clients, demo logins and the Wagtail page tree. Deterministic for a given --seed and safe to run "
        "again: it only adds what is missing, so a bigger --freelancers adds just the difference."
    )

    def add_arguments(self, parser):
        parser.add_argument("--freelancers", type=count, default=60, help="How many freelancers (default 60).")
        parser.add_argument("--clients", type=count, default=15, help="How many clients (default 15).")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed; same seed, same people.")
        parser.add_argument("--documents", action="store_true",
                            help="Also give the demo freelancer and about half of the other freelancers (the first "
                                 "1,000) approved passport documents, so profiles and cards show verified skills, and "
                                 "the demo client bookings with her (one requested, one in "
                                 "progress with time and messages, one completed). Documents are permanent: "
                                 "their owner and reviewer can no longer be deleted.")
        parser.add_argument("--quiet", action="store_true",
                            help="Print nothing but a newly created admin's password.")
        parser.add_argument("--force", action="store_true",
                            help="Run although DEBUG is off (a staging or benchmark database). The demo "
                                 "logins have a published password.")

    def handle(self, *args, freelancers, clients, seed, documents, quiet, force, **options):
        if not (settings.DEBUG or force):
            raise CommandError(
                "seed_demo creates accounts with a published password, so it runs only with DEBUG on. "
                "Pass --force to seed a staging or benchmark database."
            )
        with _quiet_logger("django_tasks"):
            result = seed_demo(
                freelancers=freelancers, clients=clients, seed=seed, documents=documents,
                progress=None if quiet else self._progress,
            )
        if not quiet:
            created = result.created
            self.stdout.write(self.style.SUCCESS(f"Demo data ready in {result.elapsed:.1f} s (seed {seed})."))
            self.stdout.write(
                f"  Skills: {result.categories_created} categories and {result.skills_created} skills created; "
                f"languages: {result.languages_created} created."
            )
            self.stdout.write(f"  Passport document types: {result.templates_created} created.")
            if documents:
                self.stdout.write(
                    f"  Approved passport documents (the demo freelancer's and about half of the others'): "
                    f"{result.documents_created} created."
                )
                self.stdout.write(f"  Demo bookings between the demo client and freelancer: "
                                  f"{result.bookings_created} created.")
                self.stdout.write(f"  Reviews of freelancers after completed bookings (about half of them): "
                                  f"{result.reviews_created} created.")
            self.stdout.write(
                f"  Members: {created['freelancers']:,} of {freelancers:,} freelancers and "
                f"{created['clients']:,} of {clients:,} clients created; the rest were there already."
            )
            pages = ", ".join(result.pages_created) or "none, all were there already"
            self.stdout.write(f"  Pages created: {pages}.")
            self.stdout.write(f'Demo logins, password "{DEMO_PASSWORD}":')
            self.stdout.write(f"  {DEMO_FREELANCER.email} (freelancer)")
            self.stdout.write(f"  {DEMO_CLIENT.email} (client)")
            for staff in DEMO_STAFF:
                self.stdout.write(f"  {staff.email} (staff: {', '.join(staff.groups)})")
            self.stdout.write(
                "  Staff set up two-factor authentication (TOTP) at their first visit to the Wagtail admin at "
                "/admin/; it opens only after that, and asks for the code at every sign-in."
            )
        if result.admin_password:
            self.stdout.write(f"Admin login: {DEMO_ADMIN.email}, password: {result.admin_password}")
            self.stdout.write(
                "  Shown only now. Staff must set up two-factor authentication (TOTP) on first login "
                "before the Wagtail admin at /admin/ opens."
            )
        elif not quiet:
            self.stdout.write(
                f"Admin login: {DEMO_ADMIN.email} existed already; its password is unchanged "
                f"(reset it with: manage.py changepassword {DEMO_ADMIN.email})."
            )

    def _progress(self, label: str, done: int, total: int, elapsed: float) -> None:
        self.stdout.write(f"  {label}: {done:,}/{total:,} ({done * 100 // total}%) {elapsed:.1f} s")
