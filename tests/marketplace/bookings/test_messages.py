"""Messages on a booking (services/messages.py): between its two parties only, never empty, and
no longer than the limit."""

import pytest

from marketplace.bookings import services
from marketplace.bookings.models import Message
from marketplace.core.errors import DomainError, PermissionDenied
from marketplace.notifications.models import Kind, Notification

pytestmark = pytest.mark.django_db


def test_a_message_tells_the_other_party(in_progress):
    message = services.message_send(actor=in_progress.freelancer, booking=in_progress, body="  On my way.  ")

    assert (message.sender, message.body) == (in_progress.freelancer, "On my way.")
    told = Notification.objects.get(kind=Kind.MESSAGE)
    assert (told.recipient, told.body) == (in_progress.client, "On my way.")


@pytest.mark.parametrize(("body", "error"), [
    ("   ", "This field is required."),
    ("x" * (services.MAX_MESSAGE_LENGTH + 1), "Keep it to 5,000 characters (it has 5,001)."),
])
def test_an_empty_or_too_long_message_is_refused(in_progress, body, error):
    with pytest.raises(DomainError) as refused:
        services.message_send(actor=in_progress.client, booking=in_progress, body=body)

    assert (refused.value.code, refused.value.message) == ("body", error)
    assert not Message.objects.exists()


def test_a_third_member_cannot_write(in_progress, stranger):
    with pytest.raises(PermissionDenied):
        services.message_send(actor=stranger, booking=in_progress, body="Hello?")

    assert not Message.objects.exists()
