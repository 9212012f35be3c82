"""The whole marketplace through the API alone, as two programs would use it: each signs up
through allauth's headless endpoints and confirms the address with the emailed code, then uses
only its bearer token. The freelancer fills in the profile and a skill and uploads a passport
document, which waits for review; a staff reviewer (TOTP, second factor given) approves it in
the Wagtail admin's review queue, the one step outside the API; the freelancer reads it approved,
its credential is listed on the public profile and verified by its code, and the client finds
the freelancer in the search with the skill verified, requests a booking, pays the escrow in
the simulated gateway; the freelancer
accepts, starts and logs time; the client approves it; the freelancer marks the work done,
the client confirms; the release waits until the freelancer sets up payouts (the simulated
onboarding) and then goes out; both rate each other (double-blind: revealed once both have). A third
member with a token of their own is refused the document, the booking, its funding, the
approval of its time and its ratings."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from marketplace.bookings.models import Booking
from tests.marketplace.passport.fixtures import upload_file
from tests.marketplace.passport.helpers import QUEUE, REQUIRED_CHECKS

pytestmark = pytest.mark.django_db

AUTH = "/api/auth/app/v1/auth"
V1 = "/api/v1"
SCORES = {"overall": 5, "communication": 5, "quality": 4, "timeliness": 5, "professionalism": 5}


@pytest.fixture
def simulated(settings):
    settings.STRIPE_SECRET_KEY = ""
    settings.STRIPE_WEBHOOK_SECRET = ""


def sign_up(mailoutbox, **fields) -> APIClient:
    """Sign up, confirm the address with the emailed code: a client that sends the access token."""
    app = APIClient()
    signed_up = app.post(f"{AUTH}/signup", {"password": "a-long-password-42", **fields}, format="json")
    assert signed_up.status_code == 401, signed_up.content  # pending: verify the address
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", mailoutbox[-1].body, re.M).group(1)
    app.credentials(HTTP_X_SESSION_TOKEN=signed_up.json()["meta"]["session_token"])
    verified = app.post(f"{AUTH}/email/verify", {"key": code}, format="json")
    assert verified.status_code == 200, verified.content
    program = APIClient()
    program.credentials(HTTP_AUTHORIZATION=f"Bearer {verified.json()['meta']['access_token']}")
    return program


def ok(response, status=200) -> dict:
    assert response.status_code == status, response.content
    return response.json()


def approve_in_the_admin(reviewer, document_id: int, title: str) -> None:
    """What a reviewer does in the Wagtail admin: finds the document in the review queue, starts
    the review, and approves the version the review screen shows, with the required checks."""
    admin = Client()
    admin.force_login(reviewer)  # with the second factor given: the reviewer has TOTP
    queue = admin.get(QUEUE)
    assert queue.status_code == 200 and title in queue.content.decode()
    started = admin.post(reverse("passport_review:start", args=[document_id]))
    assert started.status_code == 302, started.content
    screen = admin.get(reverse("passport_review:review", args=[document_id])).content.decode()
    version = re.search(r'name="version" value="(\d+)"', screen).group(1)
    decided = admin.post(
        reverse("passport_review:decide", args=[document_id]),
        {"decision": "approved", "checks": REQUIRED_CHECKS, "version": version, "comment": "All in order."},
    )
    assert decided.status_code == 302 and decided["Location"] == QUEUE, decided.content


def test_a_booking_from_sign_up_to_ratings_through_the_api_alone(
    db, skills, template, make_staff, mailoutbox, simulated, django_capture_on_commit_callbacks
):
    committed = django_capture_on_commit_callbacks  # the search index follows commits
    with committed(execute=True):
        freelancer = sign_up(mailoutbox, email="sara@example.com", role="freelancer", display_name="Sara Nyström")
        ok(freelancer.patch(f"{V1}/me/", {"headline": "Welder", "hourly_rate": 65000}, format="json"))
        ok(freelancer.post(f"{V1}/me/skills/", {"skill": "welding", "level": 3, "years": 8}, format="json"), 201)
    client = sign_up(
        mailoutbox, email="bygg@example.com", role="client", display_name="Erik Holm", company_name="Holm Bygg AB"
    )
    stranger = sign_up(mailoutbox, email="other@example.com", role="client", display_name="Olle Other")

    today = timezone.localdate()
    uploaded = ok(
        freelancer.post(
            f"{V1}/me/documents/",
            {
                "document_type": "hot-work",
                "issuer": "Brandskyddsföreningen",
                "credential_number": "HA-2291-77",
                "issue_date": (today - datetime.timedelta(days=10)).isoformat(),
                "expiry_date": (today + datetime.timedelta(days=800)).isoformat(),
                "skills": ["welding"],
                "file": upload_file("pdf"),
            },
            format="multipart",
        ),
        201,
    )
    document = f"{V1}/me/documents/{uploaded['id']}/"
    assert ok(freelancer.get(document))["status"] == "uploaded"  # waiting for review
    assert stranger.get(document).status_code == 404
    assert stranger.get(f"{V1}/documents/{uploaded['id']}/files/1/").status_code == 404

    with committed(execute=True):
        approve_in_the_admin(make_staff(reviewer=True), uploaded["id"], uploaded["title"])
    approved = ok(freelancer.get(document))
    assert approved["status"] == "approved" and approved["decided_at"] is not None
    assert [(review["decision"], review["comment"]) for review in approved["reviews"]] == [
        ("approved", "All in order.")
    ]

    found = ok(client.get(f"{V1}/freelancers/", {"skills": "welding", "verified": "true"}))
    assert [card["display_name"] for card in found["results"]] == ["Sara Nyström"]
    assert found["results"][0]["skills"] == [{"slug": "welding", "name": "Welding", "verified": True}]
    slug = found["results"][0]["slug"]
    credentials = ok(APIClient().get(f"{V1}/freelancers/{slug}/credentials/"))["results"]
    assert [(c["type"], c["status"], c["credential_number"][-3:]) for c in credentials] == [
        ("Hot work certificate", "valid", "-77")
    ]
    assert credentials[0]["checked_at"] is not None
    code = credentials[0]["verification_url"].rstrip("/").rsplit("/", 1)[-1]
    verified = ok(APIClient().get(f"{V1}/credentials/{code}/"))
    assert (verified["holder"], verified["status"]) == ("Sara Nyström", "valid")
    profile = ok(client.get(f"{V1}/freelancers/{slug}/"))
    assert profile["hourly_rate"] == 65000 and profile["skills"][0]["verified"] is True

    booking = ok(
        client.post(
            f"{V1}/bookings/",
            {
                "freelancer": slug,
                "title": "Weld the stair railing",
                "description": "Steel railing, two floors.",
                "start_date": today.isoformat(),
                "end_date": (today + datetime.timedelta(days=7)).isoformat(),
                "expected_hours": "10",
                "skills": ["welding"],
            },
            format="json",
        ),
        201,
    )
    url = f"{V1}/bookings/{booking['id']}/"
    assert booking["status"] == "pending" and booking["estimate"] == 650000
    assert stranger.get(url).status_code == 404

    assert ok(freelancer.post(f"{url}accept/", {"reason": "Happy to."}, format="json"))["status"] == "accepted"
    assert stranger.post(f"{url}funding/", {}, format="json").status_code == 404
    with committed(execute=True):
        payment = ok(client.post(f"{url}funding/", {}, format="json"), 201)
        paid = ok(client.post(f"{V1}/payments/simulated-checkouts/{payment['checkout_session_id']}/pay/"))
    assert paid["status"] == "succeeded" and paid["amount"] == 650000
    assert ok(freelancer.get(f"{url}escrow/"))["figures"]["held"] == 650000

    assert ok(freelancer.post(f"{url}start/", {}, format="json"))["status"] == "in_progress"
    # The work began yesterday (set in the database: no request books the past), so two hours fit
    # whatever the hour now; a log for today is refused until that much of today has passed.
    yesterday = today - datetime.timedelta(days=1)
    Booking.objects.filter(pk=booking["id"]).update(start_date=yesterday)
    log = ok(
        freelancer.post(
            f"{url}time-logs/",
            {"date": yesterday.isoformat(), "minutes": 120, "description": "Measured and cut the posts"},
            format="json",
        ),
        201,
    )
    assert ok(freelancer.post(f"{url}time-logs/submit/", {}, format="json"))["count"] == 1
    assert stranger.post(f"{url}time-logs/{log['id']}/approve/").status_code == 404
    assert ok(client.post(f"{url}time-logs/{log['id']}/approve/"))["status"] == "approved"

    assert ok(freelancer.post(f"{url}done/", {}, format="json"))["done_at"] is not None
    with committed(execute=True):
        assert ok(client.post(f"{url}confirm/", {}, format="json"))["status"] == "completed"
    waiting = ok(client.get(f"{url}escrow/"))
    assert waiting["figures"]["earned"] == 130000 and waiting["released"] is False
    assert waiting["payout_ready"] is False  # the release waits for the freelancer's payout set-up

    assert ok(freelancer.get(f"{V1}/me/payouts/"))["set_up"] is False
    assert client.get(f"{V1}/me/payouts/").status_code == 404  # clients have no payouts
    link = ok(freelancer.post(f"{V1}/me/payouts/onboarding/"), 201)
    assert link["simulated"] is True and link["account"]["set_up"] is True and link["account"]["ready"] is False
    with committed(execute=True):
        assert ok(freelancer.post(f"{V1}/me/payouts/simulated-onboarding/"))["ready"] is True
    released = ok(client.get(f"{url}escrow/"))
    assert released["released"] is True and released["figures"]["released"] == 130000
    assert released["figures"]["refunded"] == 520000 and released["figures"]["held"] == 0
    earned = ok(freelancer.get(f"{V1}/payments/", {"kind": "transfer"}))["results"]
    assert [(row["kind"], row["amount"] + row["fee"]) for row in earned] == [("transfer", 130000)]

    mine = ok(client.post(f"{url}ratings/", {"scores": SCORES, "text": "Tidy welds."}, format="json"), 201)
    assert mine["mine"]["text"] == "Tidy welds." and mine["theirs"] is None
    assert ok(freelancer.get(f"{url}ratings/"))["theirs"] is None  # double-blind until both have rated
    ok(freelancer.post(f"{url}ratings/", {"scores": SCORES, "text": "Clear brief."}, format="json"), 201)
    assert ok(freelancer.get(f"{url}ratings/"))["theirs"]["text"] == "Tidy welds."
    assert stranger.get(f"{url}ratings/").status_code == 404
    history = ok(client.get(f"{V1}/payments/"))["results"]
    assert [(row["kind"], row["amount"]) for row in history][-1] == ("funding", 650000)
