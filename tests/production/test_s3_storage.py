"""Production storage for real: moto's S3 server on a local port, two buckets configured exactly
as valund/settings/base.py builds them from the environment, files stored through the real
services, and plain HTTP from outside.

Public media (avatars) go to the media bucket and are served by their plain URL; passport
documents go to the private bucket, are refused without a signature, and are handed out as
presigned URLs that live PRIVATE_URL_EXPIRY_SECONDS. (moto checks neither the signature nor the
expiry of a presigned URL, so its lifetime is checked in the signed parameters.)"""

import io
import json
import urllib.error
import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from marketplace.accounts import services as account_services
from marketplace.core.storage import private_file_url
from tests.fakes.s3 import moto_s3

pytestmark = pytest.mark.django_db

MEDIA_BUCKET = "valund-production-media-test"
PRIVATE_BUCKET = "valund-production-private-test"
EXPIRY_SECONDS = 45
# What the operator sets on the media bucket (docs/operations.md, "Media on S3"): anyone may read its objects.
PUBLIC_READ_POLICY = {
    "Version": "2012-10-17",
    "Statement": [{"Sid": "PublicRead", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                   "Resource": f"arn:aws:s3:::{MEDIA_BUCKET}/*"}],
}


@pytest.fixture(scope="module")
def s3():
    environment = {"AWS_STORAGE_BUCKET_NAME": MEDIA_BUCKET, "AWS_PRIVATE_BUCKET_NAME": PRIVATE_BUCKET,
                   "PRIVATE_URL_EXPIRY_SECONDS": EXPIRY_SECONDS}
    with moto_s3(buckets=[MEDIA_BUCKET, PRIVATE_BUCKET], environment=environment) as server:
        server["client"].put_bucket_policy(Bucket=MEDIA_BUCKET, Policy=json.dumps(PUBLIC_READ_POLICY))
        yield server


@pytest.fixture
def on_s3(s3, settings):
    """Both storages switched to the buckets (changing STORAGES resets Django's storage handler
    and default_storage, so models and services use the S3 ones)."""
    configured = s3["configured"]
    settings.STORAGES = {**settings.STORAGES, "default": configured["STORAGES"]["default"],
                         "private": configured["STORAGES"]["private"]}
    settings.PRIVATE_URL_EXPIRY_SECONDS = configured["PRIVATE_URL_EXPIRY_SECONDS"]
    yield s3
    for bucket in (MEDIA_BUCKET, PRIVATE_BUCKET):
        for item in s3["client"].list_objects_v2(Bucket=bucket).get("Contents", []):
            s3["client"].delete_object(Bucket=bucket, Key=item["Key"])


def keys(s3, bucket) -> list[str]:
    return sorted(item["Key"] for item in s3["client"].list_objects_v2(Bucket=bucket).get("Contents", []))


def http_get(url: str) -> tuple[int, bytes]:
    """A plain GET from outside: no AWS credentials, no SDK."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our local moto server
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def photo() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (600, 400), (40, 120, 200)).save(out, format="JPEG")
    return SimpleUploadedFile("me.jpg", out.getvalue(), content_type="image/jpeg")


@pytest.fixture
def avatar_profile(on_s3, freelancer):
    return account_services.profile_update(
        actor=freelancer, profile=freelancer.profile, data={}, avatar=photo()
    )


def test_avatar_is_public_in_the_media_bucket(on_s3, avatar_profile):
    url = avatar_profile.avatar.url

    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == on_s3["endpoint"]
    assert parts.path == f"/{MEDIA_BUCKET}/{avatar_profile.avatar.name}"
    assert not parts.query  # a plain, cacheable URL: no signature
    assert keys(on_s3, MEDIA_BUCKET) == sorted([avatar_profile.avatar.name, avatar_profile.avatar_small.name])
    assert keys(on_s3, PRIVATE_BUCKET) == []
    status, body = http_get(url)
    assert status == 200
    assert Image.open(io.BytesIO(body)).size == (512, 512)


def test_passport_document_is_private_in_the_private_bucket(on_s3, avatar_profile, make_document, freelancer):
    document = make_document(freelancer)
    name = document.current_version.file.name

    assert keys(on_s3, PRIVATE_BUCKET) == [name]
    assert name not in keys(on_s3, MEDIA_BUCKET)
    # Without a signature, whatever the address: the private bucket's own URL, or the public
    # bucket's (where it is not).
    assert http_get(f"{on_s3['endpoint']}/{PRIVATE_BUCKET}/{name}")[0] == 403
    assert http_get(f"{on_s3['endpoint']}/{MEDIA_BUCKET}/{name}")[0] == 404


def test_private_file_is_handed_out_only_as_a_short_lived_presigned_url(on_s3, make_document, freelancer, settings):
    document = make_document(freelancer)
    name = document.current_version.file.name

    url = private_file_url(name, content_type="application/pdf", disposition='inline; filename="certificate.pdf"')

    parts = urlsplit(url)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    assert parts.path == f"/{PRIVATE_BUCKET}/{name}"
    assert int(query["X-Amz-Expires"]) == settings.PRIVATE_URL_EXPIRY_SECONDS == EXPIRY_SECONDS
    assert query["X-Amz-Signature"]
    status, body = http_get(url)
    assert status == 200
    assert body.startswith(b"%PDF-")


def test_the_content_security_policy_allows_images_from_the_media_bucket(s3):
    configured = s3["configured"]

    assert s3["endpoint"] in configured["SECURE_CSP"]["img-src"]
    # The site never shows private files; the admin's review screen does, from the private bucket.
    assert s3["endpoint"] in configured["SECURE_CSP_ADMIN"]["frame-src"]


def test_readiness_checks_both_buckets(on_s3, client, settings):
    assert client.get("/readyz").json()["checks"]["storage"]["ok"] is True

    private = {**on_s3["configured"]["STORAGES"]["private"]}
    private["OPTIONS"] = {**private["OPTIONS"], "bucket_name": "valund-no-such-bucket"}
    settings.STORAGES = {**settings.STORAGES, "private": private}

    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["storage"]["ok"] is False
