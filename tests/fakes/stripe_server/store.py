"""The fake's objects: creating them from Stripe's fixtures, who may see them, events, ``expand`` and lists, and
what tests read."""

from __future__ import annotations

import copy
import fnmatch
from collections.abc import Iterable, Mapping
from typing import Any

from .constants import LABELS
from .records import RecordedRequest
from .wire import check_known, event_payload, invalid, new_id, no_such, read_expand, read_int, read_str, sign_payload


class Store:
    """Objects by id, their owners and events; the mixins of each resource build on these."""

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
            label = LABELS.get(object_name, object_name)
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
            and created_matches(obj, params.get("created"))
            and (where is None or where(obj))
        ]
        ids = [obj["id"] for obj in items]
        starting_after, ending_before = read_str(params, "starting_after"), read_str(params, "ending_before")
        for name, cursor in (("starting_after", starting_after), ("ending_before", ending_before)):
            if cursor is not None and cursor not in ids:
                raise no_such(LABELS.get(object_name, object_name), cursor, param=name, status=400)
        if starting_after is not None:
            items = items[ids.index(starting_after) + 1 :]
            page, has_more = items[:limit], len(items) > limit
        elif ending_before is not None:
            items = items[: ids.index(ending_before)]
            page, has_more = items[-limit:], len(items) > limit
        else:
            page, has_more = items[:limit], len(items) > limit
        return self._out({"object": "list", "data": page, "has_more": has_more, "url": url})

    def _list_events(self) -> dict[str, Any]:
        types = self._context.params.get("types")
        if types is not None and not isinstance(types, list):
            raise invalid("Invalid array", param="types")
        return self._list(
            "event", "/v1/events", ("type",), known=("types",), where=lambda e: types is None or e["type"] in types
        )


def created_matches(obj: Mapping[str, Any], created: Any) -> bool:
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
