"""The freelancer's connected account, which payouts go to: onboarding and its state."""

from django.db import transaction
from django.utils.translation import gettext as _

from marketplace.accounts.models import User
from marketplace.bookings.models import Booking
from marketplace.core.errors import PermissionDenied

from ..gateways import get_gateway
from ..models import ConnectedAccount, EscrowAccount
from .execution import release_after_commit


def payout_account_link(*, user: User, refresh_url: str, return_url: str) -> str:
    """Where a freelancer goes to set up (or finish setting up) the account we pay them into."""
    if user.role != User.Role.FREELANCER:
        raise PermissionDenied(_("Only freelancers receive payouts."))
    if not user.email_verified:
        raise PermissionDenied(_("Confirm your email address before you set up payouts."), code="unverified")
    gateway = get_gateway()
    account = ConnectedAccount.objects.filter(user=user).first()
    if account is None:
        state = gateway.create_account(email=user.email, idempotency_key=f"user:{user.pk}:account")
        account, _created = ConnectedAccount.objects.get_or_create(
            user=user, defaults={"stripe_id": state.id, "simulated": gateway.simulated},
        )
    return gateway.onboarding_link(account_id=account.stripe_id, refresh_url=refresh_url, return_url=return_url)


@transaction.atomic
def payout_account_update(*, stripe_id: str, details_submitted: bool, charges_enabled: bool,
                          payouts_enabled: bool) -> ConnectedAccount | None:
    """The account's state as Stripe reports it (account.updated, or a refresh on return)."""
    account = ConnectedAccount.objects.select_for_update().filter(stripe_id=stripe_id).first()
    if account is None:
        return None
    was_ready = account.ready
    account.details_submitted, account.charges_enabled, account.payouts_enabled = (
        details_submitted, charges_enabled, payouts_enabled)
    account.save(update_fields=["details_submitted", "charges_enabled", "payouts_enabled", "updated_at"])
    if account.ready and not was_ready:
        # Releases that waited for the account can go now.
        waiting = EscrowAccount.objects.filter(
            booking__freelancer_id=account.user_id, booking__status=Booking.Status.COMPLETED,
            released_at__isnull=True, frozen=False, booking__approvals__action="confirmed",
        ).values_list("booking_id", flat=True)
        for booking_id in set(waiting):
            release_after_commit(booking_id)
    return account


def payout_account_refresh(*, user: User) -> ConnectedAccount | None:
    account = ConnectedAccount.objects.filter(user=user).first()
    if account is None:
        return None
    state = get_gateway().retrieve_account(account.stripe_id)
    return payout_account_update(stripe_id=state.id, details_submitted=state.details_submitted,
                                 charges_enabled=state.charges_enabled, payouts_enabled=state.payouts_enabled)


def simulated_onboarding_complete(*, user: User) -> ConnectedAccount:
    """Only for the simulated gateway: the freelancer "finishes" onboarding on our own page."""
    account = ConnectedAccount.objects.filter(user=user, simulated=True).first()
    if account is None or not get_gateway().simulated:
        raise PermissionDenied(_("Payouts are not simulated on this site."))
    return payout_account_update(stripe_id=account.stripe_id, details_submitted=True, charges_enabled=True,
                                 payouts_enabled=True)
