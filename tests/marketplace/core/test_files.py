from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from marketplace.core.errors import DomainError
from marketplace.core.files import HEIC, JPEG, PDF, PNG, WEBP, check_document

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def image_bytes(fmt, size=(60, 40)):
    if fmt == "HEIF":
        import pillow_heif

        pillow_heif.register_heif_opener()
    buffer = BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


def upload(data, name="document.pdf"):
    return SimpleUploadedFile(name, data)


@pytest.mark.parametrize(
    ("data", "name", "content_type"),
    [
        (PDF_BYTES, "cert.pdf", PDF),
        (image_bytes("JPEG"), "scan.jpg", JPEG),
        (image_bytes("PNG"), "scan.png", PNG),
        (image_bytes("WEBP"), "scan.webp", WEBP),
        (image_bytes("HEIF"), "photo.heic", HEIC),
        # The name does not matter, only the content: a PNG called .pdf is a PNG.
        (image_bytes("PNG"), "misnamed.pdf", PNG),
    ],
)
def test_accepted_types_are_recognised_by_content(data, name, content_type):
    checked = check_document(upload(data, name))

    assert checked.content_type == content_type
    assert checked.size == len(data)
    assert len(checked.sha256) == 64


@pytest.mark.parametrize(
    ("data", "name", "code", "phrase"),
    [
        (b"", "empty.pdf", "file_empty", "empty"),
        (PDF_BYTES[:40], "cut.pdf", "file_truncated", "incomplete"),
        (b"MZ\x90\x00" + b"\x00" * 500, "invoice.pdf", "file_type", "a Windows program"),
        (b"\x7fELF" + b"\x00" * 500, "cert.pdf", "file_type", "a Linux program"),
        (b"PK\x03\x04" + b"\x00" * 500, "cert.pdf", "file_type", "a ZIP archive"),
        (b"#!/bin/sh\nrm -rf /\n", "cert.jpg", "file_type", "a script"),
        (b"Just some text, not a scan", "cert.jpg", "file_type", "not a PDF, JPEG, PNG, WebP or HEIC"),
        (image_bytes("PNG")[:60], "cut.png", "file_unreadable", "damaged or incomplete"),
        (image_bytes("GIF"), "anim.gif", "file_type", "not a PDF"),
        (PDF_BYTES.replace(b"/Type", b"/Encrypt"), "locked.pdf", "file_encrypted", "password-protected"),
    ],
)
def test_bad_files_are_refused_with_a_reason(data, name, code, phrase):
    with pytest.raises(DomainError) as refused:
        check_document(upload(data, name))

    assert refused.value.code == code
    assert phrase in refused.value.message


def test_oversized_file_is_refused_with_the_limit(settings):
    settings.VALUND_DOCUMENT_MAX_BYTES = 1024 * 1024
    data = PDF_BYTES + b"0" * (1024 * 1024)

    with pytest.raises(DomainError) as refused:
        check_document(upload(data))

    assert refused.value.code == "file_too_large"
    assert "the limit is 1 MB" in refused.value.message
