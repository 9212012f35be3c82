"""A member's export: built in the background into a ZIP of JSON and the original files, with
everything Valund holds about them and nothing of anyone else's; the progress shown while it is
built, the link emailed, and the download for its owner only while the link lasts."""

import datetime
import hashlib
import io
import json
import zipfile

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from marketplace.core.storage import private_storage
from marketplace.notifications.models import Notification
from marketplace.passport.models import CompetenceFile
from marketplace.privacy import services
from marketplace.privacy.models import DataRequest
from tests.clients import as_user


@pytest.fixture
def built(member_world, django_capture_on_commit_callbacks):
    """The member asks for an export on the page; the worker builds it (Huey runs immediately)."""
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(member_world["member"]).post(reverse("privacy:export"))
    assert response.status_code == 302
    request = DataRequest.objects.get(member=member_world["member"], kind=DataRequest.Kind.EXPORT)
    return {**member_world, "request": request}


def _zip(request) -> zipfile.ZipFile:
    with private_storage().open(request.file) as file:
        return zipfile.ZipFile(io.BytesIO(file.read()))


def _json(archive, name):
    return json.loads(archive.read(f"{name}.json"))


def test_the_export_holds_the_members_data_and_original_files(built):
    request = built["request"]
    assert request.status == DataRequest.Status.READY and request.progress == 100
    archive = _zip(request)

    account = _json(archive, "account")
    assert account["email"] == built["member"].email and account["last_name"] == "Lindqvist"
    profile = _json(archive, "profile")
    assert profile["display_name"] == "Astrid Lindqvist" and profile["bio"].startswith("Welding since 2004")
    assert archive.read(profile["photo"]) == built["member"].profile.avatar.open("rb").read()
    assert profile["skills"] == [{"skill": "Welding", "level": "Expert", "years": 20}]

    [document] = _json(archive, "documents")
    assert document["credential_number"] == "HA-77123"
    [review] = document["reviews"]
    assert review["comment"] == "Clear scan, thank you." and "internal_note" not in review
    version = CompetenceFile.objects.get(document=built["document"])
    [exported_version] = document["versions"]
    assert hashlib.sha256(archive.read(exported_version["file"])).hexdigest() == version.sha256

    [booking] = _json(archive, "bookings")
    assert booking["title"] == "Weld the stair railing" and booking["your_side"] == "freelancer"
    assert [m["body"] for m in booking["messages"]] == ["Can you start at eight?", "Yes, I bring my own welder."]
    assert [log["description"] for log in booking["time_logs"]] == ["Railing, ground floor"]
    [attachment] = booking["attachments"]
    assert archive.read(attachment["file"]).startswith(b"%PDF")

    payments = _json(archive, "payments")
    assert [(r["kind"], r["status"]) for r in payments["receipts"]] == [("transfer", "succeeded")]
    ratings = _json(archive, "ratings")
    assert [r["text"] for r in ratings["given"]] == ["Clear instructions."]
    assert ratings["given"][0]["private_note"] == "Paid quickly."
    assert [r["text"] for r in ratings["received"]] == ["Neat welds, on time."]
    notifications = _json(archive, "notifications")["notifications"]
    mine = Notification.objects.filter(recipient=built["member"]).order_by("created_at", "pk")
    assert [n["title"] for n in notifications] == [n.title for n in mine]
    assert "A new message from Nordbygg AB" in [n["title"] for n in notifications]
    searches = _json(archive, "searches")
    assert [s["name"] for s in searches["saved"]] == ["Welding jobs in Göteborg"]
    assert [s["query"] for s in searches["history"]] == ["welding göteborg"]
    assert "README.txt" in archive.namelist()


def test_the_export_holds_nothing_of_another_member(built):
    archive = _zip(built["request"])
    everything = b"".join(archive.read(name) for name in archive.namelist()).decode("utf-8", "replace")
    for secret in ("Bertil", "bertil@example.com", "Forklift licence", "FL-99999", "Paint the fence secretly",
                   "Checked by phone with the issuer.", built["reviewer"].email):
        assert secret not in everything
    # The files are the member's own: their document, photo and the booking's attachment.
    other_document = CompetenceFile.objects.get(document__owner=built["other"]).document_id
    files = [name for name in archive.namelist() if name.startswith("files/")]
    assert len(files) == 3 and not [name for name in files if f"documents/{other_document}/" in name]
    assert {name.split("/")[1] for name in files} == {"profile", "documents", "bookings"}


def test_the_link_is_emailed_and_downloads_for_its_owner_only(built, make_member):
    [email] = [m for m in mail.outbox if m.to == [built["member"].email] and "data" in m.subject]
    link = next(line for line in email.body.splitlines() if "/privacy/export/" in line)
    path = link[link.index("/privacy/"):]

    response = as_user(built["member"]).get(path)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert response["Cache-Control"] == "private, no-store"
    assert zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist()

    assert as_user(built["other"]).get(path).status_code == 403
    assert as_user(make_member()).get(path).status_code == 403
    anonymous = as_user(None).get(path)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    forged = path.replace(path.rstrip("/").rsplit("/", 1)[-1], signing.dumps(built["request"].pk, salt="other"))
    assert as_user(built["member"]).get(forged).status_code == 404
    assert as_user(None).get(forged).status_code == 404


def test_the_link_stops_working_when_it_expires(built, settings):
    token = services.export_token(built["request"])
    url = reverse("privacy:export_download", args=[token])
    DataRequest.objects.filter(pk=built["request"].pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert as_user(built["member"]).get(url).status_code == 410

    settings.PRIVACY_EXPORT_HOURS = 0
    DataRequest.objects.filter(pk=built["request"].pk).update(expires_at=timezone.now() + datetime.timedelta(hours=1))
    assert as_user(built["member"]).get(url).status_code == 410


def test_progress_is_shown_with_htmx_polling_and_a_refresh_without_javascript(freelancer):
    DataRequest.objects.create(kind=DataRequest.Kind.EXPORT, member=freelancer, requested_by=freelancer,
                               status=DataRequest.Status.RUNNING, progress=37)
    member = as_user(freelancer)
    page = member.get(reverse("privacy:index")).content.decode()
    assert 'hx-trigger="every 2s"' in page and "37 % done" in page
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in page

    fragment = member.get(reverse("privacy:index"), headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith("<section") and "37 % done" in fragment and "<html" not in fragment


def test_asking_again_while_one_is_built_returns_the_same_request(freelancer):
    first = services.export_request(member=freelancer)
    assert services.export_request(member=freelancer) == first
    assert DataRequest.objects.filter(member=freelancer).count() == 1


def test_the_account_page_links_to_the_members_data(freelancer, client_user):
    for member in (freelancer, client_user):
        page = as_user(member).get(reverse("dashboard:index")).content.decode()
        assert f'href="{reverse("privacy:index")}"' in page and "Your data: download or close your account" in page
