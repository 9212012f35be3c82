"""Decompression bombs: every path that reads an uploaded image refuses one from its header,
before decoding it, in every format we accept, without the process's memory growing."""

import ast
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from marketplace.accounts.avatars import render_avatar
from marketplace.core.errors import DomainError
from marketplace.core.files import check_document
from tests.marketplace.core.bombs import header_bomb, png_bomb
from tests.marketplace.core.memory import MB, peak_growth

# What decoding one of them costs is about 500-680 MB; refusing one costs next to nothing.
GENEROUS_BOUND = 40 * MB
ROOT = Path(settings.BASE_DIR)

BOMBS = {
    "png (real, 657 KB)": lambda: png_bomb(),
    "png (header)": lambda: header_bomb("PNG"),
    "jpeg": lambda: header_bomb("JPEG"),
    "webp": lambda: header_bomb("WEBP"),
    "heic": lambda: header_bomb("HEIF"),
}


@pytest.mark.parametrize("bomb", BOMBS.values(), ids=BOMBS.keys())
def test_documents_refuse_a_bomb_from_its_header(bomb):
    data = bomb()

    refused, growth = peak_growth(lambda: check_document(SimpleUploadedFile("scan.png", data)))

    assert isinstance(refused, DomainError), refused
    assert refused.code == "file_too_many_pixels"
    assert "40 million pixels" in refused.message
    assert growth < GENEROUS_BOUND, f"grew {growth / MB:.0f} MB"


@pytest.mark.parametrize("bomb", BOMBS.values(), ids=BOMBS.keys())
def test_avatars_refuse_a_bomb_from_its_header(bomb):
    data = bomb()

    refused, growth = peak_growth(lambda: render_avatar(SimpleUploadedFile("me.png", data)))

    assert isinstance(refused, DomainError), refused
    # HEIC is not a photo format for avatars: refused for that, also before decoding.
    assert refused.code in {"avatar_too_many_pixels", "avatar_format"}
    assert growth < GENEROUS_BOUND, f"grew {growth / MB:.0f} MB"


def _png(width, height) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (width, height), (10, 120, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_the_limit_is_the_setting_to_the_pixel(settings):
    settings.VALUND_IMAGE_MAX_PIXELS = 64 * 48

    assert check_document(SimpleUploadedFile("a.png", _png(64, 48))).content_type == "image/png"
    render_avatar(SimpleUploadedFile("a.png", _png(64, 48)))
    with pytest.raises(DomainError) as document:
        check_document(SimpleUploadedFile("b.png", _png(65, 48)))
    with pytest.raises(DomainError) as avatar:
        render_avatar(SimpleUploadedFile("b.png", _png(65, 48)))

    assert (document.value.code, avatar.value.code) == ("file_too_many_pixels", "avatar_too_many_pixels")


def test_pillow_itself_refuses_a_bomb_wherever_it_is_opened():
    """Wagtail's renditions, Willow, a later piece of code: Pillow's own limit is ours."""
    assert Image.MAX_IMAGE_PIXELS == settings.VALUND_IMAGE_MAX_PIXELS
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == settings.VALUND_IMAGE_MAX_PIXELS

    refused, growth = peak_growth(lambda: Image.open(BytesIO(png_bomb())).load())

    assert isinstance(refused, Image.DecompressionBombError), refused
    assert growth < GENEROUS_BOUND


def _image_opens(path: Path) -> list[int]:
    """Lines of path that call <something>.open() on PIL's Image (or Willow's)."""
    tree = ast.parse(path.read_text())
    return [
        node.lineno for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "open"
        and isinstance(node.func.value, ast.Name) and node.func.value.id in {"Image", "WillowImage", "PILImage"}
    ]


def test_images_are_opened_in_core_images_only():
    """core.images checks the pixels before decoding; any other Image.open would not."""
    allowed = ROOT / "marketplace" / "core" / "images.py"
    opens = {
        str(path.relative_to(ROOT)): lines
        for folder in ("marketplace", "pages", "valund")
        for path in (ROOT / folder).rglob("*.py")
        if path != allowed and "migrations" not in path.parts and (lines := _image_opens(path))
    }

    assert opens == {}
    assert _image_opens(allowed), "the check itself must find the opens it is looking for"
