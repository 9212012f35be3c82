"""QR codes for the public verification pages: the absolute URL a code points at, and the
code itself as a standalone SVG file (one <path>, no styles) that pages show with <img>."""

import io

import qrcode
from django.urls import reverse
from django.utils.translation import get_language_from_path
from qrcode.image.svg import SvgPathImage

from marketplace.core.http import absolute_url


def verification_url(code: str) -> str:
    """The page a verifier reaches by scanning, at the address the page showing the code was
    opened from (core.http.absolute_url), so the code leads back to the site it came from.

    Without a language prefix (/verify/<code>/): a printed code must keep working whichever
    language its reader has, and core.i18n.LocaleMiddleware redirects that address to the
    reader's /sv/ or /en/ page. It also keeps the QR image (unprefixed, cached publicly for a
    day) and the JSON ("the same in every language") the same whoever asked first."""
    path = reverse("passport:verify", kwargs={"code": code})
    return absolute_url(path.removeprefix(f"/{get_language_from_path(path)}"))


def qr_svg(data: str) -> bytes:
    """`data` as a QR code in SVG, with the standard four-module quiet zone."""
    image = qrcode.make(data, image_factory=SvgPathImage, border=4)
    out = io.BytesIO()
    image.save(out)
    return out.getvalue()
