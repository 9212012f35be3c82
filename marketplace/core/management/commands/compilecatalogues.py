"""manage.py compilecatalogues: Django's compilemessages without GNU gettext (every .po of
LOCALE_PATHS to its .mo, marketplace.core.catalogues). scripts/setup.sh runs the same compiler
before Django starts."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from marketplace.core.catalogues import compile_tree


class Command(BaseCommand):
    help = "Compile the translation catalogues (.po to .mo) of LOCALE_PATHS, in pure Python."

    def add_arguments(self, parser):
        parser.add_argument("--stale", action="store_true", help="Only those whose .mo is missing or older.")

    def handle(self, *args, stale=False, **options):
        for folder in settings.LOCALE_PATHS:
            if Path(folder).is_dir():
                for mo_path in compile_tree(Path(folder), only_stale=stale):
                    self.stdout.write(f"Compiled {mo_path}")
