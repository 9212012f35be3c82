"""Issue 22 under concurrency (PostgreSQL): two documents approved at the same moment on a site
that has no status list yet both get their credential, on one new list, at different indexes."""

import threading

import pytest
from django.db import connection

from marketplace.credentials import services as credential_services
from marketplace.credentials.models import IssuedCredential, StatusList
from marketplace.passport import services as passport_services
from marketplace.passport.models import CompetenceDocument
from tests.marketplace.passport.test_races import reviewers_group
from tests.test_credentials import CHECKS, TODAY, seed

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True),
              pytest.mark.filterwarnings("ignore:EdDSA is deprecated")]


def test_the_first_two_credentials_at_once_share_one_new_status_list(settings, make_document, reviewer, template,
                                                                     freelancer):
    settings.VALUND_VC_SIGNING_KEY = seed(1)
    reviewer.groups.add(reviewers_group())  # transactional tests empty the groups migrations made
    documents = []
    for number in ("A-1", "B-2"):
        document = make_document(freelancer, template=template, credential_number=number,
                                 expiry_date=TODAY.replace(year=TODAY.year + 1),
                                 status=CompetenceDocument.Status.UNDER_REVIEW)
        passport_services.review_decide(reviewer=reviewer, document=document, decision="approved", checks=CHECKS,
                                        comment="Fine.")
        documents.append(document)
    # Back to a site that has issued nothing: no credential, no status list.
    IssuedCredential.objects.all().delete()
    StatusList.objects.all().delete()

    barrier, errors = threading.Barrier(2), []

    def issue(document):
        try:
            barrier.wait(timeout=10)
            credential_services.credential_issue(document=document)
        except Exception as error:  # noqa: BLE001 - any failure of either approval fails the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(document,)) for document in documents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert list(StatusList.objects.values_list("slug", flat=True)) == ["revocation-1"]
    issued = IssuedCredential.objects.filter(revoked_at__isnull=True)
    assert issued.count() == 2 and len(set(issued.values_list("status_index", flat=True))) == 2
    assert StatusList.objects.get().next_index == 2
