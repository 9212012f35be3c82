"""Staff powers need a second factor proved in the current session.

allauth keeps a record of every way the session's member has authenticated (password, code,
"mfa" after a TOTP or recovery code). A session holds staff powers only while such an "mfa"
record is there for its user: after a login that asked for the code, after a reauthentication
with it, or after switching TOTP on in this session (which proves the code too). Removing the
last authenticator takes the record away again. Until then a staff account is an ordinary
member everywhere: `User.has_perm` and friends refuse, so views, services, the admin and any
API built on them refuse too.

The same records say whether the member signed in a moment ago: allauth asks for the password
again before a sensitive step (switching two-factor on or off, the recovery codes) unless the
session holds a *re*authentication younger than ACCOUNT_REAUTHENTICATION_TIMEOUT, so a staff
member who had just signed in was asked for the password once more when the admin sent them to
switch TOTP on. `signed_in_recently` counts a sign-in that proved every factor the account has
within that timeout as such a reauthentication; the adapter asks it."""

import time

from allauth.account import app_settings as account_settings
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY, get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added, authenticator_removed
from django.dispatch import receiver

SECOND_FACTOR = "mfa"


def session_has_second_factor(request, user) -> bool:
    return any(record.get("method") == SECOND_FACTOR for record in get_authentication_records(request, user))


def signed_in_recently(request, user) -> bool:
    """Whether this session proved the account's password, and its TOTP code when it has one,
    within allauth's reauthentication timeout (a reauthentication records the same methods)."""
    if user is None or not user.is_authenticated:
        return False
    now = time.time()
    methods = {
        record.get("method")
        for record in get_authentication_records(request, user)
        if now - record.get("at", 0) < account_settings.REAUTHENTICATION_TIMEOUT
    }
    if "password" not in methods:
        return False
    return (
        SECOND_FACTOR in methods or not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    )


def vouch(request, user):
    """Mark the request's user with what its session has proved; returns the user."""
    if user is not None and user.is_authenticated:
        user.second_factor_verified = session_has_second_factor(request, user)
    return user


@receiver(authenticator_added)
def _second_factor_switched_on(sender, request, user, authenticator, **kwargs):
    if request is not None and authenticator.type != Authenticator.Type.RECOVERY_CODES:
        record_authentication(
            request, user, SECOND_FACTOR, id=authenticator.pk, type=authenticator.type, activated=True
        )
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            request.user.second_factor_verified = True


@receiver(authenticator_removed)
def _second_factor_switched_off(sender, request, user, authenticator, **kwargs):
    if request is None or user is None:
        return
    remaining = Authenticator.objects.filter(user=user).exclude(type=Authenticator.Type.RECOVERY_CODES)
    if remaining.exists():
        return
    records = get_authentication_records(request, user)
    kept = [record for record in records if record.get("method") != SECOND_FACTOR]
    if len(kept) != len(records):
        request.session[AUTHENTICATION_METHODS_SESSION_KEY] = kept
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        request.user.second_factor_verified = False
