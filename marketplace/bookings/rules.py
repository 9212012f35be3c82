"""Who may see and act on a booking, and what keeps it from starting: rules that services
(which enforce them), selectors and views (which show them) all import, so reads never reach
into services. Other apps add start checks: payments adds "the escrow is funded"."""

import datetime
from collections.abc import Callable

from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.core import dates
from marketplace.core.errors import PermissionDenied
from marketplace.passport.models import CompetenceDocument, CompetenceTemplate

from .models import Booking

VIEW_PERMISSION = "bookings.view_booking"

# Functions that may object to a booking starting: each returns a reason or None.
START_CHECKS: list[Callable[[Booking], str | None]] = []


def can_view(user, booking: Booking) -> bool:
    """The two parties, and staff who may look at bookings (support, disputes)."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return booking.is_party(user) or user.has_perm(VIEW_PERMISSION)


def require_freelancer(actor, booking: Booking) -> None:
    if actor.pk != booking.freelancer_id:
        raise PermissionDenied(_("Only the freelancer of this booking can do this."))


def require_client(actor, booking: Booking) -> None:
    if actor.pk != booking.client_id:
        raise PermissionDenied(_("Only the client of this booking can do this."))


def require_party(actor, booking: Booking) -> None:
    if not booking.is_party(actor):
        raise PermissionDenied(_("Only the two parties of this booking can do this."))


def missing_documents(booking: Booking) -> list[CompetenceTemplate]:
    """Required document types the freelancer does not hold approved and valid until the end."""
    required = list(booking.required_documents.all())
    if not required:
        return []
    held = set(
        CompetenceDocument.objects.valid_on(booking.end_date)
        .filter(owner_id=booking.freelancer_id, template__in=required)
        .values_list("template_id", flat=True)
    )
    return [template for template in required if template.pk not in held]


def start_blockers(booking: Booking, *, today: datetime.date | None = None) -> list[str]:
    """Why an accepted booking cannot start yet (empty when it can)."""
    today = today or timezone.localdate()
    reasons = []
    if today < booking.start_date:
        reasons.append(_("The booking starts on %(date)s.") % {"date": dates.day(booking.start_date)})
    missing = missing_documents(booking)
    if missing:
        reasons.append(_("Required documents are missing: %(names)s.")
                       % {"names": ", ".join(t.name for t in missing)})
    for check in START_CHECKS:
        reason = check(booking)
        if reason:
            reasons.append(reason)
    return reasons
