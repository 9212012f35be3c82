"""Avatar validation and renditions: the file's content decides, never its name."""

from io import BytesIO

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from marketplace.core import images
from marketplace.core.errors import DomainError

ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
LARGE_SIZE = 512
SMALL_SIZE = 128


def _square(image: Image.Image, size: int) -> Image.Image:
    return ImageOps.fit(image, (size, size), method=Image.Resampling.LANCZOS, centering=(0.5, 0.4))


def render_avatar(upload) -> tuple[ContentFile, ContentFile]:
    """Check an uploaded photo and return (large, small) square JPEG renditions.

    Re-encoding also strips metadata such as GPS positions from phone photos."""
    if upload.size == 0:
        raise DomainError(_("The photo is empty. Choose a JPEG, PNG or WebP image."), code="avatar_empty")
    if upload.size > settings.VALUND_AVATAR_MAX_BYTES:
        limit = settings.VALUND_AVATAR_MAX_BYTES // (1024 * 1024)
        raise DomainError(
            _("The photo is too large. The limit is %(limit)s MB.") % {"limit": limit}, code="avatar_too_large"
        )
    upload.seek(0)
    try:
        image = images.decode(upload.read(), formats=ACCEPTED_FORMATS)
    except images.WrongFormat as exc:
        raise DomainError(_("Choose a JPEG, PNG or WebP photo."), code="avatar_format") from exc
    except images.TooManyPixels as exc:
        raise DomainError(_("The photo has too many pixels."), code="avatar_too_many_pixels") from exc
    except images.ImageRefused as exc:
        raise DomainError(
            _("That file is not a readable image. Choose a JPEG, PNG or WebP photo."), code="avatar_unreadable"
        ) from exc
    finally:
        upload.seek(0)
    image = ImageOps.exif_transpose(image).convert("RGB")

    renditions = []
    for size in (LARGE_SIZE, SMALL_SIZE):
        buffer = BytesIO()
        _square(image, size).save(buffer, format="JPEG", quality=85, optimize=True, progressive=True)
        renditions.append(ContentFile(buffer.getvalue(), name=f"avatar-{size}.jpg"))
    return renditions[0], renditions[1]
