"""Checking a credential, ours or another issuer's: the proof (a VC-JOSE-COSE JWS with EdDSA),
the issuer's key (our did:web from the database, another did:web fetched within fetch.py's
limits, a did:key decoded here), the validity period and the status list, each explained in
plain words. The verify page and the API call verify(); neither adds rules of its own. The words
are in the active language (the page's; the API keeps to English, marketplace/api/credentials.py)."""

import datetime
import json
import time
from contextvars import ContextVar
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import bitstring, jose
from .fetch import FetchRefused, fetch
from .keys import issuer_did
from .models import IssuerKey, StatusList
from .multibase import b64url_decode, public_key_from_multibase

MAX_INPUT_BYTES = 256 * 1024
ENVELOPE_PREFIX = "data:application/vc+jwt,"
# What one check may cost the site, whatever a stranger's credential asks for: the status
# entries followed (a 256 KB credential could name thousands, each a fetch) and the time all
# fetches together may take; the issuer's DID document is fetched once per check.
MAX_STATUS_ENTRIES = 3
FETCH_BUDGET_SECONDS = 8.0


@dataclass
class _Fetches:
    deadline: float
    did_documents: dict = field(default_factory=dict)


_fetches: ContextVar[_Fetches | None] = ContextVar("credential_fetches", default=None)


def _fetch(url: str, *, accept: str) -> bytes:
    """fetch() within what is left of this check's time budget."""
    budget = _fetches.get()
    return fetch(url, accept=accept, timeout=None if budget is None else budget.deadline - time.monotonic())


class VerificationFailed(Exception):
    """A check failed, explained in the active language; `unchecked` when it could not be done
    (something could not be fetched) rather than found wrong."""

    def __init__(self, message: str, *, unchecked: bool = False):
        super().__init__(message)
        self.unchecked = unchecked


@dataclass
class Check:
    name: str
    ok: bool | None  # None: not checked (an earlier step failed, or nothing to check)
    message: str


@dataclass
class Result:
    verdict: str  # valid, revoked, suspended, expired, not_yet_valid, invalid, unchecked
    summary: str
    checks: list[Check] = field(default_factory=list)
    credential: dict | None = None
    issuer: str = ""

    @property
    def is_valid(self) -> bool:
        return self.verdict == "valid"

    def as_json(self) -> dict:
        return {
            "verdict": self.verdict, "valid": self.is_valid, "summary": self.summary, "issuer": self.issuer,
            "checks": [{"name": c.name, "ok": c.ok, "message": c.message} for c in self.checks],
            "credential": self.credential,
        }


# Lazy: translated when a Result is made (str() there, so results stay plain text for JSON).
SUMMARIES = {
    "valid": gettext_lazy("This credential is genuine, in force and not revoked."),
    "revoked": gettext_lazy("This credential is genuine, but its issuer has revoked it."),
    "suspended": gettext_lazy("This credential is genuine, but its issuer has suspended it."),
    "expired": gettext_lazy("This credential is genuine, but it has expired."),
    "not_yet_valid": gettext_lazy("This credential is genuine, but it is not valid yet."),
    "invalid": gettext_lazy("This credential cannot be trusted: it failed a check below."),
    "unchecked": gettext_lazy("This credential could not be fully checked: see below what could not be done."),
}


def _summary(verdict: str) -> str:
    return str(SUMMARIES[verdict])


_NOT_LISTED = {
    "revocation": gettext_lazy("Not on the issuer's revocation list."),
    "suspension": gettext_lazy("Not on the issuer's suspension list."),
}


