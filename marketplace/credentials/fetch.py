"""Fetching a DID document or a status list from another issuer without becoming a tool for
reaching what the site can reach and the public cannot (SSRF).

Only https; the host name is resolved once, every address it resolves to must be public
(not private, loopback, link-local, reserved, multicast or unspecified), and the connection
goes to that checked address (the certificate is still checked against the name), so a DNS
answer that changes between check and use (rebinding) does not help. No redirects, a short
timeout, a size limit. VALUND_VC_FETCH_ALLOWED_HOSTS ("host:port" entries) exempts hosts
from the address and scheme rules: for a test server, never for production."""

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

TIMEOUT_SECONDS = 3.0
MAX_BYTES = 256 * 1024


class FetchRefused(Exception):
    """The address or the answer broke a rule; the message says which, in plain words."""


@dataclass(frozen=True)
class Limits:
    timeout: float
    max_bytes: int
    allowed_hosts: frozenset


def limits() -> Limits:
    return Limits(
        timeout=min(getattr(settings, "VALUND_VC_FETCH_TIMEOUT", TIMEOUT_SECONDS), TIMEOUT_SECONDS),
        max_bytes=min(getattr(settings, "VALUND_VC_FETCH_MAX_BYTES", MAX_BYTES), MAX_BYTES),
        allowed_hosts=frozenset(getattr(settings, "VALUND_VC_FETCH_ALLOWED_HOSTS", ())),
    )


def is_public_address(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_link_local or ip.is_loopback
                                 or ip.is_private or ip.is_unspecified)


def _resolve(host: str, port: int, *, allowed: bool) -> str:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchRefused(_("The host %(host)s could not be found.") % {"host": host}) from exc
    addresses = [info[4][0] for info in infos]
    if not addresses:
        raise FetchRefused(_("The host %(host)s could not be found.") % {"host": host})
    if not allowed:
        for address in addresses:
            if not is_public_address(address):
                raise FetchRefused(_("%(host)s points to a private or reserved address (%(address)s); it is not "
                                     "fetched.") % {"host": host, "address": address})
    return addresses[0]


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, address, **kwargs):
        super().__init__(host, **kwargs)
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host, address, **kwargs):
        super().__init__(host, **kwargs)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


def fetch(url: str, *, accept: str = "application/json", timeout: float | None = None) -> bytes:
    """The body of a GET to `url` within the limits, or FetchRefused; `timeout` may shorten the
    limit (what is left of a verification's budget), never lengthen it."""
    rules = limits()
    if timeout is not None:
        if timeout <= 0:
            raise FetchRefused(_("Checking this credential took too long; nothing more is fetched."))
        rules = Limits(timeout=min(rules.timeout, timeout), max_bytes=rules.max_bytes,
                       allowed_hosts=rules.allowed_hosts)
    parts = urlsplit(url)
    host = parts.hostname
    if parts.scheme not in ("https", "http"):
        raise FetchRefused(_("Only https addresses are fetched."))
    if not host:
        raise FetchRefused(_("The address has no host."))
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise FetchRefused(_("The address has an invalid port.")) from exc
    allowed = f"{host}:{port}" in rules.allowed_hosts
    if parts.scheme != "https" and not allowed:
        raise FetchRefused(_("Only https addresses are fetched."))
    if parts.username or parts.password:
        raise FetchRefused(_("Addresses with a user name or password are not fetched."))
    address = _resolve(host, port, allowed=allowed)
    if parts.scheme == "https":
        connection = _PinnedHTTPSConnection(host, address, port=port, timeout=rules.timeout,
                                            context=ssl.create_default_context())
    else:
        connection = _PinnedHTTPConnection(host, address, port=port, timeout=rules.timeout)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request("GET", path, headers={"Accept": accept, "User-Agent": "Valund-credential-verifier"})
        response = connection.getresponse()
        if 300 <= response.status < 400:
            raise FetchRefused(_("%(url)s answered with a redirect, which is not followed.") % {"url": url})
        if response.status != 200:
            raise FetchRefused(_("%(url)s answered with HTTP status %(status)s.")
                               % {"url": url, "status": response.status})
        declared = response.getheader("Content-Length")
        if declared and declared.isdigit() and int(declared) > rules.max_bytes:
            raise FetchRefused(_("%(url)s is larger than %(size)s KB.") % {"url": url, "size": rules.max_bytes // 1024})
        body = bytearray()
        deadline = time.monotonic() + rules.timeout
        while chunk := response.read1(16384):
            body += chunk
            if len(body) > rules.max_bytes:
                raise FetchRefused(_("%(url)s is larger than %(size)s KB.")
                                   % {"url": url, "size": rules.max_bytes // 1024})
            if time.monotonic() > deadline:
                raise TimeoutError
        return bytes(body)
    except TimeoutError as exc:
        raise FetchRefused(_("%(url)s did not answer within %(seconds)s seconds.")
                           % {"url": url, "seconds": f"{rules.timeout:g}"}) from exc
    except (OSError, http.client.HTTPException) as exc:
        raise FetchRefused(_("%(url)s could not be fetched (%(error)s).")
                           % {"url": url, "error": exc.__class__.__name__}) from exc
    finally:
        connection.close()
