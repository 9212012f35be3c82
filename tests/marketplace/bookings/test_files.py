"""Files on a booking (services/files.py): either party adds them, the other is told, nobody else
may, and a booking holds a limited number."""

import pytest

from marketplace.bookings import services
from marketplace.bookings.models import Attachment
from marketplace.bookings.services import files
from marketplace.core.errors import DomainError, PermissionDenied
from marketplace.notifications.models import Kind, Notification
from tests.marketplace.passport.fixtures import upload_file

pytestmark = pytest.mark.django_db


def test_either_party_adds_a_file_and_the_other_is_told(in_progress):
    attachment = services.attachment_add(actor=in_progress.client, booking=in_progress,
                                         upload=upload_file("pdf", "drawing.pdf"))

    assert (attachment.booking, attachment.uploaded_by, attachment.original_name) == (
        in_progress, in_progress.client, "drawing.pdf")
    told = Notification.objects.get(kind=Kind.ATTACHMENT)
    assert (told.recipient, told.body) == (in_progress.freelancer, "drawing.pdf")


def test_a_third_member_cannot_add_a_file(in_progress, stranger):
    with pytest.raises(PermissionDenied):
        services.attachment_add(actor=stranger, booking=in_progress, upload=upload_file("pdf"))

    assert not Attachment.objects.exists()


def test_a_booking_full_of_files_refuses_one_more(in_progress, monkeypatch):
    monkeypatch.setattr(files, "MAX_ATTACHMENTS", 1)
    services.attachment_add(actor=in_progress.freelancer, booking=in_progress, upload=upload_file("png"))

    with pytest.raises(DomainError) as refused:
        services.attachment_add(actor=in_progress.client, booking=in_progress, upload=upload_file("pdf"))

    assert refused.value.code == "attachments"
    assert Attachment.objects.filter(booking=in_progress).count() == 1
