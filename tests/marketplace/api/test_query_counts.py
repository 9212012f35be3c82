"""Every list of the API costs the same number of queries for a page of many rows as for one
(issue #23). Each case below builds one row, counts the queries of a read, adds rows (and the
rows each one shows, such as a dispute's evidence) and counts again. The bookings, documents,
notifications, messages and time logs lists have theirs beside their other tests
(test_booking_actions.py, test_passport.py, test_list_filters.py)."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.accounts.models import Language, Skill, SkillCategory, User, UserSkill
from marketplace.bookings import services as bookings
from marketplace.bookings.models import Booking
from marketplace.notifications.models import EmailPreference, Kind
from marketplace.passport.models import CompetenceDocument
from marketplace.payments import services as payments
from marketplace.payments.models import PaymentDispute
from marketplace.ratings import services as ratings
from marketplace.search import services as search_services
from tests.marketplace.passport.fixtures import upload_file
from tests.marketplace.ratings.helpers import scores

from .helpers import api_as

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _simulated_gateway(settings):
    settings.STRIPE_SECRET_KEY = ""
    settings.STRIPE_WEBHOOK_SECRET = ""


def count(client, url, query=None) -> tuple[int, object]:
    """The queries of one read of `url`, which must answer 200, and its body."""
    cache.clear()  # the taxonomy and search caches would hide the second read's queries
    with CaptureQueriesContext(connection) as seen:
        response = client.get(url, query or {})
    assert response.status_code == 200, response.content
    return len(seen), response.json()


def same_for_one_and_many(client, url, add, *, length, query=None, few=1, many=4):
    """Count with `few` rows, add up to `many`, count again: the two counts must be equal."""
    add(few)
    one, body = count(client, url, query)
    assert length(body) == few
    add(many - few)
    more, body = count(client, url, query)
    assert length(body) == many
    assert more == one, f"{url}: {one} queries for {few} rows, {more} for {many}"
    return one


def results(body):
    return len(body["results"])


# --- Public ----------------------------------------------------------------------------------


def test_freelancer_search(make_member, skills):
    def add(number):
        for _ in range(number):
            user = make_member(
                User.Role.FREELANCER,
                headline="Welder",
                city="Göteborg",
                country="SE",
                hourly_rate=60000,
                currency="SEK",
            )
            UserSkill.objects.create(profile=user.profile, skill=skills["welding"], level=3, years=5)
            UserSkill.objects.create(profile=user.profile, skill=skills["python"], level=2, years=1)
            # As the search's receivers do after the commit, which a test's transaction never reaches.
            search_services.index_profile(user.profile.pk)

    same_for_one_and_many(api_as(None), "/api/v1/freelancers/", add, length=results)


def test_freelancer_credentials(make_document, freelancer):
    def add(number):
        for _ in range(number):
            make_document(freelancer, status=CompetenceDocument.Status.APPROVED)

    url = f"/api/v1/freelancers/{freelancer.profile.slug}/credentials/"
    same_for_one_and_many(api_as(None), url, add, length=results)


def test_freelancer_reviews(make_booking, make_member, freelancer):
    def add(number):
        for _ in range(number):
            client = make_member(User.Role.CLIENT)
            booking = make_booking(Booking.Status.IN_PROGRESS, client=client)
            bookings.booking_mark_done(actor=freelancer, booking=booking)
            bookings.booking_confirm(actor=client, booking=booking)
            ratings.rating_submit(author=client, booking=booking, scores=scores(4), text="Good welds.", is_public=True)
            ratings.rating_submit(author=freelancer, booking=booking, scores=scores(5), text="Clear brief.")

    url = f"/api/v1/freelancers/{freelancer.profile.slug}/reviews/"
    same_for_one_and_many(api_as(None), url, add, length=results, many=3)


def test_freelancer_profile_with_its_skills_and_languages(freelancer, skills):
    def add(number):
        have = freelancer.profile.skills.count()
        for skill in list(Skill.objects.order_by("pk"))[have : have + number]:
            UserSkill.objects.create(profile=freelancer.profile, skill=skill, level=3, years=2)

    url = f"/api/v1/freelancers/{freelancer.profile.slug}/"
    same_for_one_and_many(api_as(None), url, add, length=lambda body: len(body["skills"]), many=3)


def test_taxonomy(db):
    def add(number):
        for _ in range(number):
            n = SkillCategory.objects.count() + 1
            category = SkillCategory.objects.create(name=f"Trade {n}", slug=f"trade-{n}")
            for m in range(2):
                Skill.objects.create(name=f"Skill {n}.{m}", slug=f"skill-{n}-{m}", category=category)
            Language.objects.get_or_create(code=f"x{n}", defaults={"name": f"Language {n}"})

    Skill.objects.all().delete()
    SkillCategory.objects.all().delete()
    same_for_one_and_many(api_as(None), "/api/v1/taxonomy/", add, length=lambda body: len(body["trades"]))


# --- A member's own ---------------------------------------------------------------------------


def test_me_with_its_skills(freelancer, skills):
    def add(number):
        have = freelancer.profile.skills.count()
        for skill in list(Skill.objects.order_by("pk"))[have : have + number]:
            UserSkill.objects.create(profile=freelancer.profile, skill=skill, level=3, years=2)

    same_for_one_and_many(api_as(freelancer), "/api/v1/me/", add, length=lambda body: len(body["skills"]), many=3)


def test_payments_and_their_totals(make_booking, client_user):
    def add(number):
        for _ in range(number):
            make_booking(Booking.Status.IN_PROGRESS)

    client = api_as(client_user)
    same_for_one_and_many(client, "/api/v1/payments/", add, length=results)
    # The totals are one row per currency, summed in the database: the same for four payments as for one.
    totals_of_four, body = count(client, "/api/v1/payments/totals/")
    assert len(body) == 1
    make_booking(Booking.Status.IN_PROGRESS)
    assert count(client, "/api/v1/payments/totals/")[0] == totals_of_four


def test_attachments(in_progress):
    def add(number):
        for n in range(number):
            actor = in_progress.client if n % 2 else in_progress.freelancer
            bookings.attachment_add(actor=actor, booking=in_progress, upload=upload_file("pdf", f"plan-{n}.pdf"))

    url = f"/api/v1/bookings/{in_progress.pk}/attachments/"
    same_for_one_and_many(api_as(in_progress.client), url, add, length=results)


def test_disputes_with_their_evidence(in_progress):
    opened = []

    def add(number):
        for _ in range(number):
            if not opened:
                opened.append(
                    payments.dispute_open(
                        actor=in_progress.client,
                        booking=in_progress,
                        reason="quality",
                        description="The welds crack.",
                        evidence=[upload_file("png", "crack.png")],
                    )
                )
                continue
            # Decided disputes of the same booking, each with two files of evidence of its own.
            first = opened[0]
            earlier = PaymentDispute.objects.create(
                escrow=first.escrow,
                source=PaymentDispute.Source.MEMBER,
                opened_by=in_progress.freelancer,
                reason=first.reason,
                description="Unpaid hours.",
                status=PaymentDispute.Status.RESOLVED,
                outcome=PaymentDispute.Outcome.RELEASE,
                resolved_at=first.created_at - datetime.timedelta(days=1),
            )
            for evidence in first.evidence.all()[:1]:
                for n in range(2):
                    evidence.pk = None
                    evidence.dispute = earlier
                    evidence.original_name = f"log-{n}.png"
                    evidence.save()

    url = f"/api/v1/bookings/{in_progress.pk}/disputes/"
    one = same_for_one_and_many(api_as(in_progress.freelancer), url, add, length=len, many=3)
    assert one == count(api_as(in_progress.client), url)[0]


def test_notification_preferences(client_user):
    kinds = list(Kind.values)

    def add(number):
        have = EmailPreference.objects.filter(user=client_user).count()
        for kind in kinds[have : have + number]:
            EmailPreference.objects.create(user=client_user, kind=kind, email=False)

    client = api_as(client_user)
    none, body = count(client, "/api/v1/notifications/preferences/")
    assert len(body) == len(kinds)
    add(1)
    assert count(client, "/api/v1/notifications/preferences/")[0] == none
    add(len(kinds) - 1)
    chosen, body = count(client, "/api/v1/notifications/preferences/")
    assert chosen == none and not any(row["email"] for row in body)
