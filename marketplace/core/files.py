"""Uploaded documents: what they are is decided by their content, never by their name.

One place for the rules every private upload follows (passport documents now, booking
attachments later): accepted types, size limits, and the checks that refuse empty,
truncated, mislabelled and unreadable files with a message that says why."""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import images
from .errors import DomainError

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
WEBP = "image/webp"
HEIC = "image/heic"

# Pillow's name for each image type: the decoder must agree with what the magic bytes said.
PILLOW_FORMATS = {JPEG: "JPEG", PNG: "PNG", WEBP: "WEBP", HEIC: "HEIF"}
EXTENSIONS = {PDF: "pdf", JPEG: "jpg", PNG: "png", WEBP: "webp", HEIC: "heic"}
HEIC_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"mif1", b"msf1"}
# Executables and archives renamed to look like documents are named in the refusal (lazily: in
# the language of the request that is refused, not of whoever imported this module first).
KNOWN_IMPOSTORS = {
    b"MZ": gettext_lazy("a Windows program"),
    b"\x7fELF": gettext_lazy("a Linux program"),
    b"PK\x03\x04": gettext_lazy("a ZIP archive"),
    b"#!": gettext_lazy("a script"),
    b"\xcf\xfa\xed\xfe": gettext_lazy("a macOS program"),
}


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    extension: str
    size: int
    sha256: str


def sniff(head: bytes) -> str | None:
    """The content type that the first bytes announce, if it is one we accept."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head[4:8] == b"ftyp" and head[8:12] in HEIC_BRANDS:
        return HEIC
    return None


def _read_all(upload) -> bytes:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def _check_pdf(data: bytes) -> None:
    # A complete PDF ends with %%EOF (possibly followed by a newline or a little padding);
    # a download cut short or a file saved half-way does not.
    if b"%%EOF" not in data[-1024:]:
        raise DomainError(
            _("The PDF is incomplete (it does not end properly). Save or download it again and retry."),
            code="file_truncated",
        )
    if b"/Encrypt" in data:
        raise DomainError(
            _("The PDF is password-protected. Upload a copy without a password so it can be reviewed."),
            code="file_encrypted",
        )


def _check_image(data: bytes, content_type: str) -> None:
    try:
        images.decode(data, formats={PILLOW_FORMATS[content_type]})
    except images.TooManyPixels as exc:
        raise DomainError(
            _("The image has more than %(limit)s million pixels. Scan or photograph it at a lower resolution.")
            % {"limit": images.max_pixels() // 1_000_000},
            code="file_too_many_pixels",
        ) from exc
    except images.ImageRefused as exc:
        raise DomainError(
            _("The image is damaged or incomplete and cannot be read. Take the photo or scan again."),
            code="file_unreadable",
        ) from exc


def check_document(upload) -> CheckedFile:
    """Accept a PDF, JPEG, PNG, WebP or HEIC of at most the configured size, or refuse it."""
    limit = settings.VALUND_DOCUMENT_MAX_BYTES
    size = upload.size
    if not size:
        raise DomainError(_("The file is empty. Choose the scan or photo of your document."), code="file_empty")
    if size > limit:
        raise DomainError(
            _("The file is %(size)s MB; the limit is %(limit)s MB. Scan at a lower resolution or compress it.")
            % {"size": f"{size / 1024 / 1024:.1f}", "limit": limit // (1024 * 1024)},
            code="file_too_large",
        )
    data = _read_all(upload)
    content_type = sniff(data[:32])
    if content_type is None:
        what = next((name for magic, name in KNOWN_IMPOSTORS.items() if data.startswith(magic)), None)
        if what:
            message = _("This file is %(what)s, not a document, whatever its name says.") % {"what": what}
        else:
            message = _("This is not a PDF, JPEG, PNG, WebP or HEIC file, whatever its name says.")
        raise DomainError(message, code="file_type")
    if content_type == PDF:
        _check_pdf(data)
    else:
        _check_image(data, content_type)
    return CheckedFile(
        content_type=content_type,
        extension=EXTENSIONS[content_type],
        size=size,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def download_name(stem: str, content_type: str, *, fallback: str = "file", suffix: str = "") -> str:
    """What a private file is called when handed out (by the site's views and the API's): the
    slug of `stem` (at most 60 characters, else `fallback`), `suffix`, and the checked type's
    extension."""
    return f"{slugify(stem)[:60] or fallback}{suffix}.{EXTENSIONS.get(content_type, 'bin')}"
