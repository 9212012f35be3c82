"""Each staff group opens the admin screens its work needs and no others, signed in with the
second factor, and none of them without it (migrations: accounts 0004 and 0006, passport 0003
and 0004, ratings 0002, search 0003, bookings 0002, payments 0004; the table is docs/staff.md)."""

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from marketplace.accounts.models import Language

EDITORS, MODERATORS, REVIEWERS, SUPPORT = "Editors", "Moderators", "Passport reviewers", "Support"
GROUPS = (EDITORS, MODERATORS, REVIEWERS, SUPPORT)
CONTENT = {EDITORS, MODERATORS}

# Screen (URL name) -> the groups that open it; every other group is refused.
SCREENS = {
    "wagtailadmin_explore_root": CONTENT,
    "wagtailsnippets_accounts_skill:list": CONTENT,
    "wagtailsnippets_accounts_skill:add": CONTENT,
    "wagtailsnippets_accounts_skillcategory:list": CONTENT,
    "wagtailsnippets_accounts_skillcategory:add": CONTENT,
    "wagtailsnippets_accounts_language:list": CONTENT,
    "wagtailsnippets_accounts_language:add": CONTENT,
    "wagtailsnippets_passport_competencetemplate:list": CONTENT,
    "wagtailsnippets_passport_competencetemplate:add": CONTENT,
    "wagtailredirects:index": CONTENT,
    "wagtailredirects:add": CONTENT,
    "search_report": CONTENT,
    "rating_moderation:index": CONTENT,
    "wagtailimages:index": CONTENT,
    "wagtaildocs:index": CONTENT,
    "wagtailsnippets_accounts_profile:list": {MODERATORS},
    "passport_review:index": {REVIEWERS},
    "payment_disputes:index": {SUPPORT},
    "payments_overview:index": {SUPPORT},
    "data_requests:index": {SUPPORT},
    "booking_admin:index": {SUPPORT},
    # The site's structure and its people stay with superusers.
    "wagtailusers_users:index": set(),
    "wagtailusers_groups:index": set(),
    "wagtailsites:index": set(),
}
# What each group finds in its admin menu (by address), and what it must not.
MENU = {
    EDITORS: {
        "wagtailsnippets_accounts_skill:list",
        "wagtailsnippets_accounts_language:list",
        "wagtailsnippets_passport_competencetemplate:list",
        "wagtailredirects:index",
        "search_report",
        "rating_moderation:index",
    },
    MODERATORS: {
        "wagtailsnippets_accounts_skill:list",
        "wagtailsnippets_accounts_language:list",
        "wagtailsnippets_passport_competencetemplate:list",
        "wagtailredirects:index",
        "search_report",
        "rating_moderation:index",
        "wagtailsnippets_accounts_profile:list",
    },
    REVIEWERS: {"passport_review:index"},
    SUPPORT: {"payment_disputes:index", "payments_overview:index", "booking_admin:index", "data_requests:index"},
}
EVERY_MENU_ITEM = set().union(*MENU.values()) | {"wagtailusers_users:index", "wagtailsites:index"}


def opens(client, url) -> bool:
    return client.get(url).status_code == 200


def menu_addresses(client) -> set[str]:
    html = client.get("/admin/").content.decode()
    props = re.search(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S)
    assert props, "no sidebar on the dashboard"
    return set(re.findall(r'"url": "([^"]+)"', json.dumps(json.loads(props.group(1)))))


@pytest.mark.parametrize("group", GROUPS)
def test_each_group_opens_the_screens_its_work_needs_and_no_others(group, make_staff):
    client = Client()
    client.force_login(make_staff(groups=(group,)), backend="django.contrib.auth.backends.ModelBackend")

    wrong = [
        f"{name}: {'refused' if group in allowed else 'opened'}"
        for name, allowed in SCREENS.items()
        if opens(client, reverse(name)) != (group in allowed)
    ]

    assert not wrong, wrong


@pytest.mark.parametrize("group", GROUPS)
def test_each_group_finds_its_screens_in_the_admin_menu_and_no_others(group, make_staff):
    client = Client()
    client.force_login(make_staff(groups=(group,)), backend="django.contrib.auth.backends.ModelBackend")

    menu = menu_addresses(client)

    assert {name for name in MENU[group] if reverse(name) not in menu} == set()
    assert {name for name in EVERY_MENU_ITEM - MENU[group] if reverse(name) in menu} == set()


def test_editors_edit_a_language_but_only_moderators_edit_a_profile(make_staff, freelancer):
    language = Language.objects.create(code="fi", name="Finnish")
    for group, profile_opens in ((EDITORS, False), (MODERATORS, True)):
        client = Client()
        client.force_login(make_staff(groups=(group,)), backend="django.contrib.auth.backends.ModelBackend")
        assert opens(client, reverse("wagtailsnippets_accounts_language:edit", args=[language.pk]))
        assert (
            opens(client, reverse("wagtailsnippets_accounts_profile:edit", args=[freelancer.profile.pk]))
            == profile_opens
        )
        # Languages are held by members' profiles: only a superuser deletes one.
        assert not opens(client, reverse("wagtailsnippets_accounts_language:delete", args=[language.pk]))


@pytest.mark.parametrize("group", GROUPS)
def test_without_the_second_factor_no_group_opens_any_admin_screen(group, make_staff):
    client = Client()
    client.force_login(
        make_staff(groups=(group,), second_factor=False), backend="django.contrib.auth.backends.ModelBackend"
    )

    opened = [name for name in SCREENS if opens(client, reverse(name))]

    assert not opened
    assert client.get("/admin/").status_code == 302
