"""Stripe's wire format for the fake server: form parsing, parameter checks, errors, ids, webhook signatures.

Plain Python with no dependency on the ``stripe`` library, so that the tests that use the library check the
fake from the outside.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
import string
import time
from collections.abc import Iterable, Mapping
from typing import Any

DOCS = "https://stripe.com/docs/error-codes/"
_BASE62 = string.ascii_letters + string.digits


def new_id(prefix: str, length: int = 24) -> str:
    return prefix + "".join(secrets.choice(_BASE62) for _ in range(length))


class StripeError(Exception):
    """An error answered in Stripe's shape: ``{"error": {"type", "code", "message", "param", "doc_url"}}``."""

    def __init__(
        self,
        status: int,
        type_: str,
        message: str,
        *,
        code: str | None = None,
        param: str | None = None,
        extra: Mapping[str, Any] | None = None,
        should_retry: bool | None = None,
    ):
        super().__init__(message)
        self.status = status
        self.type = type_
        self.message = message
        self.code = code
        self.param = param
        self.extra = dict(extra or {})
        self.should_retry = should_retry

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {"type": self.type, "code": self.code, "message": self.message, "param": self.param}
        if self.code:
            error["doc_url"] = DOCS + self.code
        error.update(self.extra)
        return {"error": error}


def invalid(message: str, *, param: str | None = None, code: str | None = None) -> StripeError:
    return StripeError(400, "invalid_request_error", message, code=code, param=param)


def no_such(kind: str, object_id: str, *, param: str = "id", status: int = 404) -> StripeError:
    """Stripe answers 404 for a missing object in the URL and 400 for one named in a parameter."""
    return StripeError(
        status, "invalid_request_error", f"No such {kind}: '{object_id}'", code="resource_missing", param=param
    )


def unrecognized_url(method: str, path: str) -> StripeError:
    return StripeError(
        404,
        "invalid_request_error",
        f"Unrecognized request URL ({method}: {path}). Please see https://stripe.com/docs "
        "or we can help at https://support.stripe.com/.",
    )


# -- form bodies ---------------------------------------------------------------------------------------------------

_KEY = re.compile(r"^([^\[\]]+)((?:\[[^\[\]]*\])*)$")
_PART = re.compile(r"\[([^\[\]]*)\]")


