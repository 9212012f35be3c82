"""Issuing and revoking credentials, and publishing the status lists. Called by the
receivers when a passport document is approved, revoked or expires; every change to a
status list's bits re-signs the list in the same transaction."""

import datetime
import secrets
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from marketplace.accounts.models import Profile
from marketplace.core.http import absolute_url
from marketplace.passport.models import CompetenceDocument, CompetenceReview

from . import bitstring, jose
from .keys import current_issuer_key, issuer_did, method_id
from .models import HolderDid, IssuedCredential, StatusList

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
ISSUER_NAME = "Valund"
# How long a verifier may keep a status list: its HTTP max-age and the list's own `ttl` (ms).
STATUS_LIST_TTL_SECONDS = 60
Status = CompetenceDocument.Status


def site_url(path: str) -> str:
    """Credentials name the site's configured address (SITE_URL), whichever host a request used."""
    return absolute_url(path, origin=settings.SITE_URL)


def canonical_page_url(make_path) -> str:
    """A public page's address in the site's own language (LANGUAGE_CODE: /sv/… in production),
    the one its hreflang x-default names: it answers 200 without a redirect, and does not depend
    on the language of whoever caused the issuing. `make_path` is called with that language active."""
    with translation.override(settings.LANGUAGE_CODE):
        return site_url(make_path())


def status_list_url(status_list: StatusList) -> str:
    return site_url(reverse("credentials:status_list", args=[status_list.slug]))


def _timestamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


# A certificate's dates are days where it was issued: a credential is in force from the start of
# its issue day to the end of its expiry day in the site's time zone (TIME_ZONE), the moments at
# which the public verification page and the nightly expiry change their answer too.
def _day_start(day: datetime.date) -> str:
    return _timestamp(datetime.datetime.combine(day, datetime.time.min, tzinfo=ZoneInfo(settings.TIME_ZONE)))


def _day_end(day: datetime.date) -> str:
    return _timestamp(datetime.datetime.combine(day, datetime.time(23, 59, 59), tzinfo=ZoneInfo(settings.TIME_ZONE)))


def _issuer() -> dict:
    return {"id": issuer_did(), "type": ["Profile"], "name": ISSUER_NAME, "url": settings.SITE_URL}


def _subject(document: CompetenceDocument) -> dict:
    """The holder: their DID if they gave one, else their public profile (when it is public),
    and their display name as the verification page shows it. Nothing else about them."""
    profile = document.owner.profile
    subject = {"type": ["AchievementSubject"]}
    holder_did = HolderDid.objects.filter(user_id=document.owner_id).values_list("did", flat=True).first()
    is_public = Profile.objects.for_public_display().filter(pk=profile.pk).exists()
    if holder_did:
        subject["id"] = holder_did
    elif is_public:
        subject["id"] = canonical_page_url(profile.get_absolute_url)
    subject["identifier"] = [
        {"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": profile.display_name}
    ]
    return subject


def _achievement(document: CompetenceDocument) -> dict:
    template = document.template
    key = template.slug if template else f"document-{document.pk}"
    achievement = {
        "id": f"urn:valund:achievement:{key}",
        "type": ["Achievement"],
        "achievementType": "Certificate",
        "name": document.type_name,
        "description": (template.description if template and template.description else
                        f"{document.type_name}, issued by {document.issuer}."),
        "criteria": {
            "narrative": f"Holds a {document.type_name} issued by {document.issuer}, which Valund's reviewers "
                         "checked against the original document."
        },
    }
    skills = sorted(skill.name for skill in document.skills.all())
    if skills:
        achievement["tag"] = skills
    return achievement


def _evidence(document: CompetenceDocument, approval: CompetenceReview) -> list[dict]:
    """What the public verification page shows: who issued the document and what Valund
    checked, when. Never the file, its name, the full document number or the reviewer."""
    checks = approval.check_labels()
    return [
        {
            "type": ["Evidence"],
            "name": f"{document.type_name} issued by {document.issuer}",
            "description": f"Issued on {document.issue_date.isoformat()}"
                           + (f", valid until {document.expiry_date.isoformat()}." if document.expiry_date else "."),
        },
        {
            "id": canonical_page_url(lambda: reverse("passport:verify", args=[document.verification_code])),
            "type": ["Evidence"],
            "name": "Checked by Valund",
            "description": f"Checked on {approval.created_at.date().isoformat()}: " + "; ".join(checks) + ".",
            "genre": "Document check",
        },
    ]


def build_credential(*, document, approval, credential_id: str, status_list: StatusList, index: int,
                     issued_at: datetime.datetime) -> dict:
    with translation.override("en"):
        credential = {
            "@context": [VC_CONTEXT, OB_CONTEXT],
            "id": credential_id,
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "name": document.type_name,
            "issuer": _issuer(),
            "validFrom": _day_start(document.issue_date),
            "awardedDate": _timestamp(issued_at),
            "credentialSubject": {**_subject(document), "achievement": _achievement(document)},
            "evidence": _evidence(document, approval),
            "credentialStatus": {
                "id": f"{status_list_url(status_list)}#{index}",
                "type": "BitstringStatusListEntry",
                "statusPurpose": status_list.purpose,
                "statusListIndex": str(index),
                "statusListCredential": status_list_url(status_list),
            },
        }
    if document.expiry_date:
        credential["validUntil"] = _day_end(document.expiry_date)
    return credential


RANDOM_INDEX_TRIES = 16


