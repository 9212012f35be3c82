"""A local fake of the parts of Stripe's v1 API that Valund uses, served over real HTTP to the real ``stripe`` library.

Tests point ``stripe.StripeClient(..., base_addresses={"api": fake.url, ...})`` at a ``FakeStripe`` and then
drive it from Python: ``complete_checkout``, ``complete_onboarding``, ``open_dispute``... Every request is recorded
(``fake.requests``) with its idempotency key and ``Stripe-Account`` header, and every state change creates an Event
(``fake.events``) that tests can sign with ``sign_payload`` and post to the webhook view.

How it was checked against Stripe's documented shapes
    Every object starts as a deep copy of Stripe's own example object for its resource, taken from Stripe's public
    OpenAPI fixtures (``stripe_fixtures.json``, see ``STRIPE_LICENSE``); the fake only sets values, it never drops a
    key, and ``_new`` refuses to set a key the fixture does not have (the only addition is ``account`` on events of
    connected accounts, which Stripe adds the same way). ``test_fake_stripe.py`` talks to the fake only through
    the installed ``stripe`` library: it checks that each endpoint's answer carries every key of the fixture, that
    errors arrive in Stripe's error shape and become the library's exception classes (``InvalidRequestError`` with
    ``param``, ``CardError`` with ``code``, ``AuthenticationError``, ``PermissionError``, ``IdempotencyError``), that
    the library's own retries (``max_network_retries``) recover from injected failures without doing anything twice,
    and that ``stripe.Webhook.construct_event`` accepts the fake's signatures. Rules such as minimum charge
    amounts, the refundable amount, ``source_transaction`` limits, idempotency and error codes follow Stripe's API
    reference.

What it deliberately does not do
    Payment method types other than cards; manual capture; Prices and Products (Checkout takes ``price_data``
    only, ``mode=payment`` only); subscriptions, invoices, setup intents, payouts, application fees, destination
    charges and ``reverse_transfer``; the platform's and connected accounts' balances (a transfer without
    ``source_transaction`` always succeeds; Stripe's processing and dispute fees are 0 unless a test sets a dispute
    fee); currency conversion; 3-D Secure flows beyond ``requires_action``; search endpoints; updates (``POST
    /v1/<resource>/<id>``) and deletes; webhook delivery (tests post ``event_payload(event)`` themselves); rate
    limits; the 24-hour expiry of idempotency keys. Unknown parameters are refused (as Stripe does) so a misspelt
    parameter fails here as it would in production.

Where Stripe's documentation leaves room, the fake takes the stricter reading
    Transfers with ``source_transaction`` may not exceed the charge minus its refunds minus every earlier transfer
    from it (reversed or not); a disputed charge cannot be refunded (``charge_disputed``); an idempotency key keeps
    successes and card declines (replayed) but not parameter errors (Stripe saves a result only once the endpoint
    has started executing); objects and events created with ``Stripe-Account`` are visible only with that header.
"""

from __future__ import annotations

import copy
import fnmatch
import json
import re
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from .stripe_wire import (
    StripeError,
    check_known,
    check_known_nested,
    event_payload,
    invalid,
    missing,
    new_id,
    no_such,
    parse_form,
    read_bool,
    read_currency,
    read_expand,
    read_int,
    read_metadata,
    read_str,
    read_url,
    sign_payload,
    unrecognized_url,
)

__all__ = ["API_VERSION", "FakeStripe", "RecordedRequest", "TEST_API_KEY", "event_payload", "sign_payload"]

FIXTURES_PATH = Path(__file__).with_name("stripe_fixtures.json")
API_VERSION = "2026-10-28.endive"
TEST_API_KEY = "sk_test_valund_fake_stripe"

# Stripe's minimum charge amounts in minor units (https://docs.stripe.com/currencies#minimum-and-maximum-charge-amounts).
MINIMUM_CHARGE = {"usd": 50, "eur": 50, "gbp": 30, "sek": 300, "nok": 300, "dkk": 250, "chf": 50, "cad": 50, "aud": 50}
COUNTRY_CURRENCY = {"US": "usd", "SE": "sek", "NO": "nok", "DK": "dkk", "GB": "gbp", "FI": "eur", "DE": "eur"}

# Test cards, as Stripe's test-mode PaymentMethod ids and as cards a test can save on a customer.
CARDS = {
    "visa": {"brand": "visa", "last4": "4242", "behaviour": "succeed"},
    "mastercard": {"brand": "mastercard", "last4": "4444", "behaviour": "succeed"},
    "chargeDeclined": {"brand": "visa", "last4": "0002", "behaviour": "decline"},
    "authenticationRequired": {"brand": "visa", "last4": "3184", "behaviour": "authentication_required"},
}
MAGIC_PAYMENT_METHODS = {f"pm_card_{name}": name for name in CARDS}

_LABELS = {"payment_method": "PaymentMethod", "checkout.session": "checkout.session"}


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    params: dict[str, Any]
    idempotency_key: str | None
    stripe_account: str | None
    stripe_version: str | None
    status: int | None  # None when the fake dropped the connection
    replayed: bool
    request_id: str
    time: float


@dataclass(frozen=True)
class FakeResponse:
    status: int
    body: bytes
    headers: dict[str, str]
    drop_connection: bool = False


@dataclass
class _Failure:
    remaining: int
    status: int
    after_processing: bool
    drop_connection: bool
    should_retry: bool | None
    method: str | None
    path: str | None

    def matches(self, method: str, path: str) -> bool:
        return (self.method is None or self.method == method) and (
            self.path is None or fnmatch.fnmatchcase(path, self.path)
        )


@dataclass(frozen=True)
class _Context:
    method: str
    path: str
    params: dict[str, Any]
    account: str | None
    request_id: str | None
    idempotency_key: str | None


