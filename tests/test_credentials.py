"""Issue 22: every approved passport document becomes a signed Open Badges 3.0 credential
(VC 2.0, secured as a JWT with EdDSA) that an outside verifier can check against our did:web
document and our revocation list. The proof is checked here with joserfc, a library the
issuing code does not use, and the Multikey and status list are decoded from their specs."""

import base64
import datetime
import gzip
import io
import json
from zoneinfo import ZoneInfo

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.urls import reverse
from django.utils import timezone, translation
from joserfc import jws
from joserfc.errors import BadSignatureError
from joserfc.jwk import OKPKey

from marketplace.credentials import services as credential_services
from marketplace.credentials import verification
from marketplace.credentials.models import STATUS_LIST_SIZE, HolderDid, IssuedCredential, IssuerKey, StatusList
from marketplace.passport import services as passport_services
from marketplace.passport.models import CompetenceDocument, CompetenceReview
from tests.second_factor import force_login

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore:EdDSA is deprecated")]

Status = CompetenceDocument.Status
TODAY = timezone.localdate()
CHECKS = [*passport_services.CHECKS_REQUIRED_FOR_APPROVAL, CompetenceReview.Check.REGISTRY]
NUMBER = "HA-2024-987654"
NOTE = "Internal: phoned the issuer, the reviewer's private remark"
ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def seed(n: int) -> str:
    return base64.b64encode(bytes([n]) * 32).decode()


@pytest.fixture(autouse=True)
def signing_key(settings):
    settings.VALUND_VC_SIGNING_KEY = seed(1)
    return settings


def approve(document, reviewer):
    passport_services.review_decide(reviewer=reviewer, document=document, decision="approved", checks=CHECKS,
                                    comment="Fine.", internal_note=NOTE)
    document.refresh_from_db()
    return IssuedCredential.objects.get(document=document, revoked_at__isnull=True)


@pytest.fixture
def issued(make_document, reviewer, template, freelancer):
    document = make_document(freelancer, template=template, credential_number=NUMBER,
                             expiry_date=TODAY + datetime.timedelta(days=400), status=Status.UNDER_REVIEW)
    document.skills.set(template.skills.all())
    passport_services.review_decide(reviewer=reviewer, document=document, decision="approved", checks=CHECKS,
                                    comment="Fine.", internal_note=NOTE)
    document.refresh_from_db()
    return IssuedCredential.objects.get(document=document)


