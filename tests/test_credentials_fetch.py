"""The verify page fetches other issuers' DID documents and status lists: never from a private,
loopback, link-local or reserved address, only over https, within 3 seconds and 256 KB, and
never following a redirect. A local test server, allowed by name in
VALUND_VC_FETCH_ALLOWED_HOSTS, plays the remote issuer (and the misbehaving one)."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from marketplace.credentials import bitstring, jose, verification
from marketplace.credentials.fetch import FetchRefused, fetch, is_public_address
from marketplace.credentials.multibase import public_key_multibase

pytestmark = [pytest.mark.django_db]

ROUTES: dict[str, tuple[int, dict, bytes, float]] = {}
REQUESTS: list[str] = []


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        REQUESTS.append(self.path)
        status, headers, body, delay = ROUTES.get(self.path, (404, {}, b"", 0))
        if delay:
            time.sleep(delay)
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server(settings):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    host = f"127.0.0.1:{httpd.server_port}"
    settings.VALUND_VC_FETCH_ALLOWED_HOSTS = [host]
    ROUTES.clear()
    REQUESTS.clear()
    yield host
    httpd.shutdown()
    httpd.server_close()


def issuer_token(did, key, *, status_url=None, index=3, claims=None):
    credential = {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"],
                  "issuer": did, "validFrom": "2020-01-01T00:00:00Z", "credentialSubject": {"name": "x"},
                  **(claims or {})}
    if status_url:
        credential["credentialStatus"] = {"type": "BitstringStatusListEntry", "statusPurpose": "revocation",
                                          "statusListIndex": str(index), "statusListCredential": status_url}
    return jose.sign(credential, key=key, kid=f"{did}#key-1")


def did_doc(did, key):
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    method = {"id": f"{did}#key-1", "type": "Multikey", "controller": did,
              "publicKeyMultibase": public_key_multibase(raw)}
    return json.dumps({"id": did, "verificationMethod": [method], "assertionMethod": [method["id"]]}).encode()


@pytest.mark.parametrize("address", ["127.0.0.1", "10.0.0.1", "169.254.169.254", "192.168.1.1", "::1", "0.0.0.0",  # noqa: S104
                                     "::ffff:127.0.0.1", "100.64.0.1", "fd00::1", "240.0.0.1", "224.0.0.1",
                                     # 6to4, Teredo and NAT64 forms (private IPv4 inside; the prefixes are not global)
                                     "2002:7f00:1::1", "2001:0:4136:e378:8000:63bf:3fff:fdd2",
                                     "64:ff9b::a00:1", "64:ff9b::a9fe:a9fe", "64:ff9b:1::7f00:1"])
def test_private_and_reserved_addresses_are_not_public(address):
    assert is_public_address(address) is False


def test_public_addresses_are(settings):
    assert is_public_address("93.184.215.14") and is_public_address("2606:2800:21f:cb07:6820:80da:af6b:8b2c")


@pytest.mark.parametrize("host", ["127.0.0.1", "10.0.0.1", "169.254.169.254", "localhost", "127.0.0.1%3A8000"])
def test_did_web_on_a_private_address_is_refused_before_connecting(host):
    did = "did:web:" + host
    key = Ed25519PrivateKey.generate()
    started = time.monotonic()
    result = verification.verify(issuer_token(did, key))
    assert time.monotonic() - started < 1
    assert result.verdict == "unchecked"
    assert "private or reserved address" in result.checks[0].message


def test_only_https_outside_the_allowed_test_hosts():
    with pytest.raises(FetchRefused, match="Only https"):
        fetch("http://example.com/.well-known/did.json")
    with pytest.raises(FetchRefused, match="Only https"):
        fetch("file:///etc/passwd")


def test_a_too_large_answer_is_refused(server):
    ROUTES["/big"] = (200, {}, b"x" * (256 * 1024 + 1), 0)
    ROUTES["/fits"] = (200, {}, b"x" * (256 * 1024), 0)
    with pytest.raises(FetchRefused, match="larger than 256 KB"):
        fetch(f"http://{server}/big")
    assert len(fetch(f"http://{server}/fits")) == 256 * 1024


def test_a_redirect_is_not_followed(server):
    ROUTES["/moved"] = (302, {"Location": "http://169.254.169.254/latest/meta-data/"}, b"", 0)
    with pytest.raises(FetchRefused, match="redirect"):
        fetch(f"http://{server}/moved")


def test_a_slow_server_times_out(server, settings):
    settings.VALUND_VC_FETCH_TIMEOUT = 0.5
    ROUTES["/slow"] = (200, {}, b"{}", 1.5)
    started = time.monotonic()
    with pytest.raises(FetchRefused, match="did not answer within 0.5 seconds"):
        fetch(f"http://{server}/slow")
    assert time.monotonic() - started < 1.4


def test_the_limits_cannot_be_raised_past_3_seconds_and_256_kb(settings):
    from marketplace.credentials.fetch import limits

    settings.VALUND_VC_FETCH_TIMEOUT, settings.VALUND_VC_FETCH_MAX_BYTES = 60, 10**9
    assert limits().timeout == 3 and limits().max_bytes == 256 * 1024


def test_another_did_web_issuer_is_checked_with_its_status_list(server):
    did = "did:web:" + server.replace(":", "%3A")
    key = Ed25519PrivateKey.generate()
    ROUTES["/.well-known/did.json"] = (200, {}, did_doc(did, key), 0)
    status_url = f"http://{server}/status/1"
    status = {"@context": ["https://www.w3.org/ns/credentials/v2"], "id": status_url,
              "type": ["VerifiableCredential", "BitstringStatusListCredential"], "issuer": did,
              "credentialSubject": {"type": "BitstringStatusList", "statusPurpose": "revocation",
                                    "encodedList": bitstring.encode([3], 131_072)}}
    ROUTES["/status/1"] = (200, {}, jose.sign(status, key=key, kid=f"{did}#key-1").encode(), 0)
    assert verification.verify(issuer_token(did, key, status_url=status_url, index=4)).verdict == "valid"
    result = verification.verify(issuer_token(did, key, status_url=status_url, index=3))
    assert result.verdict == "revoked"
    # A list signed by someone else is not believed.
    ROUTES["/status/1"] = (200, {}, jose.sign(status, key=Ed25519PrivateKey.generate(),
                                               kid=f"{did}#key-1").encode(), 0)
    result = verification.verify(issuer_token(did, key, status_url=status_url, index=4))
    assert result.verdict == "unchecked" and "signature does not match" in result.checks[-1].message


def revocation_list(did, key, url, revoked=()):
    status = {"@context": ["https://www.w3.org/ns/credentials/v2"], "id": url,
              "type": ["VerifiableCredential", "BitstringStatusListCredential"], "issuer": did,
              "credentialSubject": {"type": "BitstringStatusList", "statusPurpose": "revocation",
                                    "encodedList": bitstring.encode(list(revoked), 131_072)}}
    return jose.sign(status, key=key, kid=f"{did}#key-1").encode()


def test_a_stranger_cannot_make_one_check_fetch_without_end(server):
    did = "did:web:" + server.replace(":", "%3A")
    key = Ed25519PrivateKey.generate()
    ROUTES["/.well-known/did.json"] = (200, {}, did_doc(did, key), 0)
    entries = []
    for number in range(50):
        url = f"http://{server}/status/{number}"
        ROUTES[f"/status/{number}"] = (200, {}, revocation_list(did, key, url), 0)
        entries.append({"type": "BitstringStatusListEntry", "statusPurpose": "revocation",
                        "statusListIndex": "4", "statusListCredential": url})
    token = issuer_token(did, key, claims={"credentialStatus": entries})

    result = verification.verify(token)

    # The issuer's DID document once, and no more status lists than the limit.
    assert REQUESTS.count("/.well-known/did.json") == 1
    assert len([path for path in REQUESTS if path.startswith("/status/")]) == verification.MAX_STATUS_ENTRIES
    assert result.verdict == "unchecked"
    assert "only the first 3 are checked" in " ".join(check.message for check in result.checks)


def test_all_fetches_of_one_check_share_a_time_budget(server, monkeypatch):
    did = "did:web:" + server.replace(":", "%3A")
    key = Ed25519PrivateKey.generate()
    status_url = f"http://{server}/status/1"
    ROUTES["/.well-known/did.json"] = (200, {}, did_doc(did, key), 0.6)
    ROUTES["/status/1"] = (200, {}, revocation_list(did, key, status_url), 0)
    monkeypatch.setattr(verification, "FETCH_BUDGET_SECONDS", 0.5)

    started = time.monotonic()
    result = verification.verify(issuer_token(did, key, status_url=status_url))

    assert time.monotonic() - started < 2
    assert result.verdict == "unchecked"
    assert "/status/1" not in REQUESTS


def test_the_verify_page_and_the_api_fetch_nothing_from_a_private_address(client, monkeypatch):
    """What anyone pastes goes through the same limits: an issuer on the cloud's metadata address
    and a status list on a private one are refused before any connection is made."""
    import socket

    from django.urls import reverse

    connections = []

    def create_connection(address, *args, **kwargs):
        connections.append(address)
        raise ConnectionRefusedError

    monkeypatch.setattr(socket, "create_connection", create_connection)
    metadata = issuer_token("did:web:169.254.169.254", Ed25519PrivateKey.generate())
    page = client.post(reverse("credentials:verify"), {"text": metadata})
    assert page.status_code == 200 and "private or reserved address" in page.content.decode()
    api = client.post(reverse("api:credential-check"), {"credential": metadata}, content_type="application/json")
    assert api.json()["verdict"] == "unchecked" and "private or reserved address" in api.json()["checks"][0]["message"]

    key = Ed25519PrivateKey.generate()
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    did = "did:key:" + public_key_multibase(raw)
    credential = {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"],
                  "issuer": did, "credentialSubject": {},
                  "credentialStatus": {"type": "BitstringStatusListEntry", "statusPurpose": "revocation",
                                       "statusListIndex": "1", "statusListCredential": "https://10.0.0.1/status"}}
    token = jose.sign(credential, key=key, kid=f"{did}#{did[8:]}")
    body = client.post(reverse("api:credential-check"), {"credential": token}, content_type="application/json").json()
    assert body["verdict"] == "unchecked" and body["checks"][0]["ok"] is True  # signed, but the list was not fetched
    assert "private or reserved address" in body["checks"][-1]["message"]
    assert connections == []


def test_the_connection_goes_to_the_address_that_was_checked(monkeypatch):
    """Resolved once and pinned: a DNS answer that changes after the check (rebinding) is never
    asked for, and a name with one private address among public ones is refused."""
    import socket

    lookups, connections = [], []
    answers = {"rebind.example": ["93.184.215.14"], "mixed.example": ["93.184.215.14", "10.0.0.5"]}

    def getaddrinfo(host, port, *args, **kwargs):
        lookups.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port)) for address in answers[host]]

    def create_connection(address, *args, **kwargs):
        connections.append(address)
        raise ConnectionRefusedError

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket, "create_connection", create_connection)
    with pytest.raises(FetchRefused, match="could not be fetched"):
        fetch("https://rebind.example/.well-known/did.json")
    assert lookups == ["rebind.example"] and connections == [("93.184.215.14", 443)]
    lookups.clear()
    connections.clear()
    with pytest.raises(FetchRefused, match=r"private or reserved address \(10\.0\.0\.5\)"):
        fetch("https://mixed.example/.well-known/did.json")
    assert connections == []
