"""The fake's plain records: a recorded request, a response, an injected failure, the request being answered, and
the errors they become."""

from __future__ import annotations

import fnmatch
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .wire import StripeError


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
class Failure:
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
class Context:
    method: str
    path: str
    params: dict[str, Any]
    account: str | None
    request_id: str | None
    idempotency_key: str | None


class CardDeclined(Exception):
    """A card error raised after the state change was made: Stripe keeps the failed charge and intent."""

    def __init__(self, error: StripeError):
        super().__init__(error.message)
        self.error = error


def injected_error(failure: Failure) -> StripeError:
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


def to_json(body: Mapping[str, Any]) -> bytes:
    return json.dumps(body).encode()
