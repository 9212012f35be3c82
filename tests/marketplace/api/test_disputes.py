"""A booking's dispute through the API: a party opens it with evidence (multipart, the site's
content checks), the escrow freezes, both parties read it, the other party gives their side
once; the opener cannot answer themselves, a third member and a visitor find nothing."""

import pytest

from marketplace.bookings.models import Booking
from marketplace.payments.models import EscrowAccount, PaymentDispute
from tests.marketplace.passport.fixtures import upload_file

from .helpers import api_as

pytestmark = pytest.mark.django_db


@pytest.fixture
def simulated(settings):
    settings.STRIPE_SECRET_KEY = ""
    settings.STRIPE_WEBHOOK_SECRET = ""


def test_the_client_opens_a_dispute_and_the_freelancer_answers_once(simulated, in_progress, stranger):
    url = f"/api/v1/bookings/{in_progress.pk}/dispute/"
    client_api, freelancer_api = api_as(in_progress.client), api_as(in_progress.freelancer)
    assert client_api.get(url).status_code == 404  # none yet
    opened = client_api.post(
        url,
        {"reason": "quality", "description": "The welds crack.", "evidence": [upload_file("png", "crack.png")]},
        format="multipart",
    )
    assert opened.status_code == 201, opened.content
    body = opened.json()
    assert body["status"] == "open" and body["opened_by"] == "client" and body["mine"] is True
    assert body["can_respond"] is False and [row["original_name"] for row in body["evidence"]] == ["crack.png"]
    assert Booking.objects.get(pk=in_progress.pk).status == Booking.Status.DISPUTED
    assert EscrowAccount.objects.get(booking=in_progress).frozen is True

    seen = freelancer_api.get(url).json()
    assert seen["id"] == body["id"] and seen["mine"] is False and seen["can_respond"] is True
    statement = f"{url}statement/"
    assert client_api.post(statement, {"response": "Me too"}, format="multipart").status_code == 403
    answered = freelancer_api.post(statement, {"response": "Tested on site; photos."}, format="multipart")
    assert answered.status_code == 200, answered.content
    assert answered.json()["response"] == "Tested on site; photos." and answered.json()["can_respond"] is False
    again = freelancer_api.post(statement, {"response": "And more"}, format="multipart")
    assert again.status_code == 400 and again.json()["errors"][0]["field"] == "response"
    assert api_as(stranger).get(url).status_code == 404
    assert api_as(None).get(url).status_code == 401
    assert api_as(None).post(statement, {"response": "Hi"}, format="multipart").status_code == 401
    assert api_as(stranger).post(statement, {"response": "Hi"}, format="multipart").status_code == 404


def test_a_dispute_needs_a_reason_and_a_document_not_a_program(simulated, in_progress, stranger):
    url = f"/api/v1/bookings/{in_progress.pk}/dispute/"
    missing = api_as(in_progress.freelancer).post(url, {"description": "Unpaid"}, format="multipart")
    assert missing.status_code == 400 and missing.json()["errors"][0]["field"] == "reason"
    fake = upload_file("pdf", "photo.pdf")
    fake.file.seek(0)
    fake.file.write(b"MZ\x90\x00 a program" * 10)
    fake.file.truncate()
    fake.file.seek(0)
    refused = api_as(in_progress.freelancer).post(
        url, {"reason": "other", "description": "Unpaid", "evidence": [fake]}, format="multipart"
    )
    assert refused.status_code == 400, refused.content
    assert refused.json()["errors"][0]["field"] == "evidence"
    assert api_as(stranger).post(url, {"reason": "other", "description": "x"}, format="multipart").status_code == 404
    assert not PaymentDispute.objects.exists()
    assert Booking.objects.get(pk=in_progress.pk).status == Booking.Status.IN_PROGRESS