class FakeStripe:
    """The fake's state, its API (``handle``) and the test controls. Everything runs under one lock."""

    def __init__(self, *, api_version: str = API_VERSION, clock: Callable[[], float] = time.time):
        self.api_version = api_version
        self.clock = clock
        self._fixtures: dict[str, dict[str, Any]] = json.loads(FIXTURES_PATH.read_text())["resources"]
        self._lock = threading.RLock()
        self._http = None
        self._context: _Context | None = None
        self._routes = self._build_routes()
        self.reset()

    # -- lifecycle ---------------------------------------------------------------------------------------------

    def start(self) -> FakeStripe:
        from .stripe_http import FakeStripeHTTPServer

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
            self._failures: list[_Failure] = []
            self._card_behaviour: dict[str, str] = {}
            self._line_items: dict[str, list[dict[str, Any]]] = {}
            self._checkout_options: dict[str, dict[str, Any]] = {}
            self._account_link_urls: dict[str, dict[str, str | None]] = {}

    # -- what tests read ---------------------------------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    def requests_to(self, method: str, path: str) -> list[RecordedRequest]:
        """Recorded requests for a method and a path (``fnmatch`` pattern: ``/v1/transfers/*/reversals``)."""
        return [r for r in self.requests if r.method == method and fnmatch.fnmatchcase(r.path, path)]

    def idempotency_keys(self, method: str, path: str) -> list[str | None]:
        return [r.idempotency_key for r in self.requests_to(method, path)]

    @property
    def events(self) -> list[dict[str, Any]]:
        with self._lock:
            return copy.deepcopy(self._events)

    def events_of_type(self, *types: str) -> list[dict[str, Any]]:
        return [event for event in self.events if event["type"] in types]

    def get(self, object_id: str) -> dict[str, Any]:
        """The current state of any object the fake holds, by id."""
        with self._lock:
            return copy.deepcopy(self._objects[object_id])

    def objects(self, object_name: str) -> list[dict[str, Any]]:
        with self._lock:
            return [copy.deepcopy(o) for o in self._objects.values() if o["object"] == object_name]

    def onboarding_urls(self, account_id: str) -> dict[str, str | None]:
        """The ``return_url`` and ``refresh_url`` of the account's latest Account Link."""
        with self._lock:
            return dict(self._account_link_urls.get(account_id, {"return_url": None, "refresh_url": None}))

    def signed_event(self, event: Mapping[str, Any], secret: str, timestamp: int | None = None) -> tuple[bytes, str]:
        """The body and ``Stripe-Signature`` header of a webhook delivery of ``event``."""
        payload = event_payload(event)
        return payload, sign_payload(payload, secret, timestamp)

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
            self._failures.append(_Failure(n, status, False, drop_connection, should_retry, method, path))

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
            self._failures.append(_Failure(n, status, True, drop_connection, None, method, path))

    def _take_failure(self, method: str, path: str, *, after_processing: bool) -> _Failure | None:
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
                    raise _injected_error(failure)
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
                status, payload = error.status, _json(error.body())
                if error.should_retry is not None:
                    response_headers["Stripe-Should-Retry"] = "true" if error.should_retry else "false"
            drop = failure is not None and failure.drop_connection
            after = None if failure is not None else self._take_failure(method, path, after_processing=True)
            if after is not None:
                drop = after.drop_connection
                status, payload = after.status, _json(_injected_error(after).body())
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
                self._context = _Context(method, path, params, account, request_id, idempotency_key)
                try:
                    return 200, _json(handler(**match.groupdict()))
                except _CardDeclined as declined:
                    return 402, _json(declined.error.body())
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

    # -- objects -----------------------------------------------------------------------------------------------

    def _now(self) -> int:
        return int(self.clock())

    def _base_url(self) -> str:
        return self._http.url if self._http is not None else "http://127.0.0.1:0"

    def _new(self, resource: str, prefix: str, *, account: str | None, **fields: Any) -> dict[str, Any]:
        obj = copy.deepcopy(self._fixtures[resource])
        unknown = set(fields) - set(obj)
        if unknown:
            raise AssertionError(f"{resource} has no field(s) {sorted(unknown)} in Stripe's fixture")
        object_id = new_id(prefix, 56 if prefix == "cs_test_" else 24)
        obj.update({"id": object_id, "created": self._now()})
        if "livemode" in obj:
            obj["livemode"] = False
        obj.update(fields)
        self._objects[object_id] = obj
        self._owner[object_id] = account
        return obj

    def _visible(self, object_id: str, account: str | None) -> bool:
        obj = self._objects.get(object_id)
        if obj is None:
            return False
        if obj["object"] == "account":
            return account is None or account == object_id
        return self._owner.get(object_id) == account

    def _find(self, object_name: str, object_id: str | None, account: str | None, *, param: str = "id"):
        obj = self._objects.get(object_id or "")
        if obj is None or obj["object"] != object_name or not self._visible(object_id, account):
            label = _LABELS.get(object_name, object_name)
            raise no_such(label, object_id, param=param, status=404 if param == "id" else 400)
        return obj

    def _require(self, object_name: str, object_id: str) -> dict[str, Any]:
        """For test controls: the object or a LookupError."""
        obj = self._objects.get(object_id)
        if obj is None or obj["object"] != object_name:
            raise LookupError(f"No such {object_name}: {object_id!r}")
        return obj

    def _emit(self, event_type: str, obj: Mapping[str, Any], *, account: str | None, previous=None):
        context = self._context
        data: dict[str, Any] = {"object": copy.deepcopy(obj)}
        if previous:
            data["previous_attributes"] = copy.deepcopy(previous)
        event = self._new(
            "event",
            "evt_",
            account=account,
            type=event_type,
            api_version=self.api_version,
            data=data,
            pending_webhooks=1,
            request={
                "id": context.request_id if context else None,
                "idempotency_key": context.idempotency_key if context else None,
            },
        )
        if account is not None:
            event["account"] = account
        self._events.append(event)
        return event

    def _balance_transaction(self, amount, currency, *, source, type_, category, account, description=None, fee=0):
        return self._new(
            "balance_transaction",
            "txn_",
            account=account,
            amount=amount,
            fee=fee,
            fee_details=[
                {
                    "amount": fee,
                    "application": None,
                    "currency": currency,
                    "description": "Dispute fee",
                    "type": "stripe_fee",
                }
            ]
            if fee
            else [],
            net=amount - fee,
            currency=currency,
            source=source,
            type=type_,
            reporting_category=category,
            description=description,
            status="available",
            available_on=self._now(),
            exchange_rate=None,
        )

    def _out(self, obj: Mapping[str, Any]) -> dict[str, Any]:
        """A snapshot of ``obj`` for a response, with the request's ``expand`` applied."""
        result = copy.deepcopy(dict(obj))
        context = self._context
        if context is not None:
            for path in read_expand(context.params):
                self._expand(result, path.split("."), path, context.account)
        return result

    def _expand(self, node: Any, parts: list[str], path: str, account: str | None) -> None:
        if isinstance(node, list):
            for item in node:
                self._expand(item, parts, path, account)
            return
        if not isinstance(node, dict):
            return
        key, rest = parts[0], parts[1:]
        if key == "line_items" and node.get("object") == "checkout.session":
            node[key] = self._line_items_list(node["id"])
        elif key not in node:
            raise invalid(f"This property cannot be expanded ({path}).", param="expand")
        elif isinstance(node[key], str):
            if not self._visible(node[key], account):
                raise invalid(f"This property cannot be expanded ({path}).", param="expand")
            node[key] = copy.deepcopy(self._objects[node[key]])
        if rest:
            self._expand(node[key], rest, path, account)

    def _retrieve(self, object_name: str):
        def retrieve(id: str) -> dict[str, Any]:
            context = self._context
            check_known(context.params, ())
            return self._out(self._find(object_name, id, context.account))

        return retrieve

    def _list(
        self, object_name: str, url: str, filters: Iterable[str] = (), *, known: Iterable[str] = (), where=None
    ) -> dict[str, Any]:
        """A list of ``object_name`` objects newest first, filtered on equal fields and paginated like Stripe's."""
        context = self._context
        params = context.params
        filters = tuple(filters)
        check_known(params, (*filters, *known, "limit", "starting_after", "ending_before", "created"))
        limit = read_int(params, "limit", minimum=1) or 10
        if limit > 100:
            raise invalid("This value must be less than or equal to 100.", param="limit")
        items = [
            obj
            for object_id, obj in reversed(self._objects.items())
            if obj["object"] == object_name
            and self._visible(object_id, context.account)
            and all(read_str(params, name) in (None, obj.get(name)) for name in filters)
            and _created_matches(obj, params.get("created"))
            and (where is None or where(obj))
        ]
        ids = [obj["id"] for obj in items]
        starting_after, ending_before = read_str(params, "starting_after"), read_str(params, "ending_before")
        for name, cursor in (("starting_after", starting_after), ("ending_before", ending_before)):
            if cursor is not None and cursor not in ids:
                raise no_such(_LABELS.get(object_name, object_name), cursor, param=name, status=400)
        if starting_after is not None:
            items = items[ids.index(starting_after) + 1 :]
            page, has_more = items[:limit], len(items) > limit
        elif ending_before is not None:
            items = items[: ids.index(ending_before)]
            page, has_more = items[-limit:], len(items) > limit
        else:
            page, has_more = items[:limit], len(items) > limit
        return self._out({"object": "list", "data": page, "has_more": has_more, "url": url})

    # -- accounts ----------------------------------------------------------------------------------------------

    def _create_account(self) -> dict[str, Any]:
        context = self._context
        params = context.params
        check_known(params, _PARAMS["create_account"])
        if context.account is not None:
            raise invalid("Connected accounts cannot create accounts.", param="type")
        account_type = read_str(params, "type", choices=("express", "standard", "custom"))
        if account_type is None and "controller" not in params:
            raise missing("type")
        country = (read_str(params, "country") or "US").upper()
        email = read_str(params, "email")
        if email is not None and "@" not in email:
            raise invalid("Invalid email address: " + email, param="email", code="email_invalid")
        capabilities = {}
        for name, options in check_known_nested(params, "capabilities", _CAPABILITIES).items():
            if not isinstance(options, dict) or set(options) != {"requested"}:
                raise invalid("Invalid object", param=f"capabilities[{name}]")
            if read_bool(options, "requested"):
                capabilities[name] = "inactive"
        business_profile = copy.deepcopy(self._fixtures["account"]["business_profile"])
        for key, value in check_known_nested(params, "business_profile", business_profile).items():
            business_profile[key] = value
        metadata = read_metadata(params)
        default_currency = read_currency(params, "default_currency", required=False)
        fixture = self._fixtures["account"]
        account = self._new(
            "account",
            "acct_",
            account=None,
            type=account_type or "standard",
            country=country,
            email=email,
            capabilities=capabilities,
            business_type=read_str(params, "business_type"),
            business_profile=business_profile,
            metadata=metadata,
            default_currency=default_currency or COUNTRY_CURRENCY.get(country, fixture["default_currency"]),
            charges_enabled=False,
            payouts_enabled=False,
            details_submitted=False,
            controller={"type": "application"} if account_type in ("express", "custom") else fixture["controller"],
        )
        account["external_accounts"]["url"] = f"/v1/accounts/{account['id']}/external_accounts"
        return self._out(account)

    def _list_accounts(self) -> dict[str, Any]:
        return self._list("account", "/v1/accounts")

    def _create_account_link(self) -> dict[str, Any]:
        params = self._context.params
        check_known(params, _PARAMS["create_account_link"])
        account_id = read_str(params, "account", required=True)
        read_str(params, "type", required=True, choices=("account_onboarding", "account_update"))
        refresh_url, return_url = read_url(params, "refresh_url"), read_url(params, "return_url")
        account = self._find("account", account_id, self._context.account, param="account")
        self._account_link_urls[account["id"]] = {"refresh_url": refresh_url, "return_url": return_url}
        now = self._now()
        link = copy.deepcopy(self._fixtures["account_link"])
        link.update(created=now, expires_at=now + 300, url=f"{self._base_url()}/_fake/onboarding/{account['id']}")
        return link

    def complete_onboarding(self, account_id: str) -> dict[str, Any]:
        """The connected account finished onboarding: details submitted, charges and payouts enabled."""
        return self.update_account(
            account_id, details_submitted=True, charges_enabled=True, payouts_enabled=True, requirements_due=[]
        )

    def update_account(
        self,
        account_id: str,
        *,
        details_submitted: bool | None = None,
        charges_enabled: bool | None = None,
        payouts_enabled: bool | None = None,
        requirements_due: list[str] | None = None,
    ) -> dict[str, Any]:
        """Change a connected account's state as Stripe would after a review; returns the ``account.updated`` event."""
        with self._lock:
            account = self._require("account", account_id)
            previous = {}
            for name, value in (
                ("details_submitted", details_submitted),
                ("charges_enabled", charges_enabled),
                ("payouts_enabled", payouts_enabled),
            ):
                if value is not None and account[name] != value:
                    previous[name] = account[name]
                    account[name] = value
            if requirements_due is not None:
                previous["requirements"] = copy.deepcopy(account["requirements"])
                account["requirements"].update(
                    currently_due=list(requirements_due),
                    eventually_due=list(requirements_due),
                    past_due=[],
                    disabled_reason="requirements.past_due" if requirements_due else None,
                )
            status = "active" if account["charges_enabled"] and account["payouts_enabled"] else "inactive"
            capabilities = account["capabilities"] or {"transfers": "inactive"}
            if any(value != status for value in capabilities.values()) or not account["capabilities"]:
                previous["capabilities"] = copy.deepcopy(account["capabilities"])
                account["capabilities"] = dict.fromkeys(capabilities, status)
            return self._emit("account.updated", account, account=account_id, previous=previous)

    # -- customers and payment methods -------------------------------------------------------------------------

    def _create_customer(self) -> dict[str, Any]:
        context = self._context
        params = context.params
        check_known(params, _PARAMS["create_customer"])
        email = read_str(params, "email")
        if email is not None and "@" not in email:
            raise invalid("Invalid email address: " + email, param="email", code="email_invalid")
        metadata, name = read_metadata(params), read_str(params, "name")
        description, phone = read_str(params, "description"), read_str(params, "phone")
        payment_method = None
        if read_str(params, "payment_method") is not None:
            payment_method = self._resolve_payment_method(params["payment_method"], context.account)
            if payment_method["customer"] is not None:
                raise invalid("The payment method is attached to another customer.", param="payment_method")
        locales = params.get("preferred_locales", [])
        customer = self._new(
            "customer",
            "cus_",
            account=context.account,
            email=email,
            name=name,
            description=description,
            phone=phone,
            metadata=metadata,
            preferred_locales=locales if isinstance(locales, list) else [],
            address=None,
            currency=None,
            discount=None,
            shipping=None,
            invoice_prefix=new_id("", 8).upper(),
        )
        self._emit("customer.created", customer, account=context.account)
        if payment_method is not None:
            self._attach(payment_method, customer)
        return self._out(customer)

    def _list_customers(self) -> dict[str, Any]:
        return self._list("customer", "/v1/customers", ("email",))

    def _new_payment_method(self, card: str, *, account: str | None, customer: dict | None = None):
        profile = CARDS[card]
        fixture_card = self._fixtures["payment_method"]["card"]
        payment_method = self._new(
            "payment_method",
            "pm_",
            account=account,
            customer=None,
            metadata={},
            billing_details={
                **self._fixtures["payment_method"]["billing_details"],
                "address": dict.fromkeys(self._fixtures["payment_method"]["billing_details"]["address"]),
                "email": customer["email"] if customer else None,
                "name": customer["name"] if customer else None,
                "phone": None,
            },
            card={
                **copy.deepcopy(fixture_card),
                "brand": profile["brand"],
                "display_brand": profile["brand"],
                "last4": profile["last4"],
                "fingerprint": new_id("", 16),
                "networks": {"available": [profile["brand"]], "preferred": None},
                "generated_from": None,
                "wallet": None,
            },
        )
        self._card_behaviour[payment_method["id"]] = profile["behaviour"]
        if customer is not None:
            self._attach(payment_method, customer)
        return payment_method

    def _attach(self, payment_method: dict[str, Any], customer: dict[str, Any]) -> None:
        payment_method["customer"] = customer["id"]
        self._emit("payment_method.attached", payment_method, account=self._owner[customer["id"]])

    def _resolve_payment_method(self, value: str, account: str | None, *, param="payment_method"):
        """An existing PaymentMethod, or a fresh one for one of Stripe's test ids such as ``pm_card_visa``."""
        if value in MAGIC_PAYMENT_METHODS:
            return self._new_payment_method(MAGIC_PAYMENT_METHODS[value], account=account)
        return self._find("payment_method", value, account, param=param)

    def add_payment_method(self, customer_id: str, card: str = "visa") -> dict[str, Any]:
        """Save a card on a customer (``card``: visa, mastercard, chargeDeclined, authenticationRequired)."""
        if card not in CARDS:
            raise ValueError(f"card must be one of {sorted(CARDS)}")
        with self._lock:
            customer = self._require("customer", customer_id)
            payment_method = self._new_payment_method(card, account=self._owner[customer_id], customer=customer)
            return copy.deepcopy(payment_method)

    def _detach_payment_method(self, id: str) -> dict[str, Any]:
        """As Stripe documents it: the PaymentMethod with its customer now null; an error for one
        that is not attached to a customer."""
        context = self._context
        check_known(context.params, ())
        method = self._find("payment_method", id, context.account)
        if method["customer"] is None:
            raise invalid("The payment method you provided is not attached to a customer so detachment is "
                          "impossible.", code="payment_method_unexpected_state")
        method["customer"] = None
        self._emit("payment_method.detached", method, account=context.account)
        return self._out(method)

    def _list_payment_methods(self) -> dict[str, Any]:
        context = self._context
        customer = read_str(context.params, "customer")
        if customer is not None:
            self._find("customer", customer, context.account, param="customer")
        read_str(context.params, "type", choices=("card", *_OTHER_PAYMENT_METHOD_TYPES))
        return self._list("payment_method", "/v1/payment_methods", ("customer", "type"))

    def _list_customer_payment_methods(self, id: str) -> dict[str, Any]:
        context = self._context
        self._find("customer", id, context.account)
        read_str(context.params, "type", choices=("card", *_OTHER_PAYMENT_METHOD_TYPES))
        return self._list(
            "payment_method",
            f"/v1/customers/{id}/payment_methods",
            ("type",),
            known=("allow_redisplay",),
            where=lambda pm: pm["customer"] == id,
        )

    # -- checkout ----------------------------------------------------------------------------------------------

    def _create_checkout_session(self) -> dict[str, Any]:
        context = self._context
        params = context.params
        check_known(params, _PARAMS["create_checkout_session"])
        mode = read_str(params, "mode", required=True, choices=("payment", "setup", "subscription"))
        if mode != "payment":
            raise invalid("The fake Stripe server supports only mode=payment.", param="mode")
        line_items, currency, total = self._read_line_items(params.get("line_items"))
        if total < MINIMUM_CHARGE.get(currency, 50):
            raise invalid(
                f"The Checkout Session's total amount due must add up to at least {MINIMUM_CHARGE.get(currency, 50)} "
                f"in the smallest unit of {currency}.",
                param="line_items",
                code="amount_too_small",
            )
        customer_id = read_str(params, "customer")
        if customer_id is not None:
            self._find("customer", customer_id, context.account, param="customer")
        customer_email = read_str(params, "customer_email")
        if customer_id and customer_email:
            raise invalid("You may only specify one of these parameters: customer, customer_email.", param="customer")
        intent_data = check_known_nested(params, "payment_intent_data", _PARAMS["payment_intent_data"])
        setup_future_usage = read_str(
            intent_data,
            "setup_future_usage",
            choices=("on_session", "off_session"),
            label="payment_intent_data[setup_future_usage]",
        )
        options = {
            "transfer_group": read_str(intent_data, "transfer_group", label="payment_intent_data[transfer_group]"),
            "metadata": read_metadata(intent_data, label="payment_intent_data[metadata]"),
            "description": read_str(intent_data, "description", label="payment_intent_data[description]"),
            "setup_future_usage": setup_future_usage,
        }
        if read_str(intent_data, "capture_method", label="payment_intent_data[capture_method]") == "manual":
            raise invalid("The fake Stripe server does not support manual capture.", param="payment_intent_data")
        success_url = read_url(params, "success_url")
        cancel_url = read_url(params, "cancel_url")
        fixture = self._fixtures["checkout.session"]
        now = self._now()
        session = self._new(
            "checkout.session",
            "cs_test_",
            account=context.account,
            mode="payment",
            status="open",
            payment_status="unpaid",
            amount_subtotal=total,
            amount_total=total,
            currency=currency,
            customer=customer_id,
            customer_email=customer_email,
            customer_creation=None if customer_id else "if_required",
            customer_details=None,
            client_reference_id=read_str(params, "client_reference_id"),
            metadata=read_metadata(params),
            success_url=success_url,
            cancel_url=cancel_url,
            expires_at=now + 24 * 3600,
            locale=read_str(params, "locale"),
            payment_intent=None,
            payment_method_types=["card"],
            after_expiration=None,
            automatic_tax={**fixture["automatic_tax"], "enabled": False, "liability": None},
            consent=None,
            consent_collection=None,
            custom_text=dict.fromkeys(fixture["custom_text"]),
            invoice_creation={**fixture["invoice_creation"], "enabled": False},
            payment_method_collection="if_required",
            payment_method_configuration_details=None,
            saved_payment_method_options=None,
            shipping_address_collection=None,
            shipping_cost=None,
            total_details={"amount_discount": 0, "amount_shipping": 0, "amount_tax": 0},
            ui_mode="hosted",
            adaptive_pricing={"enabled": False},
            discounts=[],
            collected_information=None,
            permissions=None,
            wallet_options=None,
            currency_conversion=None,
            managed_payments={"enabled": False},
        )
        session["url"] = f"{self._base_url()}/_fake/checkout/{session['id']}"
        self._line_items[session["id"]] = line_items
        self._checkout_options[session["id"]] = options
        return self._out(session)

    def _read_line_items(self, items: Any) -> tuple[list[dict[str, Any]], str, int]:
        if not items:
            raise missing("line_items")
        if not isinstance(items, list):
            raise invalid("Invalid array", param="line_items")
        result, currencies, total = [], set(), 0
        for index, item in enumerate(items):
            label = f"line_items[{index}]"
            if not isinstance(item, dict):
                raise invalid("Invalid object", param=label)
            for key in item:
                if key not in (
                    "price",
                    "price_data",
                    "quantity",
                    "adjustable_quantity",
                    "dynamic_tax_rates",
                    "tax_rates",
                ):
                    raise invalid(
                        f"Received unknown parameter: {label}[{key}]", param=f"{label}[{key}]", code="parameter_unknown"
                    )
            if "price" in item:
                raise invalid("The fake Stripe server supports only price_data.", param=f"{label}[price]")
            price_data = item.get("price_data")
            if not isinstance(price_data, dict):
                raise missing(f"{label}[price_data]")
            prefix = f"{label}[price_data]"
            check_known_nested(
                item,
                "price_data",
                (
                    "currency",
                    "unit_amount",
                    "unit_amount_decimal",
                    "product",
                    "product_data",
                    "tax_behavior",
                    "recurring",
                ),
            )
            currency = read_currency(price_data, label=f"{prefix}[currency]")
            unit_amount = read_int(price_data, "unit_amount", required=True, minimum=0, label=f"{prefix}[unit_amount]")
            product_data = price_data.get("product_data")
            if "product" not in price_data and not (isinstance(product_data, dict) and product_data.get("name")):
                raise missing(f"{prefix}[product_data][name]")
            quantity = read_int(item, "quantity", required=True, minimum=1, label=f"{label}[quantity]")
            currencies.add(currency)
            total += unit_amount * quantity
            name = product_data.get("name") if isinstance(product_data, dict) else price_data["product"]
            result.append(
                {
                    "id": new_id("li_"),
                    "object": "item",
                    "amount_subtotal": unit_amount * quantity,
                    "amount_total": unit_amount * quantity,
                    "amount_discount": 0,
                    "amount_tax": 0,
                    "currency": currency,
                    "description": name,
                    "quantity": quantity,
                    "price": {"object": "price", "currency": currency, "unit_amount": unit_amount, "type": "one_time"},
                }
            )
        if len(currencies) > 1:
            raise invalid("All line items must have the same currency.", param="line_items")
        return result, currencies.pop(), total

    def _line_items_list(self, session_id: str) -> dict[str, Any]:
        return {
            "object": "list",
            "data": copy.deepcopy(self._line_items[session_id]),
            "has_more": False,
            "url": f"/v1/checkout/sessions/{session_id}/line_items",
        }

    def _list_line_items(self, id: str) -> dict[str, Any]:
        context = self._context
        check_known(context.params, ("limit", "starting_after", "ending_before"))
        self._find("checkout.session", id, context.account)
        return self._out(self._line_items_list(id))

    def _list_checkout_sessions(self) -> dict[str, Any]:
        return self._list("checkout.session", "/v1/checkout/sessions", ("customer", "payment_intent", "status"))

    def complete_checkout(self, session_id: str, outcome: str = "paid") -> list[dict[str, Any]]:
        """The customer finishes (``paid``), is declined (``failed``) or abandons (``expired``) a Checkout Session.

        Creates what Stripe creates (customer if needed, payment method, payment intent, charge) and returns the
        events, in order.
        """
        if outcome not in ("paid", "failed", "expired"):
            raise ValueError("outcome must be 'paid', 'failed' or 'expired'")
        with self._lock:
            session = self._require("checkout.session", session_id)
            if session["status"] != "open":
                raise ValueError(f"Checkout Session {session_id} is {session['status']}, not open")
            account = self._owner[session_id]
            first_event = len(self._events)
            if outcome == "expired":
                session["status"] = "expired"
                self._emit("checkout.session.expired", session, account=account)
                return copy.deepcopy(self._events[first_event:])
            options = self._checkout_options[session_id]
            customer = self._objects[session["customer"]] if session["customer"] else None
            if customer is None and options["setup_future_usage"] and outcome == "paid":
                customer = self._new(
                    "customer",
                    "cus_",
                    account=account,
                    email=session["customer_email"],
                    metadata={},
                    address=None,
                    currency=None,
                    discount=None,
                    shipping=None,
                    invoice_prefix=new_id("", 8).upper(),
                )
                self._emit("customer.created", customer, account=account)
                session["customer"] = customer["id"]
            card = "visa" if outcome == "paid" else "chargeDeclined"
            payment_method = self._new_payment_method(card, account=account)
            intent = self._new_intent(
                amount=session["amount_total"],
                currency=session["currency"],
                customer=customer["id"] if customer else None,
                account=account,
                **options,
            )
            session["payment_intent"] = intent["id"]
            succeeded = self._pay(intent, payment_method, off_session=False)
            if succeeded:
                session.update(
                    status="complete",
                    payment_status="paid",
                    customer_details={
                        **self._fixtures["checkout.session"]["customer_details"],
                        "address": None,
                        "email": customer["email"] if customer else session["customer_email"],
                        "name": customer["name"] if customer else None,
                    },
                )
                self._emit("checkout.session.completed", session, account=account)
            return copy.deepcopy(self._events[first_event:])

    # -- payment intents and charges ---------------------------------------------------------------------------

    def _create_payment_intent(self) -> dict[str, Any]:
        context = self._context
        params = context.params
        check_known(params, _PARAMS["create_payment_intent"])
        amount = read_int(params, "amount", required=True)
        currency = read_currency(params)
        minimum = MINIMUM_CHARGE.get(currency, 50)
        if amount < minimum:
            raise invalid(
                f"Amount must be at least {minimum} in the smallest unit of {currency}.",
                param="amount",
                code="amount_too_small",
            )
        customer_id = read_str(params, "customer")
        if customer_id is not None:
            self._find("customer", customer_id, context.account, param="customer")
        confirm = read_bool(params, "confirm")
        off_session = params.get("off_session")
        if off_session not in (None, "", "true", "false", "one_off", "recurring"):
            raise invalid(f"Invalid off_session: {off_session}", param="off_session")
        off_session = off_session not in (None, "", "false")
        if off_session and not confirm:
            raise invalid("off_session can only be used when confirm=true.", param="off_session")
        capture_method = read_str(params, "capture_method", choices=("automatic", "automatic_async", "manual"))
        if capture_method == "manual":
            raise invalid("The fake Stripe server does not support manual capture.", param="capture_method")
        setup_future_usage = read_str(params, "setup_future_usage", choices=("on_session", "off_session"))
        payment_method_id = read_str(params, "payment_method")
        if payment_method_id is None and confirm:
            raise invalid(
                "You cannot confirm this PaymentIntent because it's missing a payment method.",
                param="payment_method",
                code="payment_intent_unexpected_state",
            )
        metadata = read_metadata(params)
        payment_method = None
        if payment_method_id is not None:
            payment_method = self._check_payment_method(payment_method_id, customer_id, context.account)
        intent = self._new_intent(
            amount=amount,
            currency=currency,
            customer=customer_id,
            account=context.account,
            transfer_group=read_str(params, "transfer_group"),
            metadata=metadata,
            description=read_str(params, "description"),
            setup_future_usage=setup_future_usage,
            receipt_email=read_str(params, "receipt_email"),
        )
        if payment_method is not None:
            intent.update(payment_method=payment_method["id"], status="requires_confirmation")
        if confirm:
            self._confirm(intent, payment_method, off_session=off_session)
        return self._out(intent)

    def _check_payment_method(self, value: str, customer_id: str | None, account: str | None) -> dict[str, Any]:
        if value not in MAGIC_PAYMENT_METHODS:
            existing = self._find("payment_method", value, account, param="payment_method")
            if existing["customer"] is not None and existing["customer"] != customer_id:
                if customer_id is None:
                    raise invalid(
                        "The provided PaymentMethod belongs to a Customer. Please include the Customer in the "
                        "`customer` parameter on the PaymentIntent.",
                        param="customer",
                    )
                raise invalid(
                    f"The provided PaymentMethod {value} does not belong to Customer {customer_id}.",
                    param="payment_method",
                )
        return self._resolve_payment_method(value, account)

    def _confirm_payment_intent(self, id: str) -> dict[str, Any]:
        context = self._context
        params = context.params
        check_known(params, _PARAMS["confirm_payment_intent"])
        intent = self._find("payment_intent", id, context.account)
        if intent["status"] not in ("requires_payment_method", "requires_confirmation"):
            raise invalid(
                f"This PaymentIntent's status is {intent['status']}, so it cannot be confirmed.",
                param="payment_intent",
                code="payment_intent_unexpected_state",
            )
        value = read_str(params, "payment_method") or intent["payment_method"]
        if value is None:
            raise invalid(
                "You cannot confirm this PaymentIntent because it's missing a payment method.",
                param="payment_method",
                code="payment_intent_unexpected_state",
            )
        off_session = params.get("off_session") not in (None, "", "false")
        payment_method = self._check_payment_method(value, intent["customer"], context.account)
        self._confirm(intent, payment_method, off_session=off_session)
        return self._out(intent)

    def _new_intent(self, *, amount, currency, customer, account, **fields) -> dict[str, Any]:
        intent = self._new(
            "payment_intent",
            "pi_",
            account=account,
            amount=amount,
            currency=currency,
            customer=customer,
            status="requires_payment_method",
            amount_received=0,
            amount_capturable=0,
            canceled_at=None,
            last_payment_error=None,
            latest_charge=None,
            next_action=None,
            payment_method=None,
            payment_method_configuration_details=None,
            processing=None,
            shipping=None,
            transfer_data=None,
            managed_payments={"enabled": False},
            **fields,
        )
        intent["client_secret"] = f"{intent['id']}_secret_{new_id('', 25)}"
        self._emit("payment_intent.created", intent, account=account)
        return intent

    def _confirm(self, intent: dict[str, Any], payment_method: dict[str, Any], *, off_session: bool) -> None:
        if not self._pay(intent, payment_method, off_session=off_session) and intent["last_payment_error"]:
            error = dict(intent["last_payment_error"])
            raise _CardDeclined(
                StripeError(
                    402,
                    "card_error",
                    error["message"],
                    code=error["code"],
                    extra={
                        "decline_code": error["decline_code"],
                        "charge": error["charge"],
                        "payment_intent": copy.deepcopy(intent),
                        "payment_method": copy.deepcopy(payment_method),
                    },
                )
            )

    def _pay(self, intent: dict[str, Any], payment_method: dict[str, Any], *, off_session: bool) -> bool:
        """Charge ``payment_method`` for ``intent``, as the card's test behaviour says; True when it succeeded."""
        account = self._owner[intent["id"]]
        behaviour = self._card_behaviour.get(payment_method["id"], "succeed")
        intent["payment_method"] = payment_method["id"]
        if behaviour == "authentication_required" and not off_session:
            intent.update(status="requires_action", next_action={"type": "use_stripe_sdk", "use_stripe_sdk": {}})
            self._emit("payment_intent.requires_action", intent, account=account)
            return False
        succeeded = behaviour == "succeed"
        charge = self._new_charge(intent, payment_method, succeeded=succeeded, decline=behaviour)
        intent["latest_charge"] = charge["id"]
        if succeeded:
            intent.update(status="succeeded", amount_received=intent["amount"])
            if intent["setup_future_usage"] and intent["customer"] and payment_method["customer"] is None:
                self._attach(payment_method, self._objects[intent["customer"]])
            self._emit("charge.succeeded", charge, account=account)
            self._emit("payment_intent.succeeded", intent, account=account)
            return True
        intent.update(
            status="requires_payment_method",
            last_payment_error={
                "type": "card_error",
                "code": charge["failure_code"],
                "decline_code": "generic_decline" if behaviour == "decline" else "authentication_required",
                "message": charge["failure_message"],
                "charge": charge["id"],
                "doc_url": "https://stripe.com/docs/error-codes/" + charge["failure_code"],
                "payment_method": copy.deepcopy(payment_method),
            },
        )
        self._emit("charge.failed", charge, account=account)
        self._emit("payment_intent.payment_failed", intent, account=account)
        return False

    def _new_charge(self, intent, payment_method, *, succeeded: bool, decline: str) -> dict[str, Any]:
        account = self._owner[intent["id"]]
        fixture = self._fixtures["charge"]
        card = copy.deepcopy(fixture["payment_method_details"]["card"])
        card.update(
            {key: payment_method["card"][key] for key in ("brand", "last4", "exp_month", "exp_year", "fingerprint")},
            network=payment_method["card"]["brand"],
            wallet=None,
        )
        card["overcapture"]["maximum_amount_capturable"] = intent["amount"]
        code = None if succeeded else ("card_declined" if decline == "decline" else "authentication_required")
        message = {
            None: None,
            "card_declined": "Your card was declined.",
            "authentication_required": "Your card was declined. This transaction requires authentication.",
        }[code]
        charge = self._new(
            "charge",
            "ch_",
            account=account,
            amount=intent["amount"],
            amount_captured=intent["amount"] if succeeded else 0,
            amount_refunded=0,
            balance_transaction=None,
            billing_details=copy.deepcopy(payment_method["billing_details"]),
            captured=succeeded,
            currency=intent["currency"],
            customer=intent["customer"],
            description=intent["description"],
            disputed=False,
            failure_code=code,
            failure_message=message,
            metadata=copy.deepcopy(intent["metadata"]),
            outcome={
                **fixture["outcome"],
                "network_status": "approved_by_network" if succeeded else "declined_by_network",
                "reason": None if succeeded else "generic_decline",
                "seller_message": "Payment complete." if succeeded else "The bank did not return any further details.",
                "type": "authorized" if succeeded else "issuer_declined",
            },
            paid=succeeded,
            payment_intent=intent["id"],
            payment_method=payment_method["id"],
            payment_method_details={"card": card, "type": "card"},
            receipt_email=intent["receipt_email"],
            refunded=False,
            review=None,
            shipping=None,
            source=None,
            status="succeeded" if succeeded else "failed",
            transfer_data=None,
            transfer_group=intent["transfer_group"],
        )
        charge["refunds"]["url"] = f"/v1/charges/{charge['id']}/refunds"
        charge["receipt_url"] = f"{self._base_url()}/_fake/receipts/{charge['id']}"
        if succeeded:
            txn = self._balance_transaction(
                charge["amount"],
                charge["currency"],
                source=charge["id"],
                type_="charge",
                category="charge",
                account=account,
                description=charge["description"],
            )
            charge["balance_transaction"] = txn["id"]
        return charge

    def _list_payment_intents(self) -> dict[str, Any]:
        return self._list("payment_intent", "/v1/payment_intents", ("customer",))

    def _list_charges(self) -> dict[str, Any]:
        return self._list("charge", "/v1/charges", ("customer", "payment_intent", "transfer_group"))

    # -- transfers and reversals -------------------------------------------------------------------------------

    def _create_transfer(self) -> dict[str, Any]:
        context = self._context
        params = context.params
        check_known(params, _PARAMS["create_transfer"])
        amount = read_int(params, "amount", required=True, minimum=1)
        currency = read_currency(params)
        destination_id = read_str(params, "destination", required=True)
        metadata = read_metadata(params)
        destination = self._objects.get(destination_id)
        if destination is None or destination["object"] != "account" or destination_id == context.account:
            raise invalid(f"No such destination: '{destination_id}'", param="destination", code="resource_missing")
        if not destination["payouts_enabled"] or destination["capabilities"].get("transfers") != "active":
            raise invalid(
                "Your destination account needs to have at least one of the following capabilities enabled: "
                "transfers, crypto_transfers, legacy_payments",
                param="destination",
                code="insufficient_capabilities_for_transfer",
            )
        source_id = read_str(params, "source_transaction")
        if source_id is not None:
            charge = self._find("charge", source_id, context.account, param="source_transaction")
            if charge["status"] != "succeeded":
                raise invalid(f"The source_transaction {source_id} has not succeeded.", param="source_transaction")
            if charge["currency"] != currency:
                raise invalid(
                    f"The currency of source_transaction's balance transaction ({charge['currency']}) must be the "
                    f"same as the transfer currency ({currency})",
                    param="currency",
                )
            already = sum(
                t["amount"]
                for t in self._objects.values()
                if t["object"] == "transfer" and t["source_transaction"] == source_id
            )
            left = charge["amount"] - charge["amount_refunded"] - already
            if amount > left:
                raise invalid(
                    f"The transfer amount ({amount}) exceeds what is left of source_transaction {source_id} "
                    f"after earlier transfers and refunds ({left}).",
                    param="amount",
                    code="amount_too_large",
                )
        transfer = self._new(
            "transfer",
            "tr_",
            account=context.account,
            amount=amount,
            amount_reversed=0,
            currency=currency,
            description=read_str(params, "description"),
            destination=destination_id,
            destination_payment=new_id("py_"),
            metadata=metadata,
            reversed=False,
            source_transaction=source_id,
            source_type=read_str(params, "source_type") or "card",
            transfer_group=read_str(params, "transfer_group"),
        )
        transfer["reversals"]["url"] = f"/v1/transfers/{transfer['id']}/reversals"
        txn = self._balance_transaction(
            -amount, currency, source=transfer["id"], type_="transfer", category="transfer", account=context.account
        )
        transfer["balance_transaction"] = txn["id"]
        self._emit("transfer.created", transfer, account=context.account)
        return self._out(transfer)

    def _list_transfers(self) -> dict[str, Any]:
        return self._list("transfer", "/v1/transfers", ("destination", "transfer_group"))

    def _create_reversal(self, id: str) -> dict[str, Any]:
        context = self._context
        params = context.params
        check_known(params, _PARAMS["create_reversal"])
        transfer = self._find("transfer", id, context.account)
        left = transfer["amount"] - transfer["amount_reversed"]
        amount = read_int(params, "amount", minimum=1)
        metadata = read_metadata(params)
        if left == 0:
            raise invalid(f"Transfer {id} has already been fully reversed.", param="amount", code="amount_too_large")
        if amount is None:
            amount = left
        if amount > left:
            raise invalid(
                f"Transfer reversal amount ({amount}) is greater than the amount left on the transfer ({left}).",
                param="amount",
                code="amount_too_large",
            )
        reversal = self._new(
            "transfer_reversal",
            "trr_",
            account=context.account,
            amount=amount,
            currency=transfer["currency"],
            metadata=metadata,
            transfer=transfer["id"],
            destination_payment_refund=new_id("pyr_"),
            source_refund=None,
        )
        txn = self._balance_transaction(
            amount,
            transfer["currency"],
            source=reversal["id"],
            type_="transfer_refund",
            category="transfer_reversal",
            account=context.account,
        )
        reversal["balance_transaction"] = txn["id"]
        previous = {
            "amount_reversed": transfer["amount_reversed"],
            "reversed": transfer["reversed"],
            "reversals": copy.deepcopy(transfer["reversals"]),
        }
        transfer["amount_reversed"] += amount
        transfer["reversed"] = transfer["amount_reversed"] == transfer["amount"]
        transfer["reversals"]["data"].insert(0, copy.deepcopy(reversal))
        transfer["reversals"]["data"] = transfer["reversals"]["data"][:10]
        self._emit("transfer.reversed", transfer, account=context.account, previous=previous)
        return self._out(reversal)

    def _list_reversals(self, id: str) -> dict[str, Any]:
        self._find("transfer", id, self._context.account)
        return self._list("transfer_reversal", f"/v1/transfers/{id}/reversals", where=lambda r: r["transfer"] == id)

    def _retrieve_reversal(self, transfer: str, id: str) -> dict[str, Any]:
        check_known(self._context.params, ())
        self._find("transfer", transfer, self._context.account)
        reversal = self._find("transfer_reversal", id, self._context.account)
        if reversal["transfer"] != transfer:
            raise no_such("transfer_reversal", id)
        return self._out(reversal)

    # -- refunds -----------------------------------------------------------------------------------------------

    def _create_refund(self) -> dict[str, Any]:
        context = self._context
        params = context.params
        check_known(params, _PARAMS["create_refund"])
        intent_id, charge_id = read_str(params, "payment_intent"), read_str(params, "charge")
        if intent_id is None and charge_id is None:
            raise invalid(
                "One of the following params should be provided for this request: payment_intent or charge.",
                param="charge",
                code="parameter_missing",
            )
        if intent_id is not None:
            intent = self._find("payment_intent", intent_id, context.account, param="payment_intent")
            if intent["status"] != "succeeded":
                raise invalid("This PaymentIntent does not have a successful charge to refund.", param="payment_intent")
            if charge_id is not None and charge_id != intent["latest_charge"]:
                raise invalid(f"Charge {charge_id} does not belong to PaymentIntent {intent_id}.", param="charge")
            charge_id = intent["latest_charge"]
        charge = self._find("charge", charge_id, context.account, param="charge")
        if charge["status"] != "succeeded":
            raise invalid(f"Charge {charge_id} has not succeeded, so it cannot be refunded.", param="charge")
        reason = read_str(params, "reason", choices=("duplicate", "fraudulent", "requested_by_customer"))
        metadata = read_metadata(params)
        if read_bool(params, "reverse_transfer") or read_bool(params, "refund_application_fee"):
            raise invalid(
                "The fake Stripe server models separate charges and transfers only; reverse the "
                "transfer with POST /v1/transfers/{id}/reversals.",
                param="reverse_transfer",
            )
        if charge["disputed"]:
            raise invalid(
                f"Charge {charge_id} has been charged back; cannot issue a refund.",
                param="charge",
                code="charge_disputed",
            )
        left = charge["amount"] - charge["amount_refunded"]
        if left == 0:
            raise invalid(
                f"Charge {charge_id} has already been refunded.", param="charge", code="charge_already_refunded"
            )
        amount = read_int(params, "amount", minimum=1)
        if amount is None:
            amount = left
        if amount > left:
            raise invalid(
                f"Refund amount ({amount}) is greater than unrefunded amount on charge ({left})",
                param="amount",
                code="amount_too_large",
            )
        refund = self._new(
            "refund",
            "re_",
            account=context.account,
            amount=amount,
            charge=charge_id,
            currency=charge["currency"],
            metadata=metadata,
            payment_intent=charge["payment_intent"],
            reason=reason,
            status="succeeded",
            customer=charge["customer"],
            payment_method=charge["payment_method"],
        )
        txn = self._balance_transaction(
            -amount,
            charge["currency"],
            source=refund["id"],
            type_="refund",
            category="refund",
            account=context.account,
        )
        refund["balance_transaction"] = txn["id"]
        previous = {
            "amount_refunded": charge["amount_refunded"],
            "refunded": charge["refunded"],
            "refunds": copy.deepcopy(charge["refunds"]),
        }
        charge["amount_refunded"] += amount
        charge["refunded"] = charge["amount_refunded"] == charge["amount"]
        charge["refunds"]["data"].insert(0, copy.deepcopy(refund))
        charge["refunds"]["data"] = charge["refunds"]["data"][:10]
        self._emit("refund.created", refund, account=context.account)
        self._emit("charge.refunded", charge, account=context.account, previous=previous)
        return self._out(refund)

    def _list_refunds(self) -> dict[str, Any]:
        return self._list("refund", "/v1/refunds", ("payment_intent", "charge"))

    # -- disputes ----------------------------------------------------------------------------------------------

    def open_dispute(
        self, charge_id: str, amount: int | None = None, reason: str = "fraudulent", *, fee: int = 0
    ) -> dict[str, Any]:
        """The cardholder disputes a charge (a chargeback): the funds are withdrawn; returns the dispute."""
        with self._lock:
            charge = self._require("charge", charge_id)
            if charge["status"] != "succeeded":
                raise ValueError(f"Charge {charge_id} has not succeeded")
            if charge["disputed"]:
                raise ValueError(f"Charge {charge_id} is already disputed")
            amount = charge["amount"] - charge["amount_refunded"] if amount is None else amount
            if not 0 < amount <= charge["amount"]:
                raise ValueError(f"A dispute amount must be between 1 and {charge['amount']}")
            account = self._owner[charge_id]
            fixture = self._fixtures["dispute"]
            now = self._now()
            dispute = self._new(
                "dispute",
                "dp_",
                account=account,
                amount=amount,
                charge=charge_id,
                currency=charge["currency"],
                payment_intent=charge["payment_intent"],
                reason=reason,
                status="needs_response",
                is_charge_refundable=False,
                metadata={},
                evidence_details={**fixture["evidence_details"], "due_by": now + 7 * 24 * 3600},
                payment_method_details={
                    "card": {
                        **fixture["payment_method_details"]["card"],
                        "brand": charge["payment_method_details"]["card"]["brand"],
                        "network": charge["payment_method_details"]["card"]["brand"],
                        "case_type": "chargeback",
                    },
                    "type": "card",
                },
                enhanced_eligibility_types=[],
            )
            withdrawal = self._balance_transaction(
                -amount,
                charge["currency"],
                source=dispute["id"],
                type_="adjustment",
                category="dispute",
                account=account,
                description=f"Chargeback withdrawal for {charge_id}",
                fee=fee,
            )
            dispute["balance_transactions"] = [copy.deepcopy(withdrawal)]
            charge["disputed"] = True
            self._emit("charge.dispute.created", dispute, account=account)
            self._emit("charge.dispute.funds_withdrawn", dispute, account=account)
            return copy.deepcopy(dispute)

    def close_dispute(self, dispute_id: str, status: str = "lost") -> dict[str, Any]:
        """The card network decides (``won`` returns the funds); returns the ``charge.dispute.closed`` event."""
        if status not in ("won", "lost"):
            raise ValueError("status must be 'won' or 'lost'")
        with self._lock:
            dispute = self._require("dispute", dispute_id)
            if dispute["status"] in ("won", "lost"):
                raise ValueError(f"Dispute {dispute_id} is already {dispute['status']}")
            account = self._owner[dispute_id]
            previous = {"status": dispute["status"]}
            dispute["status"] = status
            if status == "won":
                reinstated = self._balance_transaction(
                    dispute["amount"],
                    dispute["currency"],
                    source=dispute_id,
                    type_="adjustment",
                    category="dispute_reversal",
                    account=account,
                    description=f"Chargeback reversal for {dispute['charge']}",
                )
                dispute["balance_transactions"].append(copy.deepcopy(reinstated))
                self._emit("charge.dispute.funds_reinstated", dispute, account=account)
            return self._emit("charge.dispute.closed", dispute, account=account, previous=previous)

    def _list_disputes(self) -> dict[str, Any]:
        return self._list("dispute", "/v1/disputes", ("charge", "payment_intent"))

    def _list_events(self) -> dict[str, Any]:
        types = self._context.params.get("types")
        if types is not None and not isinstance(types, list):
            raise invalid("Invalid array", param="types")
        return self._list(
            "event", "/v1/events", ("type",), known=("types",), where=lambda e: types is None or e["type"] in types
        )


