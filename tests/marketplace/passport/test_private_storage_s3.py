"""Private files on S3, for real: moto's S3 server on a local port, the private storage exactly as
settings/base.py builds it from the environment, and plain HTTP from outside. Passport files
land in a private bucket under unguessable names, an unsigned request is refused, and the
owner gets a short-lived presigned URL that serves the very bytes uploaded.

moto checks object ACLs for anonymous requests but not the signature or expiry of presigned
URLs, so the URLs' lifetime is checked in their signed parameters."""

import datetime
import hashlib
import re
import urllib.error
import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from marketplace.core.storage import private_file_url, private_storage
from tests.fakes.s3 import moto_s3

pytestmark = pytest.mark.django_db

BUCKET = "valund-private-test"
EXPIRY_SECONDS = 45


@pytest.fixture(scope="module")
def s3():
    """moto's S3 server with one private bucket; yields the settings' private storage for it."""
    environment = {"AWS_PRIVATE_BUCKET_NAME": BUCKET, "PRIVATE_URL_EXPIRY_SECONDS": EXPIRY_SECONDS}
    with moto_s3(buckets=[BUCKET], environment=environment) as server:
        configured = server["configured"]
        yield {
            "client": server["client"],
            "endpoint": server["endpoint"],
            "storage": configured["STORAGES"]["private"],
            "expiry": configured["PRIVATE_URL_EXPIRY_SECONDS"],
        }


@pytest.fixture
def on_s3(s3, settings):
    """Private storage switched to the bucket. Changing STORAGES resets Django's storage
    handler (the setting_changed receiver), so private_storage() builds the S3 one."""
    settings.STORAGES = {**settings.STORAGES, "private": s3["storage"]}
    settings.PRIVATE_URL_EXPIRY_SECONDS = s3["expiry"]
    yield s3
    keys = [item["Key"] for item in s3["client"].list_objects_v2(Bucket=BUCKET).get("Contents", [])]
    for key in keys:
        s3["client"].delete_object(Bucket=BUCKET, Key=key)


@pytest.fixture
def document(on_s3, make_document, freelancer):
    return make_document(freelancer)


def http_get(url: str) -> tuple[int, bytes]:
    """A plain GET from outside: no AWS credentials, no SDK."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our local moto server
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def stored_bytes(s3, version) -> bytes:
    """The object's bytes, read with credentials; they are the bytes the member uploaded."""
    data = s3["client"].get_object(Bucket=BUCKET, Key=version.file.name)["Body"].read()
    assert hashlib.sha256(data).hexdigest() == version.sha256
    return data


def test_settings_give_a_private_bucket_with_presigned_urls(on_s3):
    storage = private_storage()

    assert type(storage).__name__ == "S3Storage"
    assert (storage.bucket_name, storage.default_acl, storage.querystring_auth) == (BUCKET, "private", True)
    assert storage.querystring_expire == EXPIRY_SECONDS


def test_upload_is_stored_in_the_bucket_under_an_unguessable_name(on_s3, document):
    version = document.current_version

    keys = [item["Key"] for item in on_s3["client"].list_objects_v2(Bucket=BUCKET)["Contents"]]

    assert keys == [version.file.name]
    assert re.fullmatch(r"passport/[A-Za-z0-9_-]{32}\.pdf", version.file.name)
    assert version.original_name not in version.file.name
    assert stored_bytes(on_s3, version).startswith(b"%PDF-")


def test_object_is_private(on_s3, document):
    name = document.current_version.file.name

    grants = on_s3["client"].get_object_acl(Bucket=BUCKET, Key=name)["Grants"]
    status, _ = http_get(f"{on_s3['endpoint']}/{BUCKET}/{name}")

    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]
    assert all("URI" not in grant["Grantee"] for grant in grants)  # no AllUsers, no AuthenticatedUsers
    assert status == 403


def test_unsigned_request_is_refused_because_of_the_acl_not_the_server(on_s3):
    """The control: the same server serves an object that is public on purpose."""
    on_s3["client"].put_object(Bucket=BUCKET, Key="control/public.txt", Body=b"public", ACL="public-read")

    assert http_get(f"{on_s3['endpoint']}/{BUCKET}/control/public.txt") == (200, b"public")


def test_presigned_url_serves_the_same_bytes_and_expires(on_s3, document):
    version = document.current_version

    url = private_file_url(version.file.name, content_type="application/pdf", disposition="inline")

    parts = urlsplit(url)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    assert f"{parts.scheme}://{parts.netloc}" == on_s3["endpoint"]
    assert parts.path == f"/{BUCKET}/{version.file.name}"
    assert query["X-Amz-Algorithm"] == "AWS4-HMAC-SHA256"
    assert int(query["X-Amz-Expires"]) == EXPIRY_SECONDS
    signed_at = datetime.datetime.strptime(query["X-Amz-Date"], "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.UTC)
    assert abs(datetime.datetime.now(datetime.UTC) - signed_at) < datetime.timedelta(seconds=30)
    assert query["X-Amz-Signature"]
    assert http_get(url) == (200, stored_bytes(on_s3, version))


@pytest.mark.parametrize(("content_type", "disposition"), [
    ("application/pdf", 'inline; filename="scan.pdf"'),
    ("image/heic", 'attachment; filename="photo.heic"'),
])
def test_presigned_url_makes_s3_answer_with_the_checked_type_and_disposition(on_s3, document, content_type,
                                                                               disposition):
    url = private_file_url(document.current_version.file.name, content_type=content_type, disposition=disposition)

    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our local moto server
        headers = response.headers

    assert (headers["Content-Type"], headers["Content-Disposition"]) == (content_type, disposition)


def test_owner_is_redirected_to_a_presigned_url(on_s3, document, freelancer, logged_in):
    version = document.current_version
    url = reverse("passport:file", kwargs={"pk": document.pk, "number": version.number})

    response = logged_in(freelancer).get(url)

    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(f"{on_s3['endpoint']}/{BUCKET}/{version.file.name}?")
    assert f"X-Amz-Expires={EXPIRY_SECONDS}" in location
    assert response["Cache-Control"] == "private, no-store"
    assert http_get(location) == (200, stored_bytes(on_s3, version))


def test_reviewer_preview_in_the_admin_is_a_presigned_url_and_is_logged(on_s3, document, reviewer, logged_in):
    version = document.current_version
    url = reverse("passport_review:file", args=[document.pk, version.number])

    response = logged_in(reviewer).get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(f"{on_s3['endpoint']}/{BUCKET}/{version.file.name}?")
    assert http_get(response["Location"]) == (200, stored_bytes(on_s3, version))
    assert document.audit_log.filter(action="downloaded", actor=reviewer).count() == 1


def test_someone_else_gets_no_url(on_s3, document, make_member, logged_in):
    version = document.current_version
    url = reverse("passport:file", kwargs={"pk": document.pk, "number": version.number})

    response = logged_in(make_member()).get(url)

    assert response.status_code == 404
    assert "X-Amz-Signature" not in response.content.decode()
    assert "Location" not in response
