"""Compact JWS with EdDSA (Ed25519), as VC-JOSE-COSE secures a credential: the header names
the key (kid: a DID URL) and the media type (typ: vc+jwt); the payload is the credential
itself. Written on `cryptography` alone, so that the tests can check it with another library."""

import json

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.utils.translation import gettext as _

from .multibase import b64url, b64url_decode

MEDIA_TYPE = "application/vc+jwt"


class MalformedJws(ValueError):
    pass


def sign(payload: dict, *, key: Ed25519PrivateKey, kid: str, typ: str = "vc+jwt") -> str:
    header = {"alg": "EdDSA", "kid": kid, "typ": typ, "cty": "vc"}
    signing_input = ".".join(
        b64url(json.dumps(part, separators=(",", ":"), ensure_ascii=False).encode()) for part in (header, payload)
    )
    return f"{signing_input}.{b64url(key.sign(signing_input.encode('ascii')))}"


def parse(token: str) -> tuple[dict, dict, bytes, bytes]:
    """header, payload, the signing input and the signature; MalformedJws if it is not a JWS."""
    parts = token.strip().split(".")
    if len(parts) != 3:
        raise MalformedJws(_("A compact JWS has three parts separated by dots."))
    try:
        header = json.loads(b64url_decode(parts[0]))
        payload = json.loads(b64url_decode(parts[1]))
        signature = b64url_decode(parts[2])
    except ValueError as exc:
        raise MalformedJws(_("The token's parts are not base64url-encoded JSON.")) from exc
    if not isinstance(header, dict) or not isinstance(payload, dict):
        raise MalformedJws(_("The token's header and payload must be JSON objects."))
    return header, payload, f"{parts[0]}.{parts[1]}".encode("ascii"), signature


def signature_valid(public_key: bytes, signing_input: bytes, signature: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, signing_input)
    except (InvalidSignature, ValueError):
        return False
    return True
