"""Logging staff in for tests as allauth does: a staff account with TOTP can only sign in by
giving its code, after which the session holds an "mfa" record (marketplace.accounts.
second_factor). Django's `Client.force_login` skips allauth, so the suite's autouse fixture
(tests/conftest.py) adds that record for accounts that have TOTP switched on; tests of the
rule itself log in with `second_factor=False` or through the real login form."""

import time

from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.account.internal.userkit import user_id_to_str
from allauth.mfa.models import Authenticator
from django.test import Client

_USER_KEY = "account_authentication_methods_user"
_plain_force_login = Client.force_login


def record_second_factor(client: Client, user) -> None:
    """What allauth stores after a correct TOTP code at login."""
    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    session = client.session
    session[_USER_KEY] = user_id_to_str(user)
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time(), "email": user.email},
        {"method": "mfa", "at": time.time(), "id": totp.pk if totp else None, "type": "totp"},
    ]
    session.save()


def force_login(client: Client, user, backend=None, *, second_factor=None):
    """Client.force_login, plus the second factor when the account has TOTP (or when told)."""
    _plain_force_login(client, user, backend)
    if second_factor is None:
        second_factor = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    if second_factor:
        record_second_factor(client, user)


def with_second_factor(user):
    """A staff account with TOTP switched on, as the request's user of a session that gave the
    code: clients log it in with the factor, and services called with it see its powers."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, generate_totp_secret())
    user = type(user).objects.get(pk=user.pk)  # fresh: no cached permissions
    user.second_factor_verified = True
    return user
