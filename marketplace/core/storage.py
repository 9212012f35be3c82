"""Where private files live. Nothing else in the project knows.

Private files (passport documents, later booking attachments) never sit under MEDIA_ROOT or
the public media URL: locally they are in PRIVATE_MEDIA_ROOT with no URL at all and are
streamed by a view that checks who is asking; on S3 they are in a private bucket and handed
out as presigned URLs that expire within a minute."""

import secrets
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.files.storage import FileSystemStorage, storages
from django.http import FileResponse
from django.shortcuts import redirect
from django.utils.http import content_disposition_header

# The types a browser shows by itself without running anything from the file (images, and PDFs
# in its own viewer); every other type is handed out as a download. The type is the one
# core.files.check_document found in the content at upload, never what the browser claimed.
INLINE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "application/pdf"})
# Whatever a file turns out to be, it opens as a document of its own: no script, no plugin, no
# form, an origin of its own (so no cookies or pages of ours), nothing it may load. Set on the
# response here, so neither the site's policy nor the admin's (which allows inline script)
# replaces it. Chrome still shows a PDF under this policy (its viewer is not the document).
PRIVATE_FILE_POLICY = "default-src 'none'; sandbox"


def private_storage():
    return storages["private"]


@contextmanager
def removed_on_failure() -> Iterator[list[str]]:
    """Collects the names of the files a block writes to private storage (`stored.append(name)`)
    and deletes them again should the block fail (its transaction rolled back, a refusal
    raised): a failed write leaves no file that no row names. Enter it before the transaction:
    `with removed_on_failure() as stored, transaction.atomic():`."""
    stored: list[str] = []
    try:
        yield stored
    except BaseException:
        for name in stored:
            private_storage().delete(name)
        raise


def unguessable_name(prefix: str, filename: str) -> str:
    """A storage name that reveals nothing and cannot be guessed; only the extension is kept."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"{prefix}/{secrets.token_urlsafe(24)}.{extension}"


class PrivateFileSystemStorage(FileSystemStorage):
    """Local private files: no URL exists for them, so a template cannot leak one."""

    def url(self, name):
        raise ValueError("Private files have no public URL; serve them through a checked view.")


def private_file_url(name: str, *, content_type: str, disposition: str) -> str | None:
    """A short-lived URL for a private file on S3, or None when files are served by our view.

    The URL makes S3 answer with our type and disposition instead of whatever is stored."""
    storage = private_storage()
    if getattr(storage, "querystring_auth", False):
        return storage.url(name, parameters={"ResponseContentType": content_type,
                                             "ResponseContentDisposition": disposition})
    return None


def private_file_response(file, *, content_type: str, filename: str):
    """Hand out a private file, after the view has checked who is asking: inline if its checked
    content_type is one of INLINE_TYPES, else as a download named filename; sandboxed, never
    sniffed, never cached. On S3, a redirect to a URL that expires within a minute."""
    inline = content_type in INLINE_TYPES
    url = private_file_url(file.name, content_type=content_type,
                           disposition=content_disposition_header(not inline, filename))
    if url:
        response = redirect(url)
    else:
        response = FileResponse(file.open("rb"), as_attachment=not inline, filename=filename,
                                content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = PRIVATE_FILE_POLICY
    response["Cache-Control"] = "private, no-store"
    return response


def store_private(prefix: str, upload, checked) -> str:
    """Save a checked upload under an unguessable name in private storage; returns the name."""
    return private_storage().save(unguessable_name(prefix, f"file.{checked.extension}"), upload)