class _CardDeclined(Exception):
    """A card error raised after the state change was made: Stripe keeps the failed charge and intent."""

    def __init__(self, error: StripeError):
        super().__init__(error.message)
        self.error = error


def _injected_error(failure: _Failure) -> StripeError:
    if failure.status == 409:
        return StripeError(
            409,
            "invalid_request_error",
            "A conflicting request is in progress.",
            code="lock_timeout",
            should_retry=failure.should_retry,
        )
    if failure.status == 429:
        return StripeError(
            429, "invalid_request_error", "Too many requests.", code="rate_limit", should_retry=failure.should_retry
        )
    return StripeError(
        failure.status,
        "api_error",
        "An unexpected error occurred (injected by FakeStripe).",
        should_retry=failure.should_retry,
    )


def _json(body: Mapping[str, Any]) -> bytes:
    return json.dumps(body).encode()


def _created_matches(obj: Mapping[str, Any], created: Any) -> bool:
    if created is None or created == "":
        return True
    if isinstance(created, str):
        return str(obj["created"]) == created
    if not isinstance(created, dict):
        raise invalid("Invalid created filter", param="created")
    checks = {"gt": int.__gt__, "gte": int.__ge__, "lt": int.__lt__, "lte": int.__le__}
    for name in created:
        if name not in checks:
            raise invalid(f"Received unknown parameter: created[{name}]", param=f"created[{name}]")
        if not checks[name](obj["created"], read_int(created, name, label=f"created[{name}]")):
            return False
    return True


