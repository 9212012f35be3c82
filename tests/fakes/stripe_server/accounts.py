"""Connected accounts and their onboarding."""

from __future__ import annotations

import copy
from typing import Any

from .constants import CAPABILITIES, COUNTRY_CURRENCY, PARAMS
from .wire import (
    check_known,
    check_known_nested,
    invalid,
    missing,
    read_bool,
    read_currency,
    read_metadata,
    read_str,
    read_url,
)


class Accounts:
    """``/v1/accounts``, ``/v1/account_links`` and the test controls of onboarding."""

    def _create_account(self) -> dict[str, Any]:
        context = self._context
        params = context.params
        check_known(params, PARAMS["create_account"])
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
        for name, options in check_known_nested(params, "capabilities", CAPABILITIES).items():
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
        check_known(params, PARAMS["create_account_link"])
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
