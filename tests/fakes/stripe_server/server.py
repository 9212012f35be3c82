"""``FakeStripe``: its lifecycle, the HTTP API's routing, authentication and idempotency, and failure injection."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import parse_qsl

from .accounts import Accounts
from .checkout import Checkout
from .constants import API_VERSION, FIXTURES_PATH, TEST_API_KEY
from .customers import Customers
from .disputes import Disputes
from .http_server import FakeStripeHTTPServer
from .payment_intents import PaymentIntents
from .records import CardDeclined, Context, Failure, FakeResponse, RecordedRequest, injected_error, to_json
from .refunds import Refunds
from .store import Store
from .transfers import Transfers
from .wire import StripeError, invalid, new_id, parse_form, unrecognized_url


class FakeStripe(Accounts, Customers, Checkout, PaymentIntents, Transfers, Refunds, Disputes, Store):
    """The fake's state, its API (``handle``) and the test controls. Everything runs under one lock."""

    def __init__(self, *, api_version: str = API_VERSION, clock: Callable[[], float] = time.time):
        self.api_version = api_version
        self.clock = clock
        self._fixtures: dict[str, dict[str, Any]] = json.loads(FIXTURES_PATH.read_text())["resources"]
        self._lock = threading.RLock()
        self._http = None
        self._context: Context | None = None
        self._routes = self._build_routes()
        self.reset()

    # -- lifecycle ---------------------------------------------------------------------------------------------

    def start(self) -> FakeStripe:
        if self._http is None:
            self._http = FakeStripeHTTPServer(self)
            self._http.start()
        return self

    def stop(self) -> None:
        if self._http is not None:
            self._http.stop()
            self._http = None

    def __enter__(self) -> FakeStripe:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    @property
    def url(self) -> str:
        if self._http is None:
            raise RuntimeError("FakeStripe is not started")
        return self._http.url

    def reset(self) -> None:
        with self._lock:
            self._objects: dict[str, dict[str, Any]] = {}
            self._owner: dict[str, str | None] = {}
            self._events: list[dict[str, Any]] = []
            self._requests: list[RecordedRequest] = []
            self._idempotency: dict[tuple[str | None, str], tuple[str, int, bytes]] = {}
            self._failures: list[Failure] = []
            self._card_behaviour: dict[str, str] = {}
            self._line_items: dict[str, list[dict[str, Any]]] = {}
            self._checkout_options: dict[str, dict[str, Any]] = {}
            self._account_link_urls: dict[str, dict[str, str | None]] = {}

    # -- failure injection -------------------------------------------------------------------------------------

    def fail_next(
        self,
        n: int = 1,
        status: int = 500,
        *,
        method: str | None = None,
        path: str | None = None,
        should_retry: bool | None = None,
        drop_connection: bool = False,
    ) -> None:
        """Answer the next ``n`` matching API requests with ``status`` (or a dropped connection), doing nothing.

        ``method`` and ``path`` (an ``fnmatch`` pattern) narrow which requests fail; ``should_retry`` sets the
        ``Stripe-Should-Retry`` header that the stripe library obeys.
        """
        with self._lock:
            self._failures.append(Failure(n, status, False, drop_connection, should_retry, method, path))

    def fail_after_processing(
        self,
        n: int = 1,
        *,
        status: int = 500,
        drop_connection: bool = False,
        method: str | None = None,
        path: str | None = None,
    ) -> None:
        """Do the next ``n`` matching requests' work (stored under their idempotency key), then answer an error."""
        with self._lock:
            self._failures.append(Failure(n, status, True, drop_connection, None, method, path))

    def _take_failure(self, method: str, path: str, *, after_processing: bool) -> Failure | None:
        for failure in self._failures:
            if failure.after_processing == after_processing and failure.remaining > 0 and failure.matches(method, path):
                failure.remaining -= 1
                return failure
        return None

    # -- the HTTP API ------------------------------------------------------------------------------------------

    def handle(self, method: str, target: str, headers: Mapping[str, str], body: bytes) -> FakeResponse:
        """Answer one API request. ``headers`` has lower-case names."""
        path, _, query = target.partition("?")
        request_id = new_id("req_", 14)
        response_headers = {"Request-Id": request_id, "Stripe-Version": headers.get("stripe-version", self.api_version)}
        idempotency_key = headers.get("idempotency-key") if method == "POST" else None
        account = headers.get("stripe-account") or None
        params: dict[str, Any] = {}
        replayed = False
        with self._lock:
            failure = self._take_failure(method, path, after_processing=False)
            try:
                if failure is not None:
                    raise injected_error(failure)
                self._authenticate(headers.get("authorization", ""))
                params = self._parse_params(method, query, headers, body)
                if account is not None:
                    self._check_account_header(account)
                if idempotency_key is not None:
                    response_headers["Idempotency-Key"] = idempotency_key
                    if len(idempotency_key) > 255:
                        raise invalid("Idempotency-Key must be at most 255 characters long.", param="Idempotency-Key")
                    fingerprint = json.dumps([method, path, params], sort_keys=True)
                    stored = self._idempotency.get((account, idempotency_key))
                    if stored is not None:
                        if stored[0] != fingerprint:
                            raise StripeError(
                                400,
                                "idempotency_error",
                                "Keys for idempotent requests can only be used with the same parameters they were "
                                f"first used with. Try using a key other than '{idempotency_key}' if you meant to "
                                "execute a different request.",
                            )
                        status, payload = stored[1], stored[2]
                        replayed = True
                        response_headers["Idempotent-Replayed"] = "true"
                if not replayed:
                    status, payload = self._dispatch(method, path, params, account, request_id, idempotency_key)
                    # Stripe saves a result only once an endpoint has started executing: successes and card
                    # declines, not parameter errors (https://docs.stripe.com/api/idempotent_requests).
                    if idempotency_key is not None and status in (200, 402):
                        self._idempotency[(account, idempotency_key)] = (fingerprint, status, payload)
            except StripeError as error:
                status, payload = error.status, to_json(error.body())
                if error.should_retry is not None:
                    response_headers["Stripe-Should-Retry"] = "true" if error.should_retry else "false"
            drop = failure is not None and failure.drop_connection
            after = None if failure is not None else self._take_failure(method, path, after_processing=True)
            if after is not None:
                drop = after.drop_connection
                status, payload = after.status, to_json(injected_error(after).body())
            self._requests.append(
                RecordedRequest(
                    method=method,
                    path=path,
                    params=params,
                    idempotency_key=idempotency_key,
                    stripe_account=account,
                    stripe_version=headers.get("stripe-version"),
                    status=None if drop else status,
                    replayed=replayed,
                    request_id=request_id,
                    time=self.clock(),
                )
            )
        response_headers["Content-Type"] = "application/json"
        return FakeResponse(status, payload, response_headers, drop)

    def _authenticate(self, authorization: str) -> None:
        scheme, _, key = authorization.partition(" ")
        if not key:
            raise StripeError(
                401,
                "invalid_request_error",
                "You did not provide an API key. You need to provide your API key in the Authorization header, "
                "using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
            )
        if scheme != "Bearer" or not key.startswith("sk_test_") or len(key) < 12:
            shown = key[:8] + "*" * max(len(key) - 12, 0) + key[-4:]
            raise StripeError(
                401, "invalid_request_error", f"Invalid API Key provided: {shown}", code="api_key_invalid"
            )

    def _parse_params(self, method: str, query: str, headers: Mapping[str, str], body: bytes) -> dict[str, Any]:
        if method == "POST":
            content_type = headers.get("content-type", "application/x-www-form-urlencoded").split(";")[0].strip()
            if body and content_type != "application/x-www-form-urlencoded":
                raise invalid(
                    f"Invalid request: unsupported Content-Type {content_type}. "
                    "If error persists and you need assistance, please contact support@stripe.com."
                )
            text = body.decode()
        else:
            text = query
        try:
            pairs = parse_qsl(text, keep_blank_values=True, strict_parsing=bool(text))
        except ValueError as error:
            raise invalid("Invalid request: the body could not be parsed.") from error
        return parse_form(pairs)

    def _check_account_header(self, account: str) -> None:
        found = self._objects.get(account)
        if found is None or found["object"] != "account":
            raise StripeError(
                403,
                "invalid_request_error",
                f"The provided key '{TEST_API_KEY[:8]}***' does not have access to account '{account}' (or that "
                "account does not exist). Application access may have been revoked.",
                code="account_invalid",
            )

    def _dispatch(self, method, path, params, account, request_id, idempotency_key) -> tuple[int, bytes]:
        for route_method, pattern, handler in self._routes:
            match = pattern.fullmatch(path)
            if route_method == method and match:
                self._context = Context(method, path, params, account, request_id, idempotency_key)
                try:
                    return 200, to_json(handler(**match.groupdict()))
                except CardDeclined as declined:
                    return 402, to_json(declined.error.body())
                finally:
                    self._context = None
        raise unrecognized_url(method, path)

    def _build_routes(self):
        table = [
            ("POST", "/v1/accounts", self._create_account),
            ("GET", "/v1/accounts", self._list_accounts),
            ("GET", "/v1/accounts/{id}", self._retrieve("account")),
            ("POST", "/v1/account_links", self._create_account_link),
            ("POST", "/v1/customers", self._create_customer),
            ("GET", "/v1/customers", self._list_customers),
            ("GET", "/v1/customers/{id}", self._retrieve("customer")),
            ("GET", "/v1/customers/{id}/payment_methods", self._list_customer_payment_methods),
            ("GET", "/v1/payment_methods", self._list_payment_methods),
            ("GET", "/v1/payment_methods/{id}", self._retrieve("payment_method")),
            ("POST", "/v1/payment_methods/{id}/detach", self._detach_payment_method),
            ("POST", "/v1/checkout/sessions", self._create_checkout_session),
            ("GET", "/v1/checkout/sessions", self._list_checkout_sessions),
            ("GET", "/v1/checkout/sessions/{id}", self._retrieve("checkout.session")),
            ("GET", "/v1/checkout/sessions/{id}/line_items", self._list_line_items),
            ("POST", "/v1/payment_intents", self._create_payment_intent),
            ("GET", "/v1/payment_intents", self._list_payment_intents),
            ("GET", "/v1/payment_intents/{id}", self._retrieve("payment_intent")),
            ("POST", "/v1/payment_intents/{id}/confirm", self._confirm_payment_intent),
            ("GET", "/v1/charges", self._list_charges),
            ("GET", "/v1/charges/{id}", self._retrieve("charge")),
            ("POST", "/v1/transfers", self._create_transfer),
            ("GET", "/v1/transfers", self._list_transfers),
            ("GET", "/v1/transfers/{id}", self._retrieve("transfer")),
            ("POST", "/v1/transfers/{id}/reversals", self._create_reversal),
            ("GET", "/v1/transfers/{id}/reversals", self._list_reversals),
            ("GET", "/v1/transfers/{transfer}/reversals/{id}", self._retrieve_reversal),
            ("POST", "/v1/refunds", self._create_refund),
            ("GET", "/v1/refunds", self._list_refunds),
            ("GET", "/v1/refunds/{id}", self._retrieve("refund")),
            ("GET", "/v1/disputes", self._list_disputes),
            ("GET", "/v1/disputes/{id}", self._retrieve("dispute")),
            ("GET", "/v1/events", self._list_events),
            ("GET", "/v1/events/{id}", self._retrieve("event")),
            ("GET", "/v1/balance_transactions/{id}", self._retrieve("balance_transaction")),
        ]
        return [
            (method, re.compile(re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", path)), handler)
            for method, path, handler in table
        ]
