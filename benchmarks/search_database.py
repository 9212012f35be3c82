"""The database search.py measures: recreated and seeded with seed_demo unless --reuse finds it
seeded, migrated, given the mix's Swedish words, its search index rebuilt; and the directory page
whose address the searches go to (load.py's too)."""

import sys
import time

from benchmarks.database import holds_rows, recreate_postgres

# The words of the mix that name skills, for a database whose skills have no Swedish names or
# synonyms (seed_demo does not give them yet): slug → (Swedish name, synonyms). Only empty
# fields are filled, so a vocabulary that seed_demo or an editor wrote is measured as it is.
BENCHMARK_VOCABULARY = {
    "welding": ("Svetsning", "svetsare\nwelder\nMIG-svetsare\nMIG/MAG"),
    "tig-welding": ("TIG-svetsning", "TIG-svetsare\nTIG welder"),
    "electrical-installation": ("Elinstallation", "elektriker\nelectrician\nelinstallatör"),
    "carpentry": ("Snickeri", "snickare\ncarpenter\nbyggnadssnickare"),
    "plumbing": ("VVS och rörarbeten", "rörmokare\nplumber\nVVS\nVVS-montör"),
    "painting": ("Måleri", "målare\npainter\ndecorator"),
    "hvac-installation": ("Ventilationsinstallation", "VVS\nventilationsmontör\nHVAC installer"),
    "dotnet": ("C# och .NET", "C#\n.NET\ndotnet\n.NET developer"),
    "registered-nurse": ("Sjuksköterska", "sjuksköterska\nnurse\nRN"),
    "truck-driving": ("Lastbilskörning", "lastbilschaufför\ntruck driver\nCE-förare"),
}


def ensure_vocabulary() -> int:
    """Fills BENCHMARK_VOCABULARY's empty fields; returns how many skills changed (update(),
    without the receivers: the benchmark rebuilds the index afterwards anyway)."""
    from marketplace.accounts.models import Skill

    changed = 0
    for skill in Skill.objects.filter(slug__in=BENCHMARK_VOCABULARY):
        name_sv, synonyms = BENCHMARK_VOCABULARY[skill.slug]
        fields = {key: value for key, value in (("name_sv", name_sv), ("synonyms", synonyms))
                  if not getattr(skill, key)}
        if fields:
            changed += Skill.objects.filter(pk=skill.pk).update(**fields)
    return changed



def prepare(args) -> tuple[str | None, bool]:
    """Recreate the database unless --reuse finds it seeded; returns the server URL to drop it
    afterwards (None to keep it) and whether it is to be seeded now."""
    if args.reuse and holds_rows(args.database_url, "search_searchentry"):
        return None, False
    server = recreate_postgres(args.database_url)
    return (None if args.reuse or args.keep else server), True


def seed_and_index(args, *, fresh: bool) -> None:
    """Migrate, seed a fresh database, fill the vocabulary and rebuild the index (unless
    --no-rebuild on a reused database that needed nothing), printing what each took."""
    from django.core.management import call_command
    from django.db import connection

    from marketplace.search import services
    from marketplace.search.models import SearchWord

    # A reused database gets the migrations added since it was seeded (new indexes too).
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    if time.perf_counter() - started > 5:
        print(f"migrate: {time.perf_counter() - started:.1f} s")
    if fresh:
        started = time.perf_counter()
        call_command("seed_demo", freelancers=args.freelancers, clients=args.clients, seed=args.seed,
                     force=True, quiet=True)
        print(f"seed_demo --freelancers {args.freelancers}: {time.perf_counter() - started:.1f} s "
              "(rebuilding the search index at its end)")
    filled = ensure_vocabulary()
    if filled:
        print(f"vocabulary: {filled} skills without Swedish names or synonyms given the mix's words")
    if fresh or filled or not args.no_rebuild:
        rebuilt = services.rebuild()
        print(f"rebuild_search_index: {rebuilt.profiles:,} profiles in {rebuilt.seconds:.1f} s")
    elif not SearchWord.objects.exists():
        started = time.perf_counter()
        print(f"refresh_words: {services.refresh_words():,} words in {time.perf_counter() - started:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('search_searchentry'))")
        print(f"search_searchentry with its indexes: {cursor.fetchone()[0]}")


def directory_page():
    """The live freelancer directory page that seed_demo creates, with its address; exits when
    there is none."""
    from pages.models import FreelancerDirectoryPage

    directory = FreelancerDirectoryPage.objects.live().first()
    if directory is None or directory.url is None:
        sys.exit("No live freelancer directory page: seed_demo creates one.")
    return directory
