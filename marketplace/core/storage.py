"""Where private files live. Nothing else in the project knows.

Private files (passport documents, later booking attachments) never sit under MEDIA_ROOT or
the public media URL: locally they are in PRIVATE_MEDIA_ROOT with no URL at all and are
streamed by a view that checks who is asking; on S3 they are in a private bucket and handed
out as presigned URLs that expire within a minute."""

import secrets

from django.core.files.storage import FileSystemStorage, storages


def private_storage():
    return storages["private"]


def unguessable_name(prefix: str, filename: str) -> str:
    """A storage name that reveals nothing and cannot be guessed; only the extension is kept."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"{prefix}/{secrets.token_urlsafe(24)}.{extension}"


class PrivateFileSystemStorage(FileSystemStorage):
    """Local private files: no URL exists for them, so a template cannot leak one."""

    def url(self, name):
        raise ValueError("Private files have no public URL; serve them through a checked view.")


def private_file_url(name: str) -> str | None:
    """A short-lived URL for a private file on S3, or None when files are served by our view."""
    storage = private_storage()
    if getattr(storage, "querystring_auth", False):
        return storage.url(name)
    return None


def store_private(prefix: str, upload, checked) -> str:
    """Save a checked upload under an unguessable name in private storage; returns the name."""
    return private_storage().save(unguessable_name(prefix, f"file.{checked.extension}"), upload)
