"""Files: static files, public media (a folder or an S3 bucket), private files (a folder outside
MEDIA_ROOT or a private bucket), where the buckets' files are fetched from (for the Content
Security Policy in security.py), how large an upload may be, and the daily backup."""

import os
from pathlib import Path
from urllib.parse import urlsplit

from .environment import BASE_DIR

# Static files: whitenoise serves compressed, content-hashed files.
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# The folders of the default storage that anyone may read at MEDIA_URL (our avatars, Wagtail's
# images and admin avatars). Nothing else under MEDIA_ROOT is served as it is: Wagtail's documents
# go through its view, which checks privacy. deploy/nginx.conf lists the same folders.
PUBLIC_MEDIA_FOLDERS = ["avatars", "avatar_images", "images", "original_images"]

# Shared by both buckets; django-storages' own defaults when empty.
_s3_endpoint_url = os.environ.get("AWS_S3_ENDPOINT_URL", "")
_s3_region_name = os.environ.get("AWS_S3_REGION_NAME", "")
_s3_custom_domain = os.environ.get("AWS_S3_CUSTOM_DOMAIN", "")


def _s3_storage(bucket: str, **options) -> dict:
    """A bucket as django-storages' S3Storage: the service both buckets share, files never
    overwritten, and the bucket's own options."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": _s3_endpoint_url or None,
            "region_name": _s3_region_name or None,
            "file_overwrite": False,
            **options,
        },
    }


def _bucket_origins(bucket: str, custom_domain: str = "") -> list[str]:
    """Where a bucket's files are fetched from, for the Content Security Policy."""
    if not bucket:
        return []
    if custom_domain:
        return [f"https://{custom_domain}"]
    endpoint = urlsplit(_s3_endpoint_url)
    if endpoint.netloc:  # path-style and virtual-host-style URLs of an S3-compatible service
        return [f"{endpoint.scheme}://{endpoint.netloc}", f"{endpoint.scheme}://{bucket}.{endpoint.netloc}"]
    regional = [f"https://{bucket}.s3.{_s3_region_name}.amazonaws.com"] if _s3_region_name else []
    return [f"https://{bucket}.s3.amazonaws.com", *regional]


AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    _default_storage = _s3_storage(
        AWS_STORAGE_BUCKET_NAME, custom_domain=_s3_custom_domain or None, default_acl=None, querystring_auth=False
    )
else:
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
# Private files (passport documents): a private S3 bucket with presigned URLs when
# AWS_PRIVATE_BUCKET_NAME is set, otherwise a folder outside MEDIA_ROOT with no URL at all.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private"))
AWS_PRIVATE_BUCKET_NAME = os.environ.get("AWS_PRIVATE_BUCKET_NAME", "")
PRIVATE_URL_EXPIRY_SECONDS = int(os.environ.get("PRIVATE_URL_EXPIRY_SECONDS", "60"))
if AWS_PRIVATE_BUCKET_NAME:
    _private_storage = _s3_storage(
        AWS_PRIVATE_BUCKET_NAME,
        default_acl="private",
        querystring_auth=True,
        querystring_expire=PRIVATE_URL_EXPIRY_SECONDS,
        # Never the media's custom domain: with one, django-storages hands out unsigned URLs.
        custom_domain=None,
    )
else:
    _private_storage = {
        "BACKEND": "marketplace.core.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT)},
    }
STORAGES = {
    "default": _default_storage,
    "private": _private_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ORIGINS = _bucket_origins(AWS_STORAGE_BUCKET_NAME, _s3_custom_domain)
PRIVATE_ORIGINS = _bucket_origins(AWS_PRIVATE_BUCKET_NAME)

# Uploads
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# No file is kept past the largest size any upload may have (marketplace/core/uploads.py); the
# checks after it refuse it by its real size. deploy/nginx.conf's client_max_body_size bounds
# the whole request.
FILE_UPLOAD_HANDLERS = [
    "marketplace.core.uploads.CappedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
VALUND_AVATAR_MAX_BYTES = 5 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Every uploaded image (documents, attachments, avatars, Wagtail's images) is refused past
# this many pixels, counted from its header before decoding (marketplace/core/images.py).
VALUND_IMAGE_MAX_PIXELS = 40_000_000
WAGTAILIMAGES_MAX_IMAGE_PIXELS = VALUND_IMAGE_MAX_PIXELS
VALUND_DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
VALUND_UPLOAD_MAX_BYTES = max(VALUND_AVATAR_MAX_BYTES, VALUND_DOCUMENT_MAX_BYTES, WAGTAILIMAGES_MAX_UPLOAD_SIZE)
WAGTAILDOCS_MAX_UPLOAD_SIZE = VALUND_UPLOAD_MAX_BYTES

# The daily backup (marketplace/backups/tasks.py, docs/backups.md): off until BACKUP_DESTINATION
# names a folder or s3://bucket/prefix on another disk or machine than the database's (a backup
# beside what it backs up is lost with it). At BACKUP_TIME (HH:MM, UTC) Huey's worker runs it and
# keeps the BACKUP_KEEP newest (0: never removes any, for a bucket whose lifecycle rule does).
BACKUP_DESTINATION = os.environ.get("BACKUP_DESTINATION", "")
BACKUP_TIME = os.environ.get("BACKUP_TIME", "02:30")
BACKUP_KEEP = int(os.environ.get("BACKUP_KEEP", "7"))
