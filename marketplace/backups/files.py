"""Files in a backup: walking a storage (a folder or an S3 bucket, through Django's storage API),
copying each file with its SHA-256, and where a backup is kept (a folder, or s3://bucket/prefix)."""

import hashlib
import os
from urllib.parse import urlsplit

from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage
from storages.backends.s3 import S3Storage

CHUNK = 1024 * 1024


def walk(storage: Storage, folder: str = "") -> list[str]:
    """Every file's name in the storage, sorted; nothing when its folder does not exist yet."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    names = [f"{folder}/{name}" if folder else name for name in files]
    for sub in folders:
        names += walk(storage, f"{folder}/{sub}" if folder else sub)
    return sorted(names)


class _Digesting:
    """A file object that hashes what is read from it."""

    def __init__(self, file):
        self.file = file
        self.digest = hashlib.sha256()
        self.size = 0

    closed = False

    def seekable(self):
        return False  # a second pass would hash the bytes twice

    def read(self, size=-1):
        data = self.file.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data


def copy(source: Storage, name: str, target: Storage, target_name: str) -> dict:
    """Copy one file; returns its size and SHA-256. The target keeps the very name, or this fails
    (a storage that renames a clash would break the database's references)."""
    with source.open(name, "rb") as file:
        reader = _Digesting(file)
        saved = target.save(target_name, File(reader, name=os.path.basename(target_name)))
        # Read to the end, in case the storage stopped short of it.
        while reader.read(CHUNK):
            pass
    if saved != target_name:
        target.delete(saved)
        raise FileExistsError(f"{target_name} is already there.")
    return {"size": reader.size, "sha256": reader.digest.hexdigest()}


def checksum(storage: Storage, name: str) -> str:
    digest = hashlib.sha256()
    with storage.open(name, "rb") as file:
        while data := file.read(CHUNK):
            digest.update(data)
    return digest.hexdigest()


def location(address: str) -> Storage:
    """Where backups are kept: a folder, or s3://bucket/prefix (credentials and AWS_S3_ENDPOINT_URL
    from the environment, as the site's own buckets)."""
    parts = urlsplit(address)
    if parts.scheme == "s3":
        return S3Storage(
            bucket_name=parts.netloc,
            location=parts.path.strip("/"),
            default_acl="private",
            file_overwrite=True,
            querystring_auth=True,
            endpoint_url=os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            region_name=os.environ.get("AWS_S3_REGION_NAME") or None,
        )
    return FileSystemStorage(location=os.path.abspath(address))


def join(address: str, name: str) -> str:
    return f"{address.rstrip('/')}/{name}"