def _token_from(text: str) -> str:
    """The compact JWS inside what was pasted: the JWT itself, a data: URL, or a VC 2.0
    EnvelopedVerifiableCredential."""
    text = text.strip()
    if text.startswith(ENVELOPE_PREFIX):
        return text[len(ENVELOPE_PREFIX):]
    if not text.startswith("{"):
        return text
    try:
        document = json.loads(text)
    except ValueError as exc:
        raise VerificationFailed(_("This is neither a JWT nor valid JSON.")) from exc
    if not isinstance(document, dict):
        raise VerificationFailed(_("A credential is a JSON object."))
    types = document.get("type") or []
    types = [types] if isinstance(types, str) else types
    if "EnvelopedVerifiableCredential" in types and str(document.get("id", "")).startswith(ENVELOPE_PREFIX):
        return document["id"][len(ENVELOPE_PREFIX):]
    if "proof" in document:
        raise VerificationFailed(_("This credential carries an embedded Data Integrity proof; this page checks "
                                   "credentials secured as JWTs (VC-JOSE-COSE), the form Valund issues."))
    raise VerificationFailed(_("This credential has no proof: anyone could have written it."))


def _did_web_url(did: str) -> str:
    segments = [unquote(segment) for segment in did[len("did:web:"):].split(":")]
    if not segments[0] or "/" in segments[0] or "@" in segments[0]:
        raise VerificationFailed(_("The did:web identifier has no valid host."))
    path = "/".join(segments[1:]) if len(segments) > 1 else ".well-known"
    # did:web is https only; a test server named in VALUND_VC_FETCH_ALLOWED_HOSTS speaks plain http.
    scheme = "http" if segments[0] in getattr(settings, "VALUND_VC_FETCH_ALLOWED_HOSTS", ()) else "https"
    return f"{scheme}://{segments[0]}/{path}/did.json"


def _key_from_method(method: dict) -> bytes:
    if method.get("publicKeyMultibase"):
        return public_key_from_multibase(method["publicKeyMultibase"])
    jwk = method.get("publicKeyJwk") or {}
    if jwk.get("kty") == "OKP" and jwk.get("crv") == "Ed25519" and jwk.get("x"):
        key = b64url_decode(jwk["x"])
        if len(key) == 32:
            return key
    raise ValueError("not an Ed25519 key")


def _our_key(fragment: str) -> bytes:
    key = IssuerKey.objects.filter(public_key_multibase=fragment).first()
    if key is None:
        raise VerificationFailed(_("The key named in the credential is not one Valund has ever used."))
    return public_key_from_multibase(key.public_key_multibase)


def resolve_key(kid: str, did: str) -> tuple[bytes, str]:
    """The Ed25519 public key `kid` names for issuer `did`, and where it was found: "did:key"
    (decoded from the identifier), "valund" (our own key) or the DID document's address."""
    if kid.startswith("#"):
        kid = did + kid
    kid_did, _hash, fragment = kid.partition("#")
    if kid_did != did:
        raise VerificationFailed(_("The signing key does not belong to the credential's issuer."))
    if did.startswith("did:key:"):
        encoded = did[len("did:key:"):]
        if fragment and fragment != encoded:
            raise VerificationFailed(_("The did:key's key fragment does not match the key."))
        try:
            return public_key_from_multibase(encoded), "did:key"
        except ValueError as exc:
            raise VerificationFailed(_("The did:key is not an Ed25519 key.")) from exc
    if not did.startswith("did:web:"):
        raise VerificationFailed(_("Only did:web and did:key issuers can be checked here."))
    if did == issuer_did():
        return _our_key(fragment), "valund"
    url = _did_web_url(did)
    budget = _fetches.get()
    known = budget.did_documents if budget is not None else {}
    try:
        if url not in known:
            known[url] = _fetch(url, accept="application/did+json, application/json")
        document = json.loads(known[url])
    except FetchRefused as exc:
        raise VerificationFailed(_("The issuer's DID document could not be fetched: %(reason)s") % {"reason": exc},
                                 unchecked=True) from exc
    except ValueError as exc:
        raise VerificationFailed(_("The issuer's DID document is not JSON.")) from exc
    if not isinstance(document, dict) or document.get("id") != did:
        raise VerificationFailed(_("The DID document fetched is not the issuer's."))
    assertion = {m if isinstance(m, str) else m.get("id") for m in document.get("assertionMethod") or []}
    assertion = {did + m if m and m.startswith("#") else m for m in assertion}
    methods = [m for m in document.get("verificationMethod") or [] if isinstance(m, dict)]
    methods += [m for m in document.get("assertionMethod") or [] if isinstance(m, dict)]
    for method in methods:
        method_id = method.get("id", "")
        method_id = did + method_id if method_id.startswith("#") else method_id
        if method_id == kid:
            if kid not in assertion:
                raise VerificationFailed(_("The issuer's DID document does not allow this key to issue credentials."))
            try:
                return _key_from_method(method), url
            except ValueError as exc:
                raise VerificationFailed(_("The issuer's key is not an Ed25519 key.")) from exc
    raise VerificationFailed(_("The issuer's DID document does not list the signing key (it may have been removed)."))


