"""A booking's disputes through the API once opened and decided: the list of every dispute a
party opened with staff's decision (release, refund or split amounts, when, the note to both
parties), and the evidence files (the opener's and the other party's answer) handed out with
the site's private-file headers to the two parties and to staff who decide disputes, signed in
with their second factor. A third member, a visitor, staff signed in by password alone and staff
without the power to decide disputes are refused."""

import datetime

import pytest
from rest_framework.test import APIClient

from marketplace.payments import services
from marketplace.payments.models import DisputeEvidence, PaymentDispute
from tests.marketplace.passport.fixtures import upload_file

from .helpers import api_as, api_as_staff

pytestmark = pytest.mark.django_db


def _content(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def simulated(settings):
    settings.STRIPE_SECRET_KEY = ""
    settings.STRIPE_WEBHOOK_SECRET = ""


@pytest.fixture
def disputed(simulated, in_progress, django_capture_on_commit_callbacks):
    """in_progress (funded) disputed by the client with a photo; the freelancer answered with a PDF
    and has set up payouts (simulated), so a split can be paid."""
    booking = in_progress
    url = f"/api/v1/bookings/{booking.pk}/dispute/"
    opened = api_as(booking.client).post(
        url,
        {"reason": "quality", "description": "The welds crack.", "evidence": [upload_file("png", "crack.png")]},
        format="multipart",
    )
    assert opened.status_code == 201, opened.content
    answered = api_as(booking.freelancer).post(
        f"{url}statement/",
        {"response": "Tested on site.", "evidence": [upload_file("pdf", "Test report.pdf")]},
        format="multipart",
    )
    assert answered.status_code == 200, answered.content
    services.payout_account_link(user=booking.freelancer, refresh_url="http://testserver/", return_url="http://x/")
    services.simulated_onboarding_complete(user=booking.freelancer)
    return booking


@pytest.fixture
def resolver(make_staff):
    return make_staff(groups=("Support",), second_factor=False)


def test_the_parties_and_resolving_staff_download_the_evidence_and_others_get_404(
    disputed, stranger, resolver, make_staff
):
    listed = api_as(disputed.freelancer).get(f"/api/v1/bookings/{disputed.pk}/disputes/")
    assert listed.status_code == 200, listed.content
    (dispute,) = listed.json()
    assert dispute["status"] == "open" and dispute["decision"] is None and dispute["can_respond"] is False
    files = {row["original_name"]: row for row in dispute["evidence"]}
    assert set(files) == {"crack.png", "Test report.pdf"}
    assert files["Test report.pdf"]["mine"] is True and files["crack.png"]["mine"] is False
    photo = DisputeEvidence.objects.get(original_name="crack.png")
    url = files["crack.png"]["file"]
    assert url.endswith(f"/api/v1/bookings/{disputed.pk}/disputes/{dispute['id']}/evidence/{photo.pk}/")
    for member in (disputed.client, disputed.freelancer):
        response = api_as(member).get(url, HTTP_ACCEPT="image/png")
        assert response.status_code == 200, response.content
        assert response["Content-Type"] == "image/png" and _content(response) == photo.file.open("rb").read()
        assert response["X-Content-Type-Options"] == "nosniff" and response["Cache-Control"] == "private, no-store"
        assert "sandbox" in response["Content-Security-Policy"]
    report = files["Test report.pdf"]["file"]
    assert 'filename="test-report.pdf"' in api_as(disputed.client).get(report)["Content-Disposition"]
    staff_api = api_as_staff(resolver)
    assert staff_api.get(url).status_code == 200
    assert staff_api.get(f"/api/v1/bookings/{disputed.pk}/disputes/").status_code == 200
    password_alone = api_as_staff(make_staff(groups=("Support",), second_factor=False), second_factor=False)
    assert password_alone.get(url).status_code == 404
    editor = api_as_staff(make_staff(groups=("Editors",), second_factor=False))
    assert editor.get(url).status_code == 404
    assert api_as(stranger).get(url).status_code == 404
    assert api_as(stranger).get(f"/api/v1/bookings/{disputed.pk}/disputes/").status_code == 404
    assert api_as(None).get(url).status_code == 401
    # Evidence of this dispute is not reachable through another booking or another dispute's number.
    wrong = url.replace(f"/disputes/{dispute['id']}/", f"/disputes/{dispute['id'] + 1}/")
    assert api_as(disputed.client).get(wrong).status_code == 404


def test_a_decided_dispute_shows_its_outcome_to_both_parties(disputed, resolver, stranger):
    dispute = PaymentDispute.objects.get()
    resolver.second_factor_verified = True
    services.dispute_resolve(
        staff=resolver, dispute=dispute, outcome="split", note="Half the welds were redone.", to_freelancer=400_000
    )
    dispute.refresh_from_db()
    url = f"/api/v1/bookings/{disputed.pk}/disputes/"
    for member in (disputed.client, disputed.freelancer):
        (seen,) = api_as(member).get(url).json()
        assert seen["status"] == "resolved" and seen["can_respond"] is False
        decision = seen["decision"]
        assert decision["outcome"] == "split" and decision["note"] == "Half the welds were redone."
        assert decision["to_freelancer"] == 400_000 and decision["to_client"] == dispute.to_client > 0
        assert decision["currency"] == disputed.currency
        assert datetime.datetime.fromisoformat(decision["decided_at"]) == dispute.resolved_at
        assert len(seen["evidence"]) == 2
    assert api_as(disputed.client).get(f"/api/v1/bookings/{disputed.pk}/dispute/").status_code == 404  # none open
    assert api_as(stranger).get(url).status_code == 404


def test_a_booking_without_disputes_lists_none(in_progress):
    assert api_as(in_progress.client).get(f"/api/v1/bookings/{in_progress.pk}/disputes/").json() == []


def test_the_new_endpoints_are_described_in_the_schema():
    schema = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    paths = schema["paths"]
    for path, method in (
        ("/api/v1/bookings/{id}/disputes/", "get"),
        ("/api/v1/bookings/{id}/disputes/{dispute_pk}/evidence/{evidence_pk}/", "get"),
        ("/api/v1/me/payouts/", "get"),
        ("/api/v1/me/payouts/onboarding/", "post"),
        ("/api/v1/me/payouts/simulated-onboarding/", "post"),
    ):
        operation = paths[path][method]
        assert operation["description"].strip(), path
    outcome = schema["components"]["schemas"]["Outcome"]["properties"]
    assert {"outcome", "to_freelancer", "to_client", "currency", "decided_at", "note"} <= set(outcome)
