"""Reads: the DID document, status lists, a document's credentials."""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from marketplace.passport.models import CompetenceDocument

from .keys import current_public_multibase, issuer_did, method_id
from .models import HolderDid, IssuedCredential, IssuerKey, StatusList

DID_CONTEXTS = ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"]


def published_keys() -> list[str]:
    """The current key, and every earlier one a credential in force or a published status list
    was signed with: a rotation never leaves a valid credential unverifiable. Read only: a GET
    of the DID document writes nothing (the current key is recorded when it first signs)."""
    now = timezone.now()
    in_force = IssuedCredential.objects.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=now))
    keys = list(
        IssuerKey.objects.filter(
            Q(retired_at__isnull=True) | Q(pk__in=in_force.values("key")) | Q(pk__in=StatusList.objects.values("key"))
        )
        .order_by("created_at", "pk")
        .values_list("public_key_multibase", flat=True)
    )
    current = current_public_multibase()
    return [key for key in keys if key != current] + [current]


def did_document() -> dict:
    did = issuer_did()
    methods = [
        {"id": method_id(key), "type": "Multikey", "controller": did, "publicKeyMultibase": key}
        for key in published_keys()
    ]
    ids = [method["id"] for method in methods]
    return {
        "@context": DID_CONTEXTS,
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": ids,
        "authentication": ids[-1:],
    }


def status_list_get(*, slug: str) -> StatusList:
    return get_object_or_404(StatusList.objects.exclude(signed=""), slug=slug)


def document_credentials(*, document) -> list[IssuedCredential]:
    credentials = IssuedCredential.objects.filter(document=document).select_related("status_list")
    return list(credentials.order_by("-issued_at", "-pk"))


def current_credential(*, document) -> IssuedCredential | None:
    return IssuedCredential.objects.filter(document=document).order_by("-issued_at", "-pk").first()


def credential_by_code(*, code: str) -> IssuedCredential:
    """The newest credential of the document behind a public verification code (404 if none)."""
    credential = current_credential_by_code(code=code)
    if credential is None:
        raise Http404
    return credential


def own_credential_get(*, user, uuid) -> IssuedCredential:
    """A credential for its holder, or for staff with their second factor; 404 for anyone else,
    so that another member cannot learn that it exists."""
    credential = get_object_or_404(IssuedCredential.objects.select_related("document"), uuid=uuid)
    if credential.document.owner_id != user.pk and not getattr(user, "has_staff_powers", False):
        raise Http404
    return credential


def holder_did(*, user) -> str:
    if not getattr(user, "is_authenticated", False):
        return ""
    return HolderDid.objects.filter(user=user).values_list("did", flat=True).first() or ""


def current_credential_by_code(*, code: str) -> IssuedCredential | None:
    return IssuedCredential.objects.filter(document__verification_code=code).order_by("-issued_at", "-pk").first()


def documents_without_credential():
    """Approved documents in force that never had a credential (approved before credentials
    existed), oldest first. One whose credential was revoked is left alone: that was decided
    (a closed account's, say)."""
    today = timezone.localdate()
    return (
        CompetenceDocument.objects.filter(status=CompetenceDocument.Status.APPROVED, owner__is_active=True)
        .filter(Q(expiry_date__isnull=True) | Q(expiry_date__gte=today))
        .exclude(pk__in=IssuedCredential.objects.values("document"))
        .order_by("pk")
        .iterator()
    )
