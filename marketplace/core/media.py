"""Public media from local storage (no S3): the files of settings.PUBLIC_MEDIA_FOLDERS under
MEDIA_ROOT, for a deployment where gunicorn answers alone (the Procfile on one host) and for
`make run`. Behind deploy/nginx.conf, nginx serves the same folders itself and these requests
never get here. With media on S3 nothing is served here: the bucket serves them.

Only GET and HEAD, only a public folder, only a regular file that really is inside it (no '..',
no link out), with headers that keep an uploaded file from running anything if it is opened on its
own. Everything else is a 404, the same as a file that does not exist."""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.http import FileResponse, Http404
from django.views.decorators.http import require_safe

# The same headers as nginx's media location. An hour, not a year: a deleted file's name can be
# taken by the next upload (a new avatar), so an old copy must not live long in caches.
MEDIA_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Cache-Control": "public, max-age=3600",
}


def public_media_file(path: str) -> Path | None:
    """The file a /media/ path names, or None unless it is a file in a public folder on local storage."""
    storage = storages["default"]
    if not isinstance(storage, FileSystemStorage):
        return None
    parts = Path(path).parts
    if not parts or parts[0] not in settings.PUBLIC_MEDIA_FOLDERS or ".." in parts or path.startswith("/"):
        return None
    folder = (Path(storage.location) / parts[0]).resolve()
    file = (Path(storage.location) / path).resolve()
    if not file.is_relative_to(folder) or not file.is_file():
        return None
    return file


@require_safe
def public_media(request, path: str):
    file = public_media_file(path)
    if file is None:
        raise Http404
    response = FileResponse(file.open("rb"))
    for header, value in MEDIA_HEADERS.items():
        response[header] = value
    return response