_CAPABILITIES = ("card_payments", "transfers", "sepa_debit_payments", "klarna_payments", "link_payments")
_OTHER_PAYMENT_METHOD_TYPES = ("sepa_debit", "klarna", "link", "us_bank_account")

# The parameters each endpoint accepts, as in Stripe's API reference; anything else is refused like Stripe does.
_PARAMS = {
    "create_account": """
        type country email capabilities business_type business_profile metadata controller company
        individual default_currency settings tos_acceptance external_account documents account_token groups
    """.split(),
    "create_account_link": """
        account type refresh_url return_url collect collection_options
    """.split(),
    "create_customer": """
        email name description metadata phone address payment_method invoice_settings preferred_locales
        shipping tax_exempt invoice_prefix balance tax tax_id_data test_clock next_invoice_sequence source
    """.split(),
    "confirm_payment_intent": """
        payment_method off_session return_url setup_future_usage payment_method_options receipt_email
        mandate_data error_on_requires_action
    """.split(),
    "create_transfer": """
        amount currency destination source_transaction transfer_group metadata description source_type
    """.split(),
    "create_reversal": """
        amount metadata description refund_application_fee
    """.split(),
    "create_refund": """
        payment_intent charge amount reason metadata refund_application_fee reverse_transfer
        instructions_email origin currency customer
    """.split(),
    "payment_intent_data": """
        transfer_group metadata setup_future_usage description capture_method receipt_email
        statement_descriptor statement_descriptor_suffix shipping on_behalf_of transfer_data
        application_fee_amount
    """.split(),
    "create_checkout_session": """
        mode line_items customer customer_email client_reference_id metadata payment_intent_data success_url
        cancel_url return_url payment_method_types currency locale expires_at customer_creation
        customer_update saved_payment_method_options submit_type ui_mode allow_promotion_codes
        billing_address_collection consent_collection custom_text custom_fields invoice_creation
        payment_method_collection payment_method_options phone_number_collection automatic_tax discounts
        after_expiration tax_id_collection shipping_address_collection shipping_options
        redirect_on_completion adaptive_pricing wallet_options payment_method_configuration
    """.split(),
    "create_payment_intent": """
        amount currency customer payment_method confirm off_session transfer_group metadata description
        receipt_email setup_future_usage payment_method_types automatic_payment_methods capture_method
        statement_descriptor statement_descriptor_suffix return_url error_on_requires_action
        confirmation_method shipping payment_method_options use_stripe_sdk radar_options mandate_data
        payment_method_data payment_method_configuration on_behalf_of application_fee_amount transfer_data
    """.split(),
}
