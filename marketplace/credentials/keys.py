"""Valund's signing key as an issuer of credentials, and the did:web that publishes it.

The private key comes from VALUND_VC_SIGNING_KEY (PEM, base64 of the 32-byte seed, or a
multibase "z…" ed25519-priv value) or from the file VALUND_VC_KEY_FILE. In development
and tests, when neither is set, a key is generated once into var/vc-signing-key.pem (var/ is
ignored by git); production settings forbid that. The key is never logged or stored in the
database: only its public half is, as an IssuerKey."""

import base64
import functools
import logging
import os
from pathlib import Path
from urllib.parse import quote, urlsplit

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from .models import IssuerKey
from .multibase import ED25519_PRIV, b58decode, public_key_multibase

logger = logging.getLogger(__name__)


def _setting(name: str, default=None):
    return getattr(settings, name, None) or os.environ.get(name) or default


def _default_key_file() -> Path:
    return Path(settings.BASE_DIR) / "var" / "vc-signing-key.pem"


def _parse_private_key(text: str) -> Ed25519PrivateKey:
    text = text.strip()
    if text.startswith("-----BEGIN"):
        key = serialization.load_pem_private_key(text.encode(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ImproperlyConfigured("VALUND_VC_SIGNING_KEY must be an Ed25519 key.")
        return key
    seed = _base64_seed(text)
    # A base64 seed starts with "z" once in 64 keys: it is one when it decodes to 32 bytes.
    if text.startswith("z") and seed is None:
        try:
            data = b58decode(text[1:])
        except ValueError as exc:
            raise ImproperlyConfigured("VALUND_VC_SIGNING_KEY is neither multibase nor base64.") from exc
        if not data.startswith(ED25519_PRIV) or len(data) != 34:
            raise ImproperlyConfigured("VALUND_VC_SIGNING_KEY is multibase but not an ed25519-priv key.")
        return Ed25519PrivateKey.from_private_bytes(data[2:])
    if seed is None:
        raise ImproperlyConfigured("VALUND_VC_SIGNING_KEY must be PEM, multibase, or base64 of a 32-byte seed.")
    return Ed25519PrivateKey.from_private_bytes(seed)


def _base64_seed(text: str) -> bytes | None:
    """The 32 bytes a standard or URL-safe base64 text holds, or None when it holds no such seed."""
    try:
        seed = base64.b64decode(text.replace("-", "+").replace("_", "/") + "=" * (-len(text) % 4), validate=True)
    except ValueError:
        return None
    return seed if len(seed) == 32 else None


def _generate_into(path: Path) -> None:
    if not _may_generate():
        raise ImproperlyConfigured(f"{path} does not exist: credentials need a signing key.")
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    # Written whole under a temporary name, then linked into place: parallel test workers
    # starting at once all end up reading the one key that won, never half a file.
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        out.write(pem)
    try:
        os.link(temporary, path)
    except FileExistsError:
        return
    finally:
        temporary.unlink()
    logger.warning("Generated a development signing key for credentials in %s", path)


@functools.lru_cache(maxsize=8)
def _load(value: str | None, path: str) -> Ed25519PrivateKey:
    if value:
        return _parse_private_key(value)
    file = Path(path)
    if not file.exists():
        _generate_into(file)
    return _parse_private_key(file.read_text())


def _may_generate() -> bool:
    return getattr(settings, "VALUND_VC_GENERATE_DEV_KEY", True)


def _key_file() -> Path | None:
    """VALUND_VC_KEY_FILE; else, where development keeps the key it generated. Production names
    its file: a development key left in var/ is never taken for the issuer's."""
    configured = _setting("VALUND_VC_KEY_FILE")
    if configured:
        return Path(configured)
    return _default_key_file() if _may_generate() else None


MISSING = "No signing key for credentials: set VALUND_VC_SIGNING_KEY or VALUND_VC_KEY_FILE."


def signing_key() -> Ed25519PrivateKey:
    value, file = _setting("VALUND_VC_SIGNING_KEY"), _key_file()
    if not value and file is None:
        raise ImproperlyConfigured(MISSING)
    return _load(value, str(file))


def key_problem() -> str | None:
    """Why no signing key can be loaded, in words that never quote the key; None when one can
    (or when development may generate one). Read only: the start-up check calls it."""
    value, path = _setting("VALUND_VC_SIGNING_KEY"), _key_file()
    source = "VALUND_VC_SIGNING_KEY"
    if not value:
        if path is None:
            return f"{MISSING} Approvals issue signed credentials."
        source = f"VALUND_VC_KEY_FILE ({path})"
        if not path.exists():
            return None if _may_generate() else f"{source} does not exist."
        try:
            value = path.read_text()
        except (OSError, UnicodeDecodeError) as exc:
            return f"{source} cannot be read ({exc.__class__.__name__})."
    try:
        _parse_private_key(value)
    except ImproperlyConfigured as exc:
        return f"{source}: {exc}"
    except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
        # PEM that is encrypted, damaged or not a private key; the library's words may echo it.
        return f"{source} is not a usable Ed25519 private key ({exc.__class__.__name__})."
    return None


def current_public_multibase() -> str:
    """The signing key's public half, read without writing anything (for the DID document)."""
    raw = signing_key().public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return public_key_multibase(raw)


def current_issuer_key() -> tuple[Ed25519PrivateKey, IssuerKey, bool]:
    """The key to sign with now and its public record; a new key retires the ones before it
    (they stay in the DID document while credentials signed with them are in force). The
    third value says whether this key has just taken over."""
    private = signing_key()
    record, created = IssuerKey.objects.get_or_create(public_key_multibase=current_public_multibase())
    took_over = created or record.retired_at is not None
    if took_over:
        if record.retired_at is not None:
            IssuerKey.objects.filter(pk=record.pk).update(retired_at=None)
            record.retired_at = None
        IssuerKey.objects.exclude(pk=record.pk).filter(retired_at__isnull=True).update(retired_at=timezone.now())
    return private, record, took_over


def issuer_did() -> str:
    """did:web of the site's configured address (SITE_URL): a port is percent-encoded, a
    path becomes colon-separated segments (the did:web method's rules)."""
    parts = urlsplit(settings.SITE_URL)
    did = "did:web:" + quote(parts.netloc, safe="")
    path = parts.path.strip("/")
    if path:
        did += ":" + ":".join(quote(segment, safe="") for segment in path.split("/"))
    return did


def method_id(key: IssuerKey | str) -> str:
    return f"{issuer_did()}#{key if isinstance(key, str) else key.fragment}"