def _free_index(status_list: StatusList) -> int:
    """A random index not yet used on the list. In order (0, 1, 2…), an index would tell anyone
    holding two credentials which was issued first and how many Valund issued in between; the
    Bitstring Status List recommends random indexes for that reason."""
    taken = IssuedCredential.objects.filter(status_list=status_list)
    for _try in range(RANDOM_INDEX_TRIES):
        index = secrets.randbelow(status_list.size)
        if not taken.filter(status_index=index).exists():
            return index
    # A list filling up: choose among what is left.
    used = set(taken.values_list("status_index", flat=True))
    return secrets.choice([index for index in range(status_list.size) if index not in used])


def _allocate_index() -> tuple[StatusList, int]:
    """A free index at random on the newest list with room (next_index counts those used); a
    full list is followed by a new one."""
    status_list = StatusList.objects.select_for_update().order_by("-pk").first()
    if status_list is None or status_list.next_index >= status_list.size:
        slug = f"revocation-{StatusList.objects.count() + 1}"
        try:
            with transaction.atomic():  # a savepoint: the insert may lose to another approval
                StatusList.objects.create(slug=slug)
            created = True
        except IntegrityError:
            # Another approval made this list at the same moment; the insert waited for it to
            # commit, so the list can be read and shared now (it published it).
            created = False
        status_list = StatusList.objects.select_for_update().get(slug=slug)
        if created:
            status_list_publish(status_list=status_list)
    index = _free_index(status_list)
    status_list.next_index += 1
    status_list.save(update_fields=["next_index", "updated_at"])
    return status_list, index


def status_list_credential(status_list: StatusList) -> dict:
    revoked = status_list.credentials.filter(revoked_at__isnull=False).values_list("status_index", flat=True)
    url = status_list_url(status_list)
    return {
        "@context": [VC_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_did(),
        "validFrom": _timestamp(timezone.now()),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": status_list.purpose,
            "encodedList": bitstring.encode(revoked, status_list.size),
            "ttl": STATUS_LIST_TTL_SECONDS * 1000,
        },
    }


def status_list_publish(*, status_list: StatusList) -> None:
    """Re-sign the list as it stands; run inside the transaction that changed it."""
    private, key, _took_over = current_issuer_key()
    status_list.signed = jose.sign(status_list_credential(status_list), key=private, kid=method_id(key))
    status_list.key = key
    status_list.save(update_fields=["signed", "key", "updated_at"])


def _current_approval(document) -> CompetenceReview | None:
    return (
        document.reviews.filter(decision=CompetenceReview.Decision.APPROVED).order_by("-created_at", "-pk").first()
    )


def _revoke(credential: IssuedCredential, *, reason: str, at: datetime.datetime) -> None:
    credential.revoked_at = at
    credential.reason = reason
    credential.save(update_fields=["revoked_at", "reason", "updated_at"])


@transaction.atomic
def credential_issue(*, document: CompetenceDocument) -> IssuedCredential | None:
    """Issue the credential for an approved document's current version; a credential for an
    earlier version is revoked as superseded. Safe to run again: the same version is issued once."""
    document = (
        CompetenceDocument.objects.select_for_update(of=("self",))
        .select_related("owner__profile", "template", "current_version")
        .get(pk=document.pk)
    )
    if document.status != Status.APPROVED:
        return None
    approval = _current_approval(document)
    if approval is None:
        return None
    version = document.current_version.number if document.current_version else 1
    current = IssuedCredential.objects.select_for_update().filter(document=document, revoked_at__isnull=True).first()
    if current is not None and current.version == version:
        return current
    now = timezone.now()
    if current is not None:
        _revoke(current, reason=IssuedCredential.Reason.SUPERSEDED, at=now)
        status_list_publish(status_list=StatusList.objects.select_for_update().get(pk=current.status_list_id))
    private, key, took_over = current_issuer_key()
    status_list, index = _allocate_index()
    credential_id = IssuedCredential._meta.get_field("uuid").default()
    payload = build_credential(document=document, approval=approval, credential_id=f"urn:uuid:{credential_id}",
                               status_list=status_list, index=index, issued_at=now)
    issued = IssuedCredential.objects.create(
        uuid=credential_id, document=document, version=version, key=key, status_list=status_list,
        status_index=index, credential=payload, signed=jose.sign(payload, key=private, kid=method_id(key)),
        issued_at=now, valid_until=datetime.datetime.fromisoformat(payload["validUntil"]) if "validUntil" in payload
        else None,
    )
    if took_over:
        for other in StatusList.objects.select_for_update().exclude(pk=status_list.pk):
            status_list_publish(status_list=other)
    return issued


@transaction.atomic
def credential_revoke_for_document(*, document: CompetenceDocument) -> int:
    """Revoke the document's credentials still in force, and publish the new list at once."""
    now = timezone.now()
    credentials = list(IssuedCredential.objects.select_for_update().filter(document=document,
                                                                            revoked_at__isnull=True))
    for credential in credentials:
        _revoke(credential, reason=IssuedCredential.Reason.REVOKED, at=now)
    for list_id in {credential.status_list_id for credential in credentials}:
        status_list_publish(status_list=StatusList.objects.select_for_update().get(pk=list_id))
    return len(credentials)


def holder_did_set(*, user, did: str) -> None:
    did = did.strip()
    if not did:
        HolderDid.objects.filter(user=user).delete()
        return
    HolderDid.objects.update_or_create(user=user, defaults={"did": did})
