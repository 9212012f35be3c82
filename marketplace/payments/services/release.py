"""Paying out what escrow holds: the release to the freelancer (the client's, the daily run's
or a ready payout account's), refunds to the client, the reminder before the automatic release,
and what the booking lifecycle asks of the escrow."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.accounts.models import User
from marketplace.bookings.models import Booking
from marketplace.core.errors import DomainError, PermissionDenied
from marketplace.core.money import format_money
from marketplace.notifications.models import Kind as NotificationKind
from marketplace.notifications.services import notify

from .. import selectors
from ..fees import platform_fee
from ..models import ConnectedAccount, EscrowAccount, Payment
from .allocation import allocate_refund, allocate_release
from .execution import execute_after_commit, release_after_commit

PaymentKind = Payment.Kind
PaymentStatus = Payment.Status
BookingStatus = Booking.Status


def escrow_release(*, booking: Booking, actor: User | None = None) -> list[Payment]:
    """Pay the freelancer what they earned, minus the platform fee, and refund the client
    whatever was paid in and not earned. Decided once under the escrow's lock: twenty
    simultaneous requests make one set of transfers; the gateway is called after commit."""
    if actor is not None and actor.pk != booking.client_id:
        raise PermissionDenied(_("Only the client can release the escrow early."))
    with transaction.atomic():
        escrow = EscrowAccount.objects.select_for_update().filter(booking=booking).first()
        booking = Booking.objects.get(pk=booking.pk)
        if escrow is not None and escrow.released_at:
            return list(escrow.payments.filter(kind__in=[PaymentKind.TRANSFER, PaymentKind.REFUND])
                        .exclude(status=PaymentStatus.FAILED))
        blockers = selectors.release_blockers(booking)
        if blockers:
            raise DomainError(" ".join(blockers), code="release")
        account = ConnectedAccount.objects.get(user_id=booking.freelancer_id)
        now_figures = selectors.figures(booking, escrow)
        # After a transfer failed for good, only what it took is back in escrow: release that.
        release_total = now_figures.earned - now_figures.released
        fee_total = platform_fee(now_figures.earned, escrow.currency) - now_figures.fees
        payments = allocate_release(escrow, release_total, fee_total, account)
        leftover = now_figures.held - release_total
        if leftover > 0:
            payments += allocate_refund(escrow, leftover, reason="leftover")
        escrow.released_at = timezone.now()
        escrow.save(update_fields=["released_at", "updated_at"])
        execute_after_commit(payments)
        notify(recipient=booking.freelancer, kind=NotificationKind.ESCROW_RELEASED,
               event_key=f"escrow:{escrow.pk}:released",
               title=lambda: _("%(amount)s is on its way to you for “%(title)s”")
               % {"amount": format_money(release_total - fee_total, escrow.currency), "title": booking.title},
               body=lambda: _("Earned %(earned)s, Valund's fee %(fee)s.") % {
                   "earned": format_money(release_total, escrow.currency),
                   "fee": format_money(fee_total, escrow.currency)},
               url=booking.get_absolute_url())
    return payments


def escrow_refund(*, booking: Booking, amount: int | None = None, reason: str = "") -> list[Payment]:
    """Give the client back what escrow holds (all of it, or `amount`), e.g. when a booking is
    cancelled or a dispute is decided so."""
    with transaction.atomic():
        escrow = EscrowAccount.objects.select_for_update().filter(booking=booking).first()
        if escrow is None:
            return []
        held = selectors.figures(booking, escrow).held
        amount = held if amount is None else amount
        if amount <= 0:
            return []
        if amount > held:
            raise DomainError(_("The escrow holds only %(held)s.") % {"held": format_money(held, escrow.currency)},
                              code="amount")
        payments = allocate_refund(escrow, amount, reason=reason or "refund")
        execute_after_commit(payments)
        notify(recipient=booking.client, kind=NotificationKind.ESCROW_REFUNDED,
               event_key=f"escrow:{escrow.pk}:refund:{payments[0].pk}",
               title=lambda: _("%(amount)s is being refunded to you for “%(title)s”")
               % {"amount": format_money(amount, escrow.currency), "title": booking.title},
               url=booking.get_absolute_url())
    return payments


@transaction.atomic
def release_remind(*, booking: Booking, now=None) -> bool:
    escrow = EscrowAccount.objects.select_for_update().get(booking=booking)
    if escrow.release_reminded_at or escrow.released_at:
        return False
    escrow.release_reminded_at = now or timezone.now()
    escrow.save(update_fields=["release_reminded_at", "updated_at"])
    notify(recipient=booking.client, kind=NotificationKind.ESCROW_RELEASE_SOON,
           event_key=f"escrow:{escrow.pk}:release_reminder",
           title=lambda: _("The escrow for “%(title)s” is released to the freelancer in %(days)s days")
           % {"title": booking.title, "days": settings.ESCROW_RELEASE_REMINDER_DAYS_BEFORE},
           body=lambda: _("If something is wrong with the work, open a dispute before then."),
           url=booking.get_absolute_url())
    return True


def on_booking_changed(*, booking: Booking, action: str, to_status: str, **kwargs) -> None:
    """Called inside each booking transition's transaction (bookings.signals.booking_changed)."""
    escrow = EscrowAccount.objects.filter(booking=booking).first()
    if escrow is None:
        return
    if to_status == BookingStatus.CANCELLED:
        transaction.on_commit(lambda: escrow_refund(booking=booking, reason="cancelled"))
    elif action == "confirmed":
        release_after_commit(booking.pk)