def parse_form(pairs: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """Turn ``a[b][0][c]=1`` and ``expand[]=x`` pairs into nested dicts and lists, the way Stripe reads them."""
    root: dict[str, Any] = {}
    for key, value in pairs:
        match = _KEY.match(key)
        if not match:
            raise invalid(f"Invalid parameter name: {key}", param=key)
        parts = [match.group(1), *_PART.findall(match.group(2))]
        node = root
        for position, part in enumerate(parts):
            if part == "":
                part = str(len(node))
            if position == len(parts) - 1:
                if isinstance(node.get(part), dict):
                    raise invalid(f"Invalid hash: {key}", param=key)
                node[part] = value
            else:
                child = node.setdefault(part, {})
                if not isinstance(child, dict):
                    raise invalid(f"Invalid hash: {key}", param=key)
                node = child
    return _listify(root)


def _listify(node: Any) -> Any:
    if not isinstance(node, dict):
        return node
    converted = {key: _listify(value) for key, value in node.items()}
    if converted and all(key.isdigit() for key in converted):
        return [converted[key] for key in sorted(converted, key=int)]
    return converted


# -- parameter readers ---------------------------------------------------------------------------------------------


def check_known(params: Mapping[str, Any], allowed: Iterable[str]) -> None:
    allowed = set(allowed) | {"expand"}
    for name in params:
        if name not in allowed:
            raise invalid(f"Received unknown parameter: {name}", param=name, code="parameter_unknown")


def check_known_nested(params: Mapping[str, Any], name: str, allowed: Iterable[str]) -> dict[str, Any]:
    value = params.get(name, {})
    if value == "":
        return {}
    if not isinstance(value, dict):
        raise invalid(f"Invalid object: {name}", param=name)
    allowed = set(allowed)
    for key in value:
        if key not in allowed:
            raise invalid(
                f"Received unknown parameter: {name}[{key}]", param=f"{name}[{key}]", code="parameter_unknown"
            )
    return value


def missing(param: str) -> StripeError:
    return invalid(f"Missing required param: {param}.", param=param, code="parameter_missing")


def read_str(
    params: Mapping[str, Any], name: str, *, required: bool = False, choices: Iterable[str] | None = None, label=None
) -> str | None:
    label = label or name
    value = params.get(name)
    if value is None or value == "":
        if required:
            raise missing(label)
        return None
    if not isinstance(value, str):
        raise invalid(f"Invalid string: {label}", param=label)
    if choices is not None and value not in set(choices):
        options = ", ".join(sorted(choices))
        raise invalid(f"Invalid {label}: must be one of {options}", param=label)
    return value


def read_int(
    params: Mapping[str, Any], name: str, *, required: bool = False, minimum: int | None = None, label=None
) -> int | None:
    label = label or name
    value = params.get(name)
    if value is None or value == "":
        if required:
            raise missing(label)
        return None
    if not isinstance(value, str) or not re.fullmatch(r"-?\d+", value):
        raise invalid(f"Invalid integer: {value}", param=label, code="parameter_invalid_integer")
    number = int(value)
    if minimum is not None and number < minimum:
        raise invalid(f"This value must be greater than or equal to {minimum}.", param=label)
    return number


def read_bool(params: Mapping[str, Any], name: str, *, default: bool = False) -> bool:
    value = params.get(name)
    if value is None or value == "":
        return default
    if value not in ("true", "false"):
        raise invalid(f"Invalid boolean: {value}", param=name)
    return value == "true"


def read_currency(params: Mapping[str, Any], name: str = "currency", *, required: bool = True, label=None) -> str:
    value = read_str(params, name, required=required, label=label)
    if value is None:
        return None
    if not re.fullmatch(r"[A-Za-z]{3}", value):
        raise invalid(f"Invalid currency: {value.lower()}.", param=label or name)
    return value.lower()


def read_url(params: Mapping[str, Any], name: str, *, required: bool = False, label=None) -> str | None:
    value = read_str(params, name, required=required, label=label)
    if value is not None and not re.match(r"^https?://[^\s/]+", value):
        raise invalid("Not a valid URL", param=label or name, code="url_invalid")
    return value


def read_metadata(params: Mapping[str, Any], name: str = "metadata", *, label=None) -> dict[str, str]:
    """Stripe's metadata rules: at most 50 keys, keys up to 40 characters, values up to 500; an empty value unsets."""
    label = label or name
    value = params.get(name)
    if value is None or value == "":
        return {}
    if not isinstance(value, dict):
        raise invalid("Invalid object", param=label)
    if len(value) > 50:
        raise invalid("Metadata can have up to 50 keys.", param=label)
    metadata = {}
    for key, item in value.items():
        if not isinstance(item, str):
            raise invalid("Metadata values must be strings.", param=f"{label}[{key}]")
        if len(key) > 40:
            raise invalid("Metadata keys can be up to 40 characters long.", param=f"{label}[{key}]")
        if len(item) > 500:
            raise invalid("Metadata values can be up to 500 characters long.", param=f"{label}[{key}]")
        if item != "":
            metadata[key] = item
    return metadata


def read_expand(params: Mapping[str, Any]) -> list[str]:
    value = params.get("expand", [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise invalid("Invalid array", param="expand")
    return value


# -- webhooks ------------------------------------------------------------------------------------------------------


def event_payload(event: Mapping[str, Any]) -> bytes:
    """The body Stripe posts to a webhook endpoint: the event as pretty-printed JSON."""
    return json.dumps(event, indent=2).encode()


def sign_payload(payload: bytes | str, secret: str, timestamp: int | None = None) -> str:
    """A ``Stripe-Signature`` header value: ``t=<ts>,v1=<hex HMAC-SHA256 of "<ts>.<payload>" with the secret>``."""
    if isinstance(payload, bytes):
        payload = payload.decode()
    timestamp = int(time.time()) if timestamp is None else int(timestamp)
    signature = hmac.new(secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={signature}"
