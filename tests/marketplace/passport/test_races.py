import datetime
import threading

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from marketplace.accounts import services as account_services
from marketplace.accounts.models import User
from marketplace.core.errors import DomainError
from marketplace.passport import services
from marketplace.passport.models import CompetenceAuditLog, CompetenceDocument, CompetenceReview
from tests.second_factor import with_second_factor

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def reviewers_group():
    """Made by a migration; recreated here because transactional tests empty every table."""
    from django.contrib.auth.models import Permission

    group, _ = Group.objects.get_or_create(name="Passport reviewers")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="passport", codename="review_competencedocument"),
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
    )
    return group


def member(email, role, reviewer=False):
    from allauth.account.models import EmailAddress

    user = User.objects.create_user(email=email, password="x" * 12)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    account_services.member_complete_signup(user=user, role=role, display_name=email.split("@")[0])
    if reviewer:
        User.objects.filter(pk=user.pk).update(role=User.Role.ADMIN, is_staff=True)
        user.groups.add(reviewers_group())
        return with_second_factor(user)
    return User.objects.get(pk=user.pk)


def test_two_reviewers_deciding_at_once_exactly_one_wins():
    owner = member("owner@example.com", User.Role.FREELANCER)
    first, second = member("r1@example.com", User.Role.CLIENT, True), member("r2@example.com", User.Role.CLIENT, True)
    document = services.document_upload(
        owner=owner, upload=SimpleUploadedFile("c.pdf", PDF), title="First aid", issuer="Röda Korset",
        issue_date=timezone.localdate() - datetime.timedelta(days=10),
    )
    services.review_start(reviewer=first, document=document)
    barrier = threading.Barrier(2)
    outcomes = {}

    def act(reviewer, decision):
        try:
            barrier.wait(timeout=10)
            services.review_decide(
                reviewer=reviewer, document=CompetenceDocument.objects.get(pk=document.pk), decision=decision,
                checks=services.CHECKS_REQUIRED_FOR_APPROVAL, comment="Blurred scan.",
            )
            outcomes[reviewer.email] = "won"
        except DomainError as exc:
            outcomes[reviewer.email] = exc.code
        finally:
            connection.close()

    threads = [threading.Thread(target=act, args=(first, "approved")),
               threading.Thread(target=act, args=(second, "rejected"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes.values()) == ["transition", "won"]
    document.refresh_from_db()
    winner = next(email for email, outcome in outcomes.items() if outcome == "won")
    assert document.status == ("approved" if winner == first.email else "rejected")
    assert CompetenceReview.objects.filter(document=document).count() == 1
    decisions = CompetenceAuditLog.objects.filter(document=document, action__in=["approved", "rejected"])
    assert decisions.count() == 1
