"""A new staff member's first way into the admin, in Chromium at desktop and phone sizes: the
password once, TOTP switched on without being asked for the password again, the recovery codes
in the account pages' column with their buttons under the codes and the way on to the admin
first among them (judged by axe and the Nu checker), then the admin itself."""

import re
import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import expect

from marketplace.accounts.models import User
from tests.conftest import PASSWORD

from .conftest import DESKTOP, PHONE, served_html, track


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_new_staff_member_signs_in_once_switches_totp_on_and_goes_on_to_the_admin(
    site, browser_context, judges, viewport
):
    user = User.objects.create_user(
        email="signe@valund.example", password=PASSWORD, is_staff=True, is_superuser=True, role=User.Role.ADMIN
    )
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    page = track(browser_context(viewport=viewport).new_page())

    page.goto("/admin/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    # Straight on to switching TOTP on: the password typed a moment ago is not asked for again.
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/"))
    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label("Authenticator code").fill(current_code(secret))
    judges.check(page, f"switch-on-totp-{viewport['width']}", html=served_html(page))
    page.get_by_role("button", name="Switch on").click()

    expect(page).to_have_url(re.compile(r"/accounts/2fa/recovery-codes/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Recovery codes")
    judges.check(page, f"recovery-codes-{viewport['width']}", html=served_html(page))
    codes = page.get_by_label("Unused codes").bounding_box()
    go_on = page.get_by_role("link", name="Continue to the admin")
    first_button = page.locator(".form-actions .button").first.bounding_box()
    assert go_on.bounding_box() == first_button
    # In the column, lined up with the codes, not at the page's left edge.
    assert abs(first_button["x"] - codes["x"]) <= 1, (first_button, codes)
    assert first_button["y"] > codes["y"] + codes["height"]

    go_on.click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    judges.assert_clean()
