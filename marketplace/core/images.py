"""The one place an uploaded image is opened and decoded.

A few hundred kilobytes of PNG can announce 169 million pixels, which decode into 680 MB and
seconds of CPU. Image.open() reads only the header, so the pixel count is checked there, before
verify() or load() touch the data; the format is checked there too, so a wrong format is
refused without decoding it either. Pillow's own bomb limit (Image.MAX_IMAGE_PIXELS, which
Wagtail's renditions and anything else that opens an image also meet) is lowered to the same
figure when the app starts (CoreConfig.ready)."""

from io import BytesIO

import pillow_heif
from django.conf import settings
from PIL import Image

# HEIC photos (iPhones) are opened by pillow_heif's plugin; registered once, here.
pillow_heif.register_heif_opener()


class ImageRefused(Exception):
    """Base of the reasons an image is not decoded; callers turn them into their own words."""


class TooManyPixels(ImageRefused):
    pass


class WrongFormat(ImageRefused):
    """An image, of a format the caller does not take."""


class Unreadable(ImageRefused):
    pass


def max_pixels() -> int:
    return settings.VALUND_IMAGE_MAX_PIXELS


def limit_pillow() -> None:
    """Make Pillow itself warn past our limit and refuse past twice it, for every caller."""
    Image.MAX_IMAGE_PIXELS = max_pixels()


def decode(data: bytes, *, formats: frozenset[str] | set[str]) -> Image.Image:
    """The image in data, decoded, if it is one of formats (Pillow's names: "JPEG", "PNG",
    "WEBP", "HEIF") of at most VALUND_IMAGE_MAX_PIXELS pixels, intact; or ImageRefused."""
    try:
        with Image.open(BytesIO(data)) as probe:
            if probe.format not in formats:
                raise WrongFormat(probe.format or "")
            width, height = probe.size
            if width * height > max_pixels():
                raise TooManyPixels(f"{width} × {height} pixels")
            probe.verify()
        image = Image.open(BytesIO(data))
        image.load()
    except Image.DecompressionBombError as exc:
        # Pillow refuses past twice its limit while still reading the header.
        raise TooManyPixels(str(exc)) from exc
    except (OSError, SyntaxError, ValueError) as exc:  # UnidentifiedImageError too: not an image at all
        raise Unreadable(str(exc)) from exc
    return image
