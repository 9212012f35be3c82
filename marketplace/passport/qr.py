"""QR codes for the public verification pages: the absolute URL a code points at, and the
code itself as a standalone SVG file (one <path>, no styles) that pages show with <img>."""

import io

import qrcode
from django.conf import settings
from django.urls import reverse
from qrcode.image.svg import SvgPathImage


def verification_url(code: str) -> str:
    """The page a verifier reaches by scanning, on the site's own address: a printed code must
    keep working whichever host the freelancer happened to print it from."""
    return settings.SITE_URL + reverse("passport:verify", kwargs={"code": code})


def qr_svg(data: str) -> bytes:
    """`data` as a QR code in SVG, with the standard four-module quiet zone."""
    image = qrcode.make(data, image_factory=SvgPathImage, border=4)
    out = io.BytesIO()
    image.save(out)
    return out.getvalue()
