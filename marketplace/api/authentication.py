"""Who is asking: a program with a headless access token (below), or a page of ours with its
session (DRF's SessionAuthentication, writes with the CSRF token; the request's user comes from
StaffTwoFactorMiddleware, which has vouched for its second factor).

Access tokens are allauth headless's JWTs (HEADLESS_JWT_*): validated as allauth's own DRF class
does, against the session they were issued in (stateful validation), so logging out, changing
the password or deactivating the account refuses them at once. Staff powers need a second factor
proved in that session, as on the site: a token issued after a sign-in that asked for the TOTP
code carries them, one issued after a password alone does not."""

from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.headless.contrib.rest_framework.authentication import JWTTokenAuthentication
from allauth.headless.tokens.strategies.jwt.internal import decode_token, get_token_session, validate_token_user
from rest_framework.exceptions import AuthenticationFailed

from marketplace.accounts.second_factor import SECOND_FACTOR


class AccessTokenAuthentication(JWTTokenAuthentication):
    """`Authorization: Bearer <access token>` from /api/auth/app/v1/."""

    def authenticate_credentials(self, key: str):
        payload = decode_token(key, "access")
        session = get_token_session(payload) if payload is not None else None
        user = validate_token_user(payload, session) if session is not None else None
        if user is None:
            raise AuthenticationFailed("The access token is invalid, expired or revoked.", code="invalid_token")
        records = session.get(AUTHENTICATION_METHODS_SESSION_KEY, [])
        user.second_factor_verified = any(record.get("method") == SECOND_FACTOR for record in records)
        return user, payload