def b58decode(text: str) -> bytes:
    """Base58btc as draft-msporny-base58 defines it, written here apart from the app's own."""
    value = 0
    for char in text:
        value = value * 58 + ALPHABET.index(char)
    raw = value.to_bytes(max(1, (value.bit_length() + 7) // 8), "big")
    zeros = len(text) - len(text.lstrip("1"))
    return b"\x00" * zeros + raw


def did_document(client):
    response = client.get(reverse("credentials:did"))
    assert response.status_code == 200
    return response.json()


def joserfc_key(client, kid) -> OKPKey:
    """The public key an outside verifier finds in our did:web document for `kid`."""
    document = did_document(client)
    assert kid in document["assertionMethod"]
    method = next(m for m in document["verificationMethod"] if m["id"] == kid)
    assert method["type"] == "Multikey"
    decoded = b58decode(method["publicKeyMultibase"][1:])
    assert decoded[:2] == b"\xed\x01" and len(decoded) == 34  # multicodec ed25519-pub
    x = base64.urlsafe_b64encode(decoded[2:]).rstrip(b"=").decode()
    return OKPKey.import_key({"kty": "OKP", "crv": "Ed25519", "x": x})


def verify_independently(client, token) -> dict:
    header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    assert header["alg"] == "EdDSA" and header["typ"] == "vc+jwt"
    result = jws.deserialize_compact(token, joserfc_key(client, header["kid"]), algorithms=["EdDSA"])
    return json.loads(result.payload)


def status_bit(client, credential_json) -> bool:
    """Fetch the status list the credential names, check its signature, and read the bit."""
    entry = credential_json["credentialStatus"]
    response = client.get(entry["statusListCredential"].removeprefix("http://testserver"))
    assert response["Content-Type"] == "application/vc+jwt"
    payload = verify_independently(client, response.content.decode())
    assert "BitstringStatusListCredential" in payload["type"]
    encoded = payload["credentialSubject"]["encodedList"]
    assert encoded.startswith("u")
    bits = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    assert len(bits) * 8 >= STATUS_LIST_SIZE
    index = int(entry["statusListIndex"])
    return bool(bits[index // 8] >> (7 - index % 8) & 1), bits


def test_did_document_lists_our_key_as_multikey(client, settings):
    document = did_document(client)
    assert document["id"] == "did:web:testserver"
    [method] = document["verificationMethod"]
    assert method["publicKeyMultibase"].startswith("z6Mk")
    assert method["controller"] == "did:web:testserver" and method["id"] in document["assertionMethod"]
    settings.SITE_URL = "https://valund.example:8443/sub"
    assert did_document(client)["id"] == "did:web:valund.example%3A8443:sub"


def test_approval_issues_an_open_badge_that_an_independent_verifier_accepts(client, issued):
    payload = verify_independently(client, issued.signed)
    assert payload == issued.credential
    assert payload["@context"] == ["https://www.w3.org/ns/credentials/v2",
                                   "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
    assert payload["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert payload["issuer"]["id"] == "did:web:testserver"
    document = issued.document
    stockholm = ZoneInfo("Europe/Stockholm")
    start = datetime.datetime.combine(document.issue_date, datetime.time.min, tzinfo=stockholm)
    end = datetime.datetime.combine(document.expiry_date, datetime.time(23, 59, 59), tzinfo=stockholm)
    assert payload["validFrom"] == start.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert payload["validUntil"] == end.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    achievement = payload["credentialSubject"]["achievement"]
    assert achievement["name"] == document.type_name
    assert achievement["tag"] == sorted(s.name for s in document.skills.all())
    evidence = payload["evidence"]
    assert document.issuer in evidence[0]["name"]
    assert "Issuer confirmed as genuine" in evidence[1]["description"]
    assert evidence[1]["id"].endswith(reverse("passport:verify", args=[document.verification_code]))
    assert payload["credentialStatus"]["statusPurpose"] == "revocation"
    assert verification.verify(issued.signed).verdict == "valid"


def test_the_holder_is_named_by_the_profiles_address_in_the_sites_language(client, page_tree, issued, freelancer):
    # The site's own language's address (the hreflang x-default), answered at once: no redirect.
    subject_id = issued.credential["credentialSubject"]["id"]
    assert subject_id == f"http://testserver/en/freelancers/{freelancer.profile.slug}/"
    response = client.get(subject_id.removeprefix("http://testserver"))
    assert response.status_code == 200 and freelancer.profile.display_name in response.content.decode()
    evidence_page = client.get(issued.credential["evidence"][1]["id"].removeprefix("http://testserver"))
    assert evidence_page.status_code == 200


def test_the_holder_address_does_not_follow_the_approving_reviewers_language(settings, make_document, freelancer,
                                                                            reviewer):
    settings.LANGUAGE_CODE = "sv"
    document = make_document(freelancer, title="First aid", status=Status.UNDER_REVIEW)
    with translation.override("en"):  # the reviewer works in English
        credential = approve(document, reviewer).credential
    assert credential["credentialSubject"]["id"] == f"http://testserver/sv/freelancers/{freelancer.profile.slug}/"
    assert credential["evidence"][1]["id"] == f"http://testserver/sv/verify/{document.verification_code}/"
    assert credential["name"] == "First aid"  # the credential's words stay English, for programs


def test_a_credential_issued_with_the_old_unprefixed_holder_address_still_verifies(client, page_tree, issued,
                                                                                  freelancer):
    from marketplace.credentials import jose
    from marketplace.credentials.keys import current_issuer_key, method_id

    # As issued before the language prefixes: the profile's old address, which now redirects.
    old_address = f"/freelancers/{freelancer.profile.slug}/"
    payload = {**issued.credential, "credentialSubject": {**issued.credential["credentialSubject"],
                                                          "id": f"http://testserver{old_address}"}}
    private, key, _took_over = current_issuer_key()
    token = jose.sign(payload, key=private, kid=method_id(key))
    assert verify_independently(client, token)["credentialSubject"]["id"].endswith(old_address)
    assert verification.verify(token).verdict == "valid"
    redirect = client.get(old_address, HTTP_ACCEPT_LANGUAGE="en")
    assert redirect.status_code == 302
    assert client.get(redirect["Location"]).status_code == 200


def test_nothing_private_in_the_credential(issued, freelancer):
    text = json.dumps(issued.credential, ensure_ascii=False)
    version = issued.document.current_version
    for private in (freelancer.email, NUMBER, NUMBER[-3:] + '"', NOTE, version.original_name, version.file.name,
                    version.sha256, "Rita Reviewer", "reviewer@valund.example"):
        assert private not in text
    assert freelancer.profile.display_name in text  # as the public verification page shows it


def test_nothing_private_in_the_status_list_the_did_document_or_the_downloads(client, issued, freelancer,
                                                                             reviewer):
    passport_services.document_revoke(reviewer=reviewer, document=issued.document, reason=NOTE)
    version = issued.document.current_version
    code = issued.document.verification_code
    status_list = client.get(issued.credential["credentialStatus"]["statusListCredential"]).content.decode()
    published = [
        json.dumps(verify_independently(client, status_list)),
        json.dumps(did_document(client)),
        client.get(reverse("credentials:by_code", kwargs={"code": code, "fmt": "json"})).content.decode(),
        json.dumps(verify_independently(client, issued.signed)),
    ]
    for text in published:
        for private in (freelancer.email, NUMBER, NOTE, version.original_name, version.file.name, version.sha256,
                        reviewer.email, reviewer.profile.display_name):
            assert private not in text


def test_a_hidden_profile_is_not_named_in_the_credential(make_document, freelancer, reviewer):
    from marketplace.accounts.models import Profile

    Profile.objects.filter(user=freelancer).update(visibility=Profile.Visibility.HIDDEN)
    issued = approve(make_document(freelancer, title="First aid", status=Status.UNDER_REVIEW), reviewer)
    assert "id" not in issued.credential["credentialSubject"]
    assert freelancer.profile.slug not in json.dumps(issued.credential)
    assert verification.verify(issued.signed).is_valid


def test_a_generated_development_key_is_never_logged(settings, tmp_path, caplog, monkeypatch):
    from marketplace.credentials import keys

    monkeypatch.delenv("VALUND_VC_SIGNING_KEY", raising=False)
    settings.VALUND_VC_SIGNING_KEY = None
    settings.VALUND_VC_KEY_FILE = str(tmp_path / "dev.pem")
    keys._load.cache_clear()
    with caplog.at_level("DEBUG"):
        private = keys.signing_key()
    keys._load.cache_clear()
    pem = (tmp_path / "dev.pem").read_text()
    seed_bytes = private.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                       serialization.NoEncryption())
    assert str(tmp_path / "dev.pem") in caplog.text  # says where, never what
    for secret in [line for line in pem.splitlines() if "-----" not in line] + [
            base64.b64encode(seed_bytes).decode(), seed_bytes.hex()]:
        assert secret not in caplog.text
    assert (tmp_path / "dev.pem").stat().st_mode & 0o777 == 0o600


def test_tampered_credential_fails(client, issued):
    header, payload, signature = issued.signed.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["validUntil"] = "2099-12-31T23:59:59Z"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    token = f"{header}.{forged}.{signature}"
    with pytest.raises(BadSignatureError):
        verify_independently(client, token)
    result = verification.verify(token)
    assert result.verdict == "invalid" and "signature does not match" in result.checks[0].message


def test_credential_signed_by_a_stranger_with_our_kid_fails(issued):
    from marketplace.credentials import jose

    stranger = Ed25519PrivateKey.generate()
    header = json.loads(base64.urlsafe_b64decode(issued.signed.split(".")[0] + "=="))
    token = jose.sign(issued.credential, key=stranger, kid=header["kid"])
    assert verification.verify(token).verdict == "invalid"


def test_revoking_the_document_flips_exactly_its_bit(client, issued, reviewer, make_document, freelancer):
    other = approve(make_document(freelancer, title="First aid", status=Status.UNDER_REVIEW), reviewer)
    assert status_bit(client, issued.credential)[0] is False
    passport_services.document_revoke(reviewer=reviewer, document=issued.document, reason="Forged")
    issued.refresh_from_db()
    assert issued.revoked_at is not None and issued.reason == "revoked"
    is_set, bits = status_bit(client, issued.credential)
    assert is_set is True
    assert sum(bin(byte).count("1") for byte in bits) == 1
    assert status_bit(client, other.credential)[0] is False
    result = verification.verify(issued.signed)
    assert result.verdict == "revoked" and "Revoked by its issuer." in [c.message for c in result.checks]
    assert verification.verify(other.signed).verdict == "valid"


def test_status_list_indexes_are_random_so_they_tell_nothing_about_the_order_of_issue(issued, reviewer,
                                                                                     make_document, freelancer):
    others = [approve(make_document(freelancer, title=f"Licence {n}", status=Status.UNDER_REVIEW), reviewer)
              for n in range(5)]
    indexes = [credential.status_index for credential in [issued, *others]]
    assert len(set(indexes)) == 6 and all(0 <= index < STATUS_LIST_SIZE for index in indexes)
    assert indexes != sorted(indexes) or indexes[-1] > 5  # not 0, 1, 2… in the order of issue
    assert [int(c.credential["credentialStatus"]["statusListIndex"]) for c in others] == indexes[1:]


def test_a_list_filling_up_still_gets_free_indexes_and_then_a_new_list(issued, reviewer, make_document, freelancer):
    small = StatusList.objects.create(slug="revocation-small", size=4)
    credentials = [approve(make_document(freelancer, title=f"Licence {n}", status=Status.UNDER_REVIEW), reviewer)
                   for n in range(5)]
    on_small = sorted(c.status_index for c in credentials if c.status_list_id == small.pk)
    assert on_small == [0, 1, 2, 3]
    assert credentials[-1].status_list_id not in (small.pk, issued.status_list_id)


def test_documents_approved_before_credentials_existed_get_theirs_once(issued, reviewer, make_document, freelancer,
                                                                       make_member):
    from django.core.management import call_command

    before = approve(make_document(freelancer, title="First aid", status=Status.UNDER_REVIEW), reviewer)
    IssuedCredential.objects.filter(pk=before.pk).delete()  # as if approved before the app existed
    closed = make_member(CompetenceDocument._meta.get_field("owner").related_model.Role.FREELANCER)
    closed_document = approve(make_document(closed, title="Forklift", status=Status.UNDER_REVIEW), reviewer).document
    IssuedCredential.objects.filter(document=closed_document).delete()
    type(closed).objects.filter(pk=closed.pk).update(is_active=False)
    revoked = approve(make_document(freelancer, title="Scaffolding", status=Status.UNDER_REVIEW), reviewer)
    IssuedCredential.objects.filter(pk=revoked.pk).update(revoked_at=timezone.now())

    call_command("issue_credentials", stdout=io.StringIO())
    call_command("issue_credentials", stdout=io.StringIO())

    [backfilled] = IssuedCredential.objects.filter(document=before.document)
    assert verification.verify(backfilled.signed).verdict == "valid"
    assert not IssuedCredential.objects.filter(document=closed_document).exists()  # a closed account
    assert IssuedCredential.objects.filter(document=revoked.document).count() == 1  # revoked stays revoked
    assert IssuedCredential.objects.filter(document=issued.document).count() == 1


def test_status_list_is_cacheable_for_a_short_while(client, issued):
    response = client.get(issued.credential["credentialStatus"]["statusListCredential"])
    assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]
    assert response["Access-Control-Allow-Origin"] == "*"
    # The list says so itself too (Bitstring Status List's ttl, in milliseconds).
    assert verify_independently(client, response.content.decode())["credentialSubject"]["ttl"] == 60_000


def test_the_credential_expires_when_the_verification_page_says_so(client, issued):
    # At midnight in Stockholm after the expiry day, not an hour later at midnight UTC.
    document = issued.document
    midnight = datetime.datetime.combine(document.expiry_date + datetime.timedelta(days=1), datetime.time.min,
                                         tzinfo=ZoneInfo("Europe/Stockholm"))
    assert verification.verify(issued.signed, now=midnight - datetime.timedelta(seconds=1)).verdict == "valid"
    assert verification.verify(issued.signed, now=midnight).verdict == "expired"
    assert document.public_status(today=midnight.date()) == "expired"


def test_another_member_cannot_reach_or_rename_someone_elses_credential(client, issued, make_member):
    stranger = make_member()
    force_login(client, stranger)
    document = issued.document
    assert client.get(reverse("passport:detail", args=[document.pk])).status_code == 404
    for fmt in ("json", "jwt"):
        assert client.get(reverse("credentials:own", kwargs={"uuid": issued.uuid, "fmt": fmt})).status_code == 404
    # Naming a DID changes the stranger's own credentials only.
    client.post(reverse("credentials:holder_did"), {"did": "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"})
    assert not HolderDid.objects.filter(user=document.owner).exists()
    # What anyone may have is what the public verification page offers: the current credential.
    public = client.get(reverse("credentials:by_code", kwargs={"code": document.verification_code, "fmt": "jwt"}))
    assert public.content.decode() == issued.signed


def test_expired_credential_reports_so(issued):
    later = datetime.datetime.fromisoformat(issued.credential["validUntil"]) + datetime.timedelta(days=1)
    result = verification.verify(issued.signed, now=later)
    assert result.verdict == "expired" and "Expired on" in result.checks[1].message


def test_key_rotation_keeps_old_credentials_verifiable(client, issued, settings, make_document, freelancer,
                                                       reviewer):
    old_kid = json.loads(base64.urlsafe_b64decode(issued.signed.split(".")[0] + "=="))["kid"]
    settings.VALUND_VC_SIGNING_KEY = seed(2)
    newer = approve(make_document(freelancer, title="Forklift licence", status=Status.UNDER_REVIEW), reviewer)
    new_kid = json.loads(base64.urlsafe_b64decode(newer.signed.split(".")[0] + "=="))["kid"]
    assert new_kid != old_kid
    document = did_document(client)
    assert {old_kid, new_kid} <= set(document["assertionMethod"])
    assert IssuerKey.objects.get(pk=issued.key_id).retired_at is not None
    assert verify_independently(client, issued.signed) == issued.credential
    assert verification.verify(issued.signed).verdict == "valid"
    assert verification.verify(newer.signed).verdict == "valid"
    # Once every credential signed with the old key has expired, the key leaves the document.
    IssuedCredential.objects.filter(key_id=issued.key_id).update(valid_until=timezone.now() - datetime.timedelta(1))
    credential_services.status_list_publish(status_list=issued.status_list)
    assert old_kid not in did_document(client)["assertionMethod"]


def test_a_new_version_supersedes_and_revokes_the_old_credential(client, issued):
    document = issued.document
    # A new approved version (the passport's rules reach this through a re-review; the
    # credential side only sees the version number move on).
    CompetenceDocument.objects.filter(pk=document.pk).update(status=Status.APPROVED)
    version = document.current_version
    version.pk, version.number = None, version.number + 1
    version.save()
    CompetenceDocument.objects.filter(pk=document.pk).update(current_version=version)
    newer = credential_services.credential_issue(document=document)
    issued.refresh_from_db()
    assert newer.pk != issued.pk and newer.version == issued.version + 1
    assert issued.reason == "superseded"
    assert status_bit(client, issued.credential)[0] is True
    assert status_bit(client, newer.credential)[0] is False
    assert credential_services.credential_issue(document=document).pk == newer.pk  # issued once


def test_expiry_task_leaves_the_revocation_bit_alone(client, issued):
    from marketplace.passport.tasks import expire_and_remind

    CompetenceDocument.objects.filter(pk=issued.document_id).update(expiry_date=TODAY - datetime.timedelta(1))
    expire_and_remind.call_local()
    issued.refresh_from_db()
    assert issued.document.status == Status.EXPIRED and issued.revoked_at is None
    assert status_bit(client, issued.credential)[0] is False


def test_owner_downloads_and_another_member_is_refused(client, issued, make_member, make_staff):
    url_jwt = reverse("credentials:own", kwargs={"uuid": issued.uuid, "fmt": "jwt"})
    url_json = reverse("credentials:own", kwargs={"uuid": issued.uuid, "fmt": "json"})
    assert client.get(url_jwt).status_code == 302  # to the sign-in
    force_login(client, make_member())
    assert client.get(url_jwt).status_code == 404
    assert client.get(url_json).status_code == 404
    force_login(client, issued.document.owner)
    response = client.get(url_jwt)
    assert response.status_code == 200 and response.content.decode() == issued.signed
    assert response["Content-Type"] == "application/vc+jwt"
    envelope = client.get(url_json).json()
    assert envelope["type"] == "EnvelopedVerifiableCredential"
    assert verification.verify(json.dumps(envelope)).verdict == "valid"
    staff = make_staff(second_factor=False)
    force_login(client, staff, second_factor=False)
    assert client.get(url_jwt).status_code in (302, 403, 404)


def test_verify_page_links_the_credential_by_code(client, issued):
    code = issued.document.verification_code
    response = client.get(reverse("credentials:by_code", kwargs={"code": code, "fmt": "json"}))
    assert response.status_code == 200 and response["Access-Control-Allow-Origin"] == "*"
    assert verification.verify(response.content.decode()).is_valid
    assert client.get(reverse("credentials:by_code", kwargs={"code": "nope", "fmt": "jwt"})).status_code == 404
    assert client.get(reverse("credentials:by_code_qr", kwargs={"code": code})).status_code == 200


def test_verify_page_explains_the_result(client, issued):
    url = reverse("credentials:verify")
    assert client.get(url).status_code == 200
    response = client.post(url, {"text": issued.signed})
    assert response.status_code == 200
    assert "This credential is genuine, in force and not revoked." in response.content.decode()
    response = client.post(url, {"text": ""})
    assert response.status_code == 422 and "Paste a credential or choose its file." in response.content.decode()
    response = client.post(url, {"text": issued.signed[:-4] + "AAAA"})
    assert "cannot be trusted" in response.content.decode()


def test_verify_page_takes_an_uploaded_file(client, issued):
    from django.core.files.uploadedfile import SimpleUploadedFile

    force_login(client, issued.document.owner)
    download = client.get(reverse("credentials:own", kwargs={"uuid": issued.uuid, "fmt": "json"})).content
    client.logout()
    url = reverse("credentials:verify")
    page = client.post(url, {"file": SimpleUploadedFile("credential.json", download, "application/json")})
    assert "This credential is genuine, in force and not revoked." in page.content.decode()
    page = client.post(url, {"file": SimpleUploadedFile("credential.jwt", issued.signed.encode())})
    assert "This credential is genuine, in force and not revoked." in page.content.decode()
    big = client.post(url, {"file": SimpleUploadedFile("big.json", b"x" * (256 * 1024 + 1))})
    assert big.status_code == 422 and "larger than 256 KB" in big.content.decode()
    binary = client.post(url, {"file": SimpleUploadedFile("badge.png", b"\x89PNG\r\n\x1a\n\xff\xfe")})
    assert binary.status_code == 422 and "This file is not text" in binary.content.decode()


def test_the_swedish_verify_page_explains_in_swedish_and_the_api_in_english(client, issued):
    swedish = client.post("/sv/credentials/verify/", {"text": issued.signed[:-4] + "AAAA"})
    html = swedish.content.decode()
    assert swedish.status_code == 200 and swedish["Content-Language"] == "sv"
    assert "Intyget går inte att lita på: det klarade inte en av kontrollerna nedan." in html
    assert "Signatur:" in html and "Signaturen stämmer inte: intyget har ändrats" in html
    assert "cannot be trusted" not in html and "does not match" not in html
    garbage = client.post("/sv/credentials/verify/", {"text": "not a credential"}).content.decode()
    assert "En kompakt JWS har tre delar åtskilda av punkter." in garbage
    genuine = client.post("/sv/credentials/verify/", {"text": issued.signed}).content.decode()
    assert "Intyget är äkta, gäller och har inte återkallats." in genuine
    assert "Finns inte på utfärdarens lista över återkallade intyg." in genuine
    # The API's messages stay English (docs/i18n.md), whatever language the caller asks for.
    body = client.post(reverse("api:credential-check"), {"credential": issued.signed[:-4] + "AAAA"},
                       content_type="application/json", HTTP_ACCEPT_LANGUAGE="sv").json()
    assert body["summary"] == "This credential cannot be trusted: it failed a check below."
    assert body["checks"][0]["message"].startswith("The signature does not match")


def test_verify_page_is_public_per_language_and_what_programs_read_is_not(client):
    assert reverse("credentials:verify") == "/en/credentials/verify/"
    with translation.override("sv"):
        assert reverse("credentials:verify") == "/sv/credentials/verify/"
        assert reverse("credentials:did") == "/.well-known/did.json"
        assert reverse("credentials:status_list", args=["revocation-1"]) == "/credentials/status/revocation-1"
        assert reverse("credentials:by_code", kwargs={"code": "c", "fmt": "json"}) == (
            "/credentials/code/c/credential.json")
        assert reverse("api:credential-check") == "/api/v1/credentials/verify/"
    swedish = client.get("/sv/credentials/verify/")
    assert swedish.status_code == 200 and swedish["Content-Language"] == "sv"
    assert '<html lang="sv"' in swedish.content.decode()
    old = client.get("/credentials/verify/", HTTP_ACCEPT_LANGUAGE="sv")
    assert old.status_code == 302 and old["Location"] == "/sv/credentials/verify/"
    assert "private" in old["Cache-Control"]
    assert client.get("/.well-known/did.json").status_code == 200
    assert client.get("/en/.well-known/did.json").status_code == 404


def test_verify_page_refuses_a_post_without_csrf(issued):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(reverse("credentials:verify"), {"text": issued.signed})
    assert response.status_code == 403


def test_did_key_issuer_is_checked_without_fetching():
    from marketplace.credentials import jose
    from marketplace.credentials.multibase import public_key_multibase

    key = Ed25519PrivateKey.generate()
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    did = "did:key:" + public_key_multibase(raw)
    token = jose.sign({"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"],
                       "issuer": did, "credentialSubject": {}}, key=key, kid=f"{did}#{did[8:]}")
    result = verification.verify(token)
    assert result.checks[0].ok is True and result.verdict == "valid"
    assert "no status list" in result.checks[-1].message
    unsigned = json.dumps({"@context": [], "type": ["VerifiableCredential"], "issuer": did})
    assert verification.verify(unsigned).verdict == "invalid"


def test_staff_with_their_second_factor_may_download(client, issued, reviewer):
    force_login(client, reviewer)
    url = reverse("credentials:own", kwargs={"uuid": issued.uuid, "fmt": "jwt"})
    assert client.get(url).content.decode() == issued.signed


def test_reviewers_see_the_credential_and_revoking_in_the_admin_revokes_it(client, issued, reviewer):
    force_login(client, reviewer)
    document = issued.document
    page = client.get(reverse("passport_review:review", args=[document.pk])).content.decode()
    assert issued.urn in page and "Verifiable credentials" in page
    response = client.post(reverse("passport_review:revoke", args=[document.pk]),
                           {"reason": "The issuer withdrew it.", "version": document.current_version_id})
    assert response.status_code in (200, 302)
    issued.refresh_from_db()
    assert issued.revoked_at is not None
    page = client.get(reverse("passport_review:review", args=[document.pk])).content.decode()
    assert "Revoked" in page


def test_freelancer_sees_the_credential_on_the_document_page_and_names_a_did(client, issued, freelancer,
                                                                            make_document, reviewer):
    force_login(client, freelancer)
    page = client.get(reverse("passport:detail", args=[issued.document_id])).content.decode()
    assert reverse("credentials:own", kwargs={"uuid": issued.uuid, "fmt": "json"}) in page
    assert reverse("credentials:by_code_qr", kwargs={"code": issued.document.verification_code}) in page
    did = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
    client.post(reverse("credentials:holder_did"), {"did": did})
    newer = approve(make_document(freelancer, title="First aid", status=Status.UNDER_REVIEW), reviewer)
    assert newer.credential["credentialSubject"]["id"] == did
    response = client.post(reverse("credentials:holder_did"), {"did": "not a did"}, follow=True)
    assert "A DID looks like" in response.content.decode()


def test_api_checks_a_credential_with_the_same_service(client, issued):
    url = reverse("api:credential-check")
    response = client.post(url, {"credential": issued.signed}, content_type="application/json")
    assert response.status_code == 200
    body = response.json()
    assert body["verdict"] == "valid" and body["valid"] is True and body["credential"]["id"] == issued.urn
    envelope = {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": "EnvelopedVerifiableCredential",
                "id": "data:application/vc+jwt," + issued.signed[:-3] + "AAA"}
    response = client.post(url, {"credential": envelope}, content_type="application/json")
    assert response.json()["verdict"] == "invalid"
    assert client.post(url, {}, content_type="application/json").status_code == 400


def test_api_takes_a_form_too_and_refuses_an_empty_one(client, issued):
    url = reverse("api:credential-check")
    response = client.post(url, {"credential": issued.signed})
    assert "verdict" in response.json(), response.content.decode()[:300]
    assert response.json()["verdict"] == "valid"
    assert client.post(url, {}).status_code == 400


def test_public_verification_page_links_the_signed_credential(client, issued):
    page = client.get(reverse("passport:verify", args=[issued.document.verification_code]), follow=True)
    link = reverse("credentials:by_code", kwargs={"code": issued.document.verification_code, "fmt": "json"})
    assert link in page.content.decode()


def test_an_unknown_format_is_not_found(client, issued):
    force_login(client, issued.document.owner)
    assert client.get(f"/credentials/{issued.uuid}.xml").status_code == 404
    assert client.get(f"/credentials/code/{issued.document.verification_code}/credential.pdf").status_code == 404


def test_every_written_form_of_the_signing_key_reads_as_the_same_key(settings):
    """PEM, multibase and base64 (standard or URL-safe) name one key; a base64 seed that starts
    with "z" (one key in 64) is base64, not multibase, which once failed CI's random key."""
    from marketplace.credentials.keys import key_problem, signing_key
    from marketplace.credentials.multibase import ED25519_PRIV, b58encode

    seeds = [bytes([207]) + bytes(range(31)), bytes(range(32))]
    assert base64.b64encode(seeds[0]).decode().startswith("z")
    for seed in seeds:
        private = Ed25519PrivateKey.from_private_bytes(seed)
        pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption()).decode()
        for text in (pem, "z" + b58encode(ED25519_PRIV + seed), base64.b64encode(seed).decode(),
                     base64.urlsafe_b64encode(seed).decode().rstrip("=")):
            settings.VALUND_VC_SIGNING_KEY = text
            assert key_problem() is None, text
            raw = signing_key().private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                              serialization.NoEncryption())
            assert raw == seed, text
    for bad, words in (("zzzz0OIl", "neither multibase nor base64"), ("z" + b58encode(b"\x00" * 34), "not an ed25519"),
                       (base64.b64encode(b"sixteen byte key").decode(), "32-byte seed")):
        settings.VALUND_VC_SIGNING_KEY = bad
        assert words in key_problem()
