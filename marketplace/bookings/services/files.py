"""Files either party adds to a booking: checked like passport documents, kept private."""

from django.db import transaction
from django.utils.translation import gettext as _

from marketplace.accounts.models import User
from marketplace.core.errors import DomainError
from marketplace.core.files import check_document
from marketplace.core.storage import removed_on_failure, store_private
from marketplace.notifications.models import Kind

from ..models import Attachment, Booking
from ..rules import require_party
from .transition import lock, name, other_party, tell

MAX_ATTACHMENTS = 20


def store_attachment(*, booking, actor, upload, checked) -> str:
    """Store a checked upload privately and attach it; returns the stored file's name, for the
    caller to delete should its transaction fail."""
    path = store_private("bookings", upload, checked)
    Attachment.objects.create(booking=booking, uploaded_by=actor, file=path, original_name=upload.name[:255],
                              content_type=checked.content_type, size=checked.size, sha256=checked.sha256)
    return path


def attachment_add(*, actor: User, booking: Booking, upload) -> Attachment:
    """Either party adds a file; it is checked like a passport document and kept private."""
    require_party(actor, booking)
    checked = check_document(upload)
    with removed_on_failure() as stored, transaction.atomic():
        booking = lock(booking)
        if booking.attachments.count() >= MAX_ATTACHMENTS:
            raise DomainError(_("A booking can hold %(count)s files; remove the need for more by combining "
                                "them into one PDF.") % {"count": MAX_ATTACHMENTS}, code="attachments")
        path = store_attachment(booking=booking, actor=actor, upload=upload, checked=checked)
        stored.append(path)
        attachment = booking.attachments.get(file=path)
        tell(other_party(booking, actor.pk), booking, kind=Kind.ATTACHMENT, event=f"attachment:{attachment.pk}",
             title=lambda: _("%(name)s added a file to “%(title)s”")
             % {"name": name(actor.pk), "title": booking.title},
             body=attachment.original_name)
    return attachment