def _issuer_id(credential: dict) -> str:
    issuer = credential.get("issuer")
    return issuer.get("id", "") if isinstance(issuer, dict) else str(issuer or "")


def _verified_payload(token: str, *, expected_issuer: str | None = None) -> tuple[dict, str]:
    try:
        header, payload, signing_input, signature = jose.parse(token)
    except jose.MalformedJws as exc:
        raise VerificationFailed(str(exc)) from exc
    if header.get("alg") not in ("EdDSA", "Ed25519"):
        raise VerificationFailed(_("The signature algorithm %(algorithm)s is not supported (EdDSA is).")
                                 % {"algorithm": repr(header.get("alg"))})
    issuer = _issuer_id(payload)
    if expected_issuer is not None and issuer != expected_issuer:
        raise VerificationFailed(_("The status list was not published by the credential's issuer."))
    if not issuer:
        raise VerificationFailed(_("The credential names no issuer."))
    public_key, source = resolve_key(str(header.get("kid") or issuer), issuer)
    if not jose.signature_valid(public_key, signing_input, signature):
        raise VerificationFailed(_("The signature does not match: the credential was changed after it was signed, "
                                   "or someone else signed it."))
    return payload, source


def _parse_time(value) -> datetime.datetime:
    moment = datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment


def _local_status_list(url: str) -> str | None:
    """Our own status list straight from the database (no request to ourselves)."""
    ours, theirs = urlsplit(settings.SITE_URL), urlsplit(url)
    if (ours.scheme, ours.netloc) != (theirs.scheme, theirs.netloc):
        return None
    try:
        match = resolve(theirs.path)
    except Resolver404:
        return None
    if match.view_name != "credentials:status_list":
        return None
    return StatusList.objects.filter(slug=match.kwargs["slug"]).values_list("signed", flat=True).first()


def _status_list_token(url: str) -> str:
    local = _local_status_list(url)
    if local:
        return local
    try:
        return _token_from(_fetch(url, accept="application/vc+jwt, application/json").decode("utf-8"))
    except FetchRefused as exc:
        raise VerificationFailed(_("The status list could not be fetched: %(reason)s") % {"reason": exc},
                                 unchecked=True) from exc
    except UnicodeDecodeError as exc:
        raise VerificationFailed(_("The status list is not text.")) from exc


def _check_status(entry: dict, issuer: str) -> tuple[bool, str]:
    """(whether the bit is set, the list's purpose)."""
    if entry.get("type") != "BitstringStatusListEntry":
        raise VerificationFailed(_("The status entry type %(type)s is not supported.")
                                 % {"type": repr(entry.get("type"))})
    purpose = entry.get("statusPurpose", "")
    try:
        index = int(entry.get("statusListIndex"))
    except (TypeError, ValueError) as exc:
        raise VerificationFailed(_("The status entry has no valid index.")) from exc
    payload, _source = _verified_payload(_status_list_token(str(entry.get("statusListCredential", ""))),
                                         expected_issuer=issuer)
    subject = payload.get("credentialSubject") or {}
    if subject.get("statusPurpose") != purpose:
        raise VerificationFailed(_("The status list's purpose differs from the credential's entry."))
    if "validUntil" in payload and _parse_time(payload["validUntil"]) < timezone.now():
        raise VerificationFailed(_("The status list itself has expired."))
    try:
        return bitstring.bit(bitstring.decode(str(subject.get("encodedList", ""))), index), purpose
    except (ValueError, IndexError, OSError, EOFError) as exc:
        raise VerificationFailed(_("The status list could not be read.")) from exc


