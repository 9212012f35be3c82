"""The fake Stripe's HTTP side: a ThreadingHTTPServer on 127.0.0.1 and the fake hosted pages under ``/_fake/``.

``/_fake/checkout/<session>`` and ``/_fake/onboarding/<account>`` stand in for Stripe Checkout and Connect
onboarding, so a browser test can click through them; they call the same test controls as Python tests do.
"""

from __future__ import annotations

import html
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

if TYPE_CHECKING:
    from .server import FakeStripe


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # The stripe library keeps connections alive; do not wait for their threads on close.
    block_on_close = False
    # socketserver's default backlog of 5 drops bursts of connections, which then wait a second to be resent.
    request_queue_size = 128

    def __init__(self, fake: FakeStripe):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.fake = fake


class FakeStripeHTTPServer:
    def __init__(self, fake: FakeStripe):
        self._server = _Server(fake)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-stripe", daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FakeStripe/1.0"
    timeout = 60
    # Headers and body go out in two writes; without this, delayed ACKs cost each request about 40 ms.
    disable_nagle_algorithm = True
    server: _Server

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def do_DELETE(self) -> None:
        self._serve("DELETE")

    def log_message(self, format, *args) -> None:
        """Quiet: the fake records requests itself (``fake.requests``)."""

    def _serve(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if self.path.startswith("/_fake/"):
            self._fake_page(method, body)
            return
        headers = {name.lower(): value for name, value in self.headers.items()}
        response = self.server.fake.handle(method, self.path, headers, body)
        if response.drop_connection:
            self.close_connection = True
            return
        self._send(response.status, response.body, response.headers)

    def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _page(self, status: int, title: str, content: str) -> None:
        document = (
            f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{html.escape(title)}</title></head>"
            f"<body><h1>{html.escape(title)}</h1>{content}</body></html>"
        )
        self._send(status, document.encode(), {"Content-Type": "text/html; charset=utf-8"})

    def _redirect(self, location: str) -> None:
        self._send(303, b"", {"Location": location})

    def _fake_page(self, method: str, body: bytes) -> None:
        fake = self.server.fake
        parts = self.path.split("?")[0].strip("/").split("/")
        form = {key: values[0] for key, values in parse_qs(body.decode()).items()}
        if len(parts) != 3 or parts[1] not in ("checkout", "onboarding"):
            self._page(404, "Not found", "")
            return
        kind, object_id = parts[1], parts[2]
        try:
            obj = fake.get(object_id)
        except KeyError:
            self._page(404, "Not found", "")
            return
        if kind == "checkout":
            self._checkout_page(method, obj, form)
        else:
            self._onboarding_page(method, obj)

    def _checkout_page(self, method: str, session: dict, form: dict[str, str]) -> None:
        fake = self.server.fake
        if method == "POST":
            outcome = form.get("outcome")
            if outcome == "cancel":
                self._redirect(session["cancel_url"] or self.path)
                return
            if outcome not in ("paid", "failed") or session["status"] != "open":
                self._page(409, "This checkout session is not open", "")
                return
            fake.complete_checkout(session["id"], outcome)
            if outcome == "paid" and session["success_url"]:
                self._redirect(session["success_url"].replace("{CHECKOUT_SESSION_ID}", session["id"]))
            else:
                self._redirect(self.path)
            return
        amount = f"{session['amount_total'] / 100:.2f} {session['currency'].upper()}"
        buttons = "".join(
            f"<button name='outcome' value='{value}'>{label}</button>"
            for value, label in (("paid", "Pay"), ("failed", "Pay with a declined card"), ("cancel", "Cancel"))
        )
        status = html.escape(f"Status: {session['status']}, payment: {session['payment_status']}")
        self._page(200, f"Fake Stripe Checkout: {amount}", f"<p>{status}</p><form method='post'>{buttons}</form>")

    def _onboarding_page(self, method: str, account: dict) -> None:
        fake = self.server.fake
        if method == "POST":
            fake.complete_onboarding(account["id"])
            return_url = fake.onboarding_urls(account["id"])["return_url"]
            if return_url:
                self._redirect(return_url)
            else:
                self._page(200, "Onboarding complete", "")
            return
        button = "<form method='post'><button>Finish onboarding</button></form>"
        self._page(200, f"Fake Stripe onboarding for {account['id']}", button)
