"""A member's dispute about a booking: opened by a party with a reason and evidence, which
moves the booking to disputed and freezes the escrow, and decided by staff, who release, refund
or split what is held. Payments owns the dispute; bookings only records the booking's move."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.accounts.models import User
from marketplace.bookings import services as booking_services
from marketplace.bookings.models import Booking
from marketplace.core.errors import DomainError, PermissionDenied
from marketplace.core.files import check_document
from marketplace.core.money import format_money
from marketplace.core.storage import removed_on_failure, store_private
from marketplace.core.text import clean_text
from marketplace.notifications.models import Kind as NotificationKind
from marketplace.notifications.services import notify

from .. import selectors
from ..fees import platform_fee
from ..models import ConnectedAccount, DisputeEvidence, EscrowAccount, PaymentDispute
from ..rules import can_resolve, dispute_refusal
from .allocation import allocate_refund, allocate_release
from .execution import execute_after_commit
from .funding import escrow_for

MAX_DESCRIPTION = 5000
MAX_NOTE = 5000
MAX_EVIDENCE = 10
# What staff may decide on a member's dispute: the three that move money while the escrow holds
# some, closing it with a note when it holds none.
MEMBER_OUTCOMES = (PaymentDispute.Outcome.RELEASE, PaymentDispute.Outcome.REFUND, PaymentDispute.Outcome.SPLIT,
                   PaymentDispute.Outcome.CLOSED)


def dispute_open(*, actor: User, booking: Booking, reason: str, description: str, evidence=()) -> PaymentDispute:
    """A party disputes the booking (in progress, or completed within the dispute window and
    before the escrow paid out, rules.dispute_refusal): the booking becomes disputed, the escrow
    freezes, and staff decide. Evidence files are checked and stored like passport documents."""
    if reason not in PaymentDispute.Reason.values:
        raise DomainError(_("Choose what the dispute is about."), code="reason")
    description = clean_text(description, limit=MAX_DESCRIPTION, field="description",
                             required_message=_("Describe what went wrong, so staff can decide fairly."))
    checked = _check_evidence(evidence)
    with removed_on_failure() as stored, transaction.atomic():
        escrow = EscrowAccount.objects.select_for_update().filter(booking=booking).first()
        refusal = dispute_refusal(escrow)
        if refusal:
            raise DomainError(refusal, code="released")
        booking_services.booking_dispute(
            actor=actor, booking=booking, reason=f"{PaymentDispute.Reason(reason).label}: {description}")
        if escrow is None:  # nothing was paid in: the dispute still needs an escrow to belong to
            escrow = escrow_for(booking)
        else:
            escrow.frozen = True
            escrow.save(update_fields=["frozen", "updated_at"])
        dispute = PaymentDispute.objects.create(escrow=escrow, opened_by=actor, reason=reason,
                                                description=description)
        _store_evidence(dispute, actor, checked, stored)
    return dispute


def dispute_respond(*, actor: User, dispute: PaymentDispute, response: str, evidence=()) -> PaymentDispute:
    """The other party gives their side of an open dispute (once, before staff decide), with
    evidence of their own; staff read both sides on the dispute screen."""
    response = clean_text(response, limit=MAX_DESCRIPTION, field="response",
                          required_message=_("Write your side of what happened."))
    checked = _check_evidence(evidence)
    with removed_on_failure() as stored, transaction.atomic():
        dispute = PaymentDispute.objects.select_for_update().select_related("escrow__booking").get(pk=dispute.pk)
        booking = dispute.escrow.booking
        if dispute.source != PaymentDispute.Source.MEMBER or not booking.is_party(actor) \
                or actor.pk == dispute.opened_by_id:
            raise PermissionDenied(_("Only the other party of the booking can answer this dispute."))
        if dispute.status != PaymentDispute.Status.OPEN:
            raise DomainError(_("This dispute was already decided."), code="resolved")
        if dispute.responded_at:
            raise DomainError(_("You have already given your side; write to the other party in the booking's "
                                "messages if something changed."), code="response")
        dispute.response, dispute.responded_at = response, timezone.now()
        dispute.save(update_fields=["response", "responded_at", "updated_at"])
        _store_evidence(dispute, actor, checked, stored)
    return dispute


def dispute_resolve(*, staff: User, dispute: PaymentDispute, outcome: str, note: str,
                    to_freelancer: int | None = None) -> PaymentDispute:
    """Staff decide a member's dispute: release all that is held to the freelancer, refund it
    all to the client, or split (`to_freelancer` of it released, the rest refunded); when the
    escrow holds nothing, only close it with the note (no 0 SEK refund). The fee is taken on
    what is released. Both parties are told, with the note."""
    if not can_resolve(staff):
        raise PermissionDenied(_("Only staff who resolve disputes may do this."))
    note = clean_text(note, limit=MAX_NOTE, field="note",
                      required_message=_("Write a note to both parties explaining the decision."))
    if outcome not in MEMBER_OUTCOMES:
        raise DomainError(_("Choose release, refund or split."), code="outcome")
    with transaction.atomic():
        dispute = PaymentDispute.objects.select_for_update().select_related("escrow__booking").get(pk=dispute.pk)
        if dispute.status != PaymentDispute.Status.OPEN:
            raise DomainError(_("This dispute was already decided."), code="resolved")
        if dispute.source != PaymentDispute.Source.MEMBER:
            raise DomainError(_("A chargeback is decided by the card network, not here."), code="chargeback")
        escrow = EscrowAccount.objects.select_for_update().get(pk=dispute.escrow_id)
        booking = escrow.booking
        held = selectors.figures(booking, escrow).held
        if held == 0 and outcome != PaymentDispute.Outcome.CLOSED:
            raise DomainError(_("The escrow holds nothing, so no money can move: close the dispute with a note "
                                "instead."), code="outcome")
        if held and outcome == PaymentDispute.Outcome.CLOSED:
            raise DomainError(_("The escrow holds %(held)s: release, refund or split it.")
                              % {"held": format_money(held, escrow.currency)}, code="outcome")
        if outcome == PaymentDispute.Outcome.CLOSED:
            to_freelancer = 0
        elif outcome == PaymentDispute.Outcome.RELEASE:
            to_freelancer = held
        elif outcome == PaymentDispute.Outcome.REFUND:
            to_freelancer = 0
        elif to_freelancer is None or not 0 < to_freelancer < held:
            raise DomainError(_("For a split, release more than nothing and less than the %(held)s held.")
                              % {"held": format_money(held, escrow.currency)}, code="to_freelancer")
        to_client = held - to_freelancer
        payments = []
        if to_freelancer:
            account = ConnectedAccount.objects.filter(user_id=booking.freelancer_id).first()
            if account is None or not account.ready:
                raise DomainError(_("The freelancer has not finished setting up payouts; decide again once they "
                                    "have."), code="payouts")
            payments += allocate_release(escrow, to_freelancer, platform_fee(to_freelancer, escrow.currency),
                                         account)
        if to_client:
            payments += allocate_refund(escrow, to_client, reason=f"dispute {dispute.pk}")
        escrow.frozen = escrow.disputes.filter(status=PaymentDispute.Status.OPEN).exclude(pk=dispute.pk).exists()
        if payments:
            escrow.released_at = timezone.now()
        escrow.save(update_fields=["frozen", "released_at", "updated_at"])
        dispute.status, dispute.outcome, dispute.resolution_note = PaymentDispute.Status.RESOLVED, outcome, note
        dispute.to_freelancer, dispute.to_client = to_freelancer, to_client
        dispute.resolved_by, dispute.resolved_at = staff, timezone.now()
        dispute.save()
        execute_after_commit(payments)
        for recipient in (booking.client, booking.freelancer):
            notify(recipient=recipient, kind=NotificationKind.DISPUTE_RESOLVED,
                   event_key=f"dispute:{dispute.pk}:resolved",
                   title=lambda: _("The dispute about “%(title)s” was decided: %(outcome)s")
                   % {"title": booking.title, "outcome": dispute.get_outcome_display()},
                   body=lambda: note if outcome == PaymentDispute.Outcome.CLOSED else
                   _("%(note)s\n\nTo the freelancer: %(released)s. To the client: %(refunded)s.") % {
                       "note": note, "released": format_money(to_freelancer, escrow.currency),
                       "refunded": format_money(to_client, escrow.currency)},
                   url=booking.get_absolute_url())
    return dispute


def _check_evidence(evidence) -> list:
    """The uploads of a dispute or of the answer to it, each checked like a passport document."""
    evidence = list(evidence)
    if len(evidence) > MAX_EVIDENCE:
        raise DomainError(_("Attach at most 10 files."), code="evidence")
    return [(upload, check_document(upload)) for upload in evidence]


def _store_evidence(dispute: PaymentDispute, actor: User, checked, stored: list[str]) -> None:
    """Each checked upload into private storage and its DisputeEvidence row; `stored` collects the
    names so the caller deletes them if the transaction fails."""
    for upload, check in checked:
        name = store_private("disputes", upload, check)
        stored.append(name)
        DisputeEvidence.objects.create(dispute=dispute, uploaded_by=actor, file=name,
                                       original_name=upload.name[:255], content_type=check.content_type,
                                       size=check.size, sha256=check.sha256)