def verify(text: str, *, now: datetime.datetime | None = None) -> Result:
    token = _fetches.set(_Fetches(deadline=time.monotonic() + FETCH_BUDGET_SECONDS))
    try:
        return _verify(text, now=now or timezone.now())
    finally:
        _fetches.reset(token)


def _verify(text: str, *, now: datetime.datetime) -> Result:
    checks: list[Check] = []
    if len(text.encode("utf-8", "replace")) > MAX_INPUT_BYTES:
        return Result("invalid", _("This is too large to be a credential (the limit is 256 KB)."))
    try:
        token = _token_from(text)
        payload, source = _verified_payload(token)
    except VerificationFailed as exc:
        checks.append(Check("signature", False, str(exc)))
        verdict = "unchecked" if exc.unchecked else "invalid"
        return Result(verdict, _summary(verdict), checks)
    issuer = _issuer_id(payload)
    if source == "did:key":
        signed = _("Signed by %(issuer)s with a key decoded from the did:key identifier.") % {"issuer": issuer}
    elif source == "valund":
        signed = _("Signed by %(issuer)s with Valund's own key.") % {"issuer": issuer}
    else:
        signed = _("Signed by %(issuer)s with a key from the issuer's DID document at %(url)s.") % {
            "issuer": issuer, "url": source}
    checks.append(Check("signature", True, signed))
    verdict = "valid"
    try:
        valid_from = _parse_time(payload["validFrom"]) if payload.get("validFrom") else None
        valid_until = _parse_time(payload["validUntil"]) if payload.get("validUntil") else None
    except ValueError:
        checks.append(Check("validity", False, _("The validity dates are not dates.")))
        return Result("invalid", _summary("invalid"), checks, payload, issuer)
    if valid_from and now < valid_from:
        verdict = "not_yet_valid"
        checks.append(Check("validity", False, _("Valid only from %(moment)s UTC.")
                            % {"moment": f"{valid_from:%Y-%m-%d %H:%M}"}))
    elif valid_until and now > valid_until:
        verdict = "expired"
        checks.append(Check("validity", False, _("Expired on %(moment)s UTC.")
                            % {"moment": f"{valid_until:%Y-%m-%d %H:%M}"}))
    else:
        in_force = (_("In force until %(date)s.") % {"date": f"{valid_until:%Y-%m-%d}"} if valid_until
                    else _("In force, with no end date."))
        checks.append(Check("validity", True, in_force))
    entries = payload.get("credentialStatus") or []
    entries = [entries] if isinstance(entries, dict) else entries
    if not entries:
        checks.append(Check("status", None, _("The issuer gives no status list: it cannot revoke this credential.")))
    if len(entries) > MAX_STATUS_ENTRIES:
        checks.append(Check("status", None, _("The credential names %(count)s status lists; only the first "
                                              "%(checked)s are checked.")
                            % {"count": len(entries), "checked": MAX_STATUS_ENTRIES}))
        if verdict == "valid":
            verdict = "unchecked"
    for entry in entries[:MAX_STATUS_ENTRIES]:
        try:
            is_set, purpose = _check_status(entry if isinstance(entry, dict) else {}, issuer)
        except VerificationFailed as exc:
            checks.append(Check("status", False, str(exc)))
            if verdict == "valid":
                verdict = "unchecked"
            continue
        if is_set and purpose in ("revocation", "suspension"):
            checks.append(Check("status", False, _("Revoked by its issuer.") if purpose == "revocation"
                                else _("Suspended by its issuer.")))
            verdict = "revoked" if purpose == "revocation" else "suspended"
        else:
            checks.append(Check("status", True, str(_NOT_LISTED[purpose]) if purpose in _NOT_LISTED
                                else _("Not on the issuer's %(purpose)s list.") % {"purpose": purpose}))
    return Result(verdict, _summary(verdict), checks, payload, issuer)
