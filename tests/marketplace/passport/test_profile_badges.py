"""Verified badges on the public profile: a skill is verified while an approved document in force
evidences it. The badges cost a constant number of queries, however many skills and documents."""

import datetime
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from marketplace.accounts import services as account_services
from marketplace.accounts.models import Skill, SkillCategory, User, UserSkill
from marketplace.passport import services
from marketplace.passport.models import CompetenceDocument

pytestmark = pytest.mark.django_db

# The live page tree the profile route hangs from.

TODAY = timezone.localdate()
BADGE = '<span class="badge badge--verified">Verified</span>'
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def profile_url(user):
    return f"/en/freelancers/{user.profile.slug}/"


def verify_url(document):
    return reverse("passport:verify", kwargs={"code": document.verification_code})


def skill_item(html: str, name: str) -> str:
    """The <li> of one skill in the profile's skill list."""
    section = html.split('id="profile-skills"', 1)[1].split("</section>", 1)[0]
    return next(item for item in section.split("<li>") if f"{name} <span" in item)


@pytest.fixture
def skilled(freelancer, skills):
    for name in ("welding", "carpentry"):
        account_services.skill_add(actor=freelancer, profile=freelancer.profile, skill=skills[name],
                                   level=UserSkill.Level.EXPERT, years=5)
    return freelancer


@pytest.fixture
def hot_work(make_document, skilled, template, skills):
    return make_document(skilled, template=template, skills=[skills["welding"]],
                         expiry_date=datetime.date(TODAY.year + 2, 3, 15), status=CompetenceDocument.Status.APPROVED)


def test_evidenced_skill_gets_a_badge_with_type_and_expiry_month_linking_to_its_check(
    client, page_tree, skilled, hot_work
):
    html = client.get(profile_url(skilled)).content.decode()

    welding = skill_item(html, "Welding")
    assert BADGE in welding
    assert f'href="{verify_url(hot_work)}"' in welding
    month = date_format(hot_work.expiry_date, "M Y")
    assert f"Hot work certificate · valid to {month}" in welding
    assert month == f"Mar {TODAY.year + 2}"
    assert BADGE not in skill_item(html, "Carpentry")


def test_verified_credentials_are_listed(client, page_tree, skilled, hot_work):
    html = client.get(profile_url(skilled)).content.decode()

    section = html.split('id="profile-credentials"', 1)[1].split("</section>", 1)[0]
    assert f'<a href="{verify_url(hot_work)}">Hot work certificate</a>' in section
    assert "Brandskyddsföreningen" in section
    assert f"valid to Mar {TODAY.year + 2}" in section


def test_document_for_a_skill_not_on_the_profile_is_listed_without_a_skill_badge(
    client, page_tree, skilled, make_document, skills
):
    document = make_document(skilled, title="Python certificate", issuer="PSF", skills=[skills["python"]],
                             status=CompetenceDocument.Status.APPROVED)

    html = client.get(profile_url(skilled)).content.decode()

    assert "Python certificate" in html and "no expiry date" in html
    assert html.count(BADGE) == 1
    assert "Python</span>" not in html
    assert verify_url(document) in html


def test_longest_lasting_document_evidences_a_skill(client, page_tree, skilled, make_document, skills):
    soon = make_document(skilled, title="Short course", issuer="A", skills=[skills["welding"]],
                         expiry_date=TODAY + datetime.timedelta(days=40), status=CompetenceDocument.Status.APPROVED)
    later = make_document(skilled, title="Long course", issuer="B", skills=[skills["welding"]],
                          expiry_date=TODAY + datetime.timedelta(days=900), status=CompetenceDocument.Status.APPROVED)

    welding = skill_item(client.get(profile_url(skilled)).content.decode(), "Welding")

    assert verify_url(later) in welding and verify_url(soon) not in welding


@pytest.mark.parametrize("outcome", ["pending", "rejected", "revoked", "expired", "past its date"])
def test_no_badge_without_an_approved_document_in_force(client, page_tree, skilled, make_document, template,
                                                          skills, reviewer, outcome):
    Status = CompetenceDocument.Status
    status = {"pending": Status.UNDER_REVIEW, "rejected": Status.REJECTED, "revoked": Status.REVOKED}.get(
        outcome, Status.APPROVED
    )
    document = make_document(skilled, template=template, skills=[skills["welding"]], status=status)
    if outcome == "expired":
        services.document_expire(document=document, today=document.expiry_date + datetime.timedelta(days=1))
    elif outcome == "past its date":
        CompetenceDocument.objects.filter(pk=document.pk).update(
            issue_date=TODAY - datetime.timedelta(days=800), expiry_date=TODAY - datetime.timedelta(days=1)
        )

    html = client.get(profile_url(skilled)).content.decode()

    assert BADGE not in html
    assert 'id="profile-credentials"' not in html
    assert document.verification_code not in html


def test_another_freelancers_document_does_not_verify_this_profile(client, page_tree, skilled, make_document,
                                                                    make_member, template, skills):
    other = make_member(User.Role.FREELANCER)
    make_document(other, template=template, skills=[skills["welding"]], status=CompetenceDocument.Status.APPROVED)

    assert BADGE not in client.get(profile_url(skilled)).content.decode()


def test_json_ld_lists_the_verified_credentials(client, page_tree, skilled, hot_work):
    html = client.get(profile_url(skilled)).content.decode()

    data = json.loads(JSON_LD.search(html).group(1))
    assert data["hasCredential"] == [{
        "@type": "EducationalOccupationalCredential",
        "name": "Hot work certificate",
        "recognizedBy": {"@type": "Organization", "name": "Brandskyddsföreningen"},
        "url": f"http://testserver/verify/{hot_work.verification_code}/",
        "expires": hot_work.expiry_date.isoformat(),
    }]


def _freelancer_with(make_member, make_document, *, skills: int, documents: int):
    """A freelancer with `skills` skills and `documents` approved documents, each evidencing
    three of the skills."""
    user = make_member(User.Role.FREELANCER)
    category = SkillCategory.objects.create(name=f"Trade {user.pk}", slug=f"trade-{user.pk}")
    own = []
    for n in range(skills):
        skill = Skill.objects.create(name=f"Skill {n} of {user.pk}", slug=f"skill-{n}-{user.pk}", category=category)
        account_services.skill_add(actor=user, profile=user.profile, skill=skill, level=1 + n % 4, years=n)
        own.append(skill)
    for n in range(documents):
        make_document(user, title=f"Card {n}", issuer=f"Issuer {n}", skills=own[3 * n % len(own):][:3],
                      expiry_date=TODAY + datetime.timedelta(days=100 + n),
                      status=CompetenceDocument.Status.APPROVED)
    return user


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_badges_take_the_same_queries_for_one_skill_and_document_or_thirty_and_ten(
    client, page_tree, make_member, make_document
):
    small = _freelancer_with(make_member, make_document, skills=1, documents=1)
    large = _freelancer_with(make_member, make_document, skills=30, documents=10)
    client.get(profile_url(small))  # warm the site-root and directory-URL caches

    queries_small = _count_queries(client, profile_url(small))
    html = client.get(profile_url(large)).content.decode()
    queries_large = _count_queries(client, profile_url(large))

    assert html.count(BADGE) == 30 + 10  # every skill in the list, every document in the credentials
    assert queries_small == queries_large
    # The profile page's twelve (tests/pages/test_profile_page.py), plus the documents' skills.
    assert queries_large <= 13
