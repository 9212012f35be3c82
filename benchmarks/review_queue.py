"""How many SQL queries and how much time the passport review queue takes with 1,000 waiting documents.

    .venv/bin/python benchmarks/review_queue.py
    .venv/bin/python benchmarks/review_queue.py --documents 5000 --show-sql
    .venv/bin/python benchmarks/review_queue.py \\
        --database-url postgres://postgres@127.0.0.1:5432/valund_review_bench

Creates a throwaway database (SQLite: a file in a temporary folder, removed afterwards;
PostgreSQL: the database in the URL, whose name must end in "_bench", dropped and created
again), migrates it, and writes the documents fast: ~200 freelancers, a few document types,
and --documents waiting documents (uploaded or under review, submitted over the last 30
days) with bulk_create, each with a file version pointing at one small stored PDF. Then it
asks for the queue as a reviewer through Django's test Client, --requests times per page
after one warm-up request, and prints the number of SQL queries and the median, fastest and
slowest time of the first page, the last page and a filtered page. Runs with
valund.settings.test (plain static files, locmem cache, private files in a temporary folder).
"""

import argparse
import datetime
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.database import throwaway_database  # noqa: E402
from benchmarks.report import database_version, machine  # noqa: E402

QUEUE = "/admin/passport/review/"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=1_000)
    parser.add_argument("--freelancers", type=int, default=200)
    parser.add_argument("--requests", type=int, default=10, help="Timed requests per page (default 10).")
    parser.add_argument("--database-url", default="", help="postgres://..._bench (default: a temporary SQLite file)")
    parser.add_argument("--show-sql", action="store_true", help="Print the queries of the first page.")
    return parser.parse_args()


# The queue never opens the file: one small PDF stands in for all of them.
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def create_data(args):
    """Write the documents; return the reviewer and a document type to filter on."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from marketplace.accounts.models import Profile, User
    from marketplace.core.storage import private_storage
    from marketplace.passport.models import CompetenceDocument, CompetenceFile, CompetenceTemplate

    users = User.objects.bulk_create(
        User(email=f"bench-freelancer-{n}@example.com", role=User.Role.FREELANCER,
             password=make_password(None))
        for n in range(args.freelancers)
    )
    Profile.objects.bulk_create(
        Profile(user=user, display_name=f"Freelancer {n}", slug=f"bench-freelancer-{n}")
        for n, user in enumerate(users)
    )
    templates = CompetenceTemplate.objects.bulk_create(
        CompetenceTemplate(name=f"Certificate type {n}", slug=f"certificate-type-{n}",
                           issuing_bodies="Issuer A\nIssuer B", expiry_required=n % 2 == 0)
        for n in range(10)
    )
    name = private_storage().save("passport/bench.pdf", ContentFile(PDF))
    now = timezone.now()
    today = timezone.localdate()
    statuses = [CompetenceDocument.Status.UPLOADED, CompetenceDocument.Status.UNDER_REVIEW]
    documents = CompetenceDocument.objects.bulk_create(
        CompetenceDocument(
            owner=users[n % len(users)],
            template=templates[n % len(templates)] if n % 5 else None,
            title=f"Certificate {n}", issuer="Issuer A", credential_number=f"NR-{n:06d}",
            issue_date=today - datetime.timedelta(days=400), expiry_date=today + datetime.timedelta(days=700),
            status=statuses[n % 2], submitted_at=now - datetime.timedelta(minutes=43 * n),
        )
        for n in range(args.documents)
    )
    versions = CompetenceFile.objects.bulk_create(
        CompetenceFile(document=document, number=1, file=name, original_name="certificate.pdf",
                       content_type="application/pdf", size=len(PDF), sha256="0" * 64,
                       uploaded_by=document.owner)
        for document in documents
    )
    for document, version in zip(documents, versions, strict=True):
        document.current_version = version
    CompetenceDocument.objects.bulk_update(documents, ["current_version"], batch_size=500)

    reviewer = User.objects.create_user(email="bench-reviewer@example.com", is_staff=True,
                                        role=User.Role.ADMIN)
    reviewer.groups.add(Group.objects.get(name="Passport reviewers"))
    TOTP.activate(reviewer, generate_totp_secret())
    return reviewer, templates[2]


def measure(client, path, params, requests):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert client.get(path, params).status_code == 200  # warm-up: caches, templates
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params)
    assert response.status_code == 200, response.status_code
    captured = list(queries.captured_queries)  # read now: the next request clears the log
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        client.get(path, params)
        times.append((time.perf_counter() - started) * 1000)
    return captured, times


def main():
    args = parse_args()
    with throwaway_database(args.database_url):
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client

        print(f"Machine: {machine()}")
        print(f"Database: {connection.vendor} {database_version()}")
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        reviewer, template = create_data(args)
        print(f"{args.documents:,} waiting documents of {args.freelancers} freelancers written in "
              f"{time.perf_counter() - started:.1f} s")

        client = Client()
        # Signed in as allauth signs a reviewer in: with the TOTP code given, which staff
        # powers need in the session (tests/second_factor.py writes what allauth records).
        from tests.second_factor import force_login

        force_login(client, reviewer, "django.contrib.auth.backends.ModelBackend")
        last_page = max(1, -(-args.documents // 50))
        pages = [
            ("first page", {}),
            (f"last page (p={last_page})", {"p": last_page}),
            ("filtered (type, more than 3 days)", {"template": template.pk, "waited": "3"}),
        ]
        print(f"\nGET {QUEUE} as a reviewer, {args.requests} requests each after one warm-up:")
        for label, params in pages:
            queries, times = measure(client, QUEUE, params, args.requests)
            print(f"  {label:<36} {len(queries):>3} queries   median {statistics.median(times):6.1f} ms"
                  f"   fastest {min(times):6.1f} ms   slowest {max(times):6.1f} ms")
            if args.show_sql and not params:
                for query in queries:
                    print(f"      {query['sql'][:160]}")


if __name__ == "__main__":
    main()
