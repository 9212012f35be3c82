"""Messages between the two parties of a booking."""

from django.db import transaction
from django.utils.translation import gettext as _

from marketplace.accounts.models import User
from marketplace.core.text import clean_text
from marketplace.notifications.models import Kind

from ..models import Booking, Message
from ..rules import require_party
from .transition import name, other_party, tell

MAX_MESSAGE_LENGTH = 5000


@transaction.atomic
def message_send(*, actor: User, booking: Booking, body: str) -> Message:
    require_party(actor, booking)
    body = clean_text(body, limit=MAX_MESSAGE_LENGTH, field="body")
    message = Message.objects.create(booking=booking, sender=actor, body=body)
    tell(other_party(booking, actor.pk), booking, kind=Kind.MESSAGE, event=f"message:{message.pk}",
         title=lambda: _("%(name)s wrote about “%(title)s”") % {"name": name(actor.pk), "title": booking.title},
         body=body[:500])
    return message
